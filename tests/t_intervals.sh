# t_intervals.sh — conformal intervals end to end: the calibration stored
# in the model, predict's lower,upper and sizing, eval's coverage rows, and
# the one-line errors for a level that makes no sense.
. "$TOP/tests/lib.sh"

"$BIN/scaleahead-datagen" --profile seed --days 4 --seed 5 -o "$WORK/m.csv" 2>/dev/null
"$BIN/scaleahead-train" -q --data "$WORK/m.csv" --arch original --hidden 8 --layers 1 \
    --seq-len 12 --epochs 2 -o "$WORK/a.h5" >/dev/null
if command -v h5dump >/dev/null 2>&1; then
    # 1140 windows: 798 train, 171 validation (floor(0.85 W) - floor(0.7 W)).
    check "model file: /calibration/scores holds the 171 validation residuals" \
        sh -c "h5dump -H -d /calibration/scores '$WORK/a.h5' | grep -q '( 171 )'"
    check "model file: the score is recorded" \
        sh -c "h5dump -a /calibration/score '$WORK/a.h5' | grep -q '\"absolute\"'"
fi

# --adapt-gamma 0: plain split conformal (predict adapts by 0.005 by default over a file)
"$BIN/scaleahead-predict" --model "$WORK/a.h5" --adapt-gamma 0 "$WORK/m.csv" >"$WORK/p.csv"
check "predict: a single model writes lower,upper" \
    [ "$(head -1 "$WORK/p.csv")" = "timestamp,actual,predicted,lower,upper,decision" ]
check "predict: constant half-width around the forecast (absolute scores)" awk -F, '
    NR == 2 { w = $5 - $3 } NR > 1 { if ((($5 - $3) - w) ^ 2 > 1e-6 || (($3 - $4) - w) ^ 2 > 1e-6) bad = 1 }
    END { exit bad }' "$WORK/p.csv"
"$BIN/scaleahead-predict" --model "$WORK/a.h5" --coverage 0.5 --adapt-gamma 0 "$WORK/m.csv" >"$WORK/p50.csv"
check "predict: --coverage 0.5 is narrower than 0.9" sh -c "
    [ \$(awk -F, 'NR == 2 { print (\$5 - \$4 < $(awk -F, 'NR == 2 { print $5 - $4 }' "$WORK/p.csv")) }' '$WORK/p50.csv') = 1 ]"
"$BIN/scaleahead-predict" --model "$WORK/a.h5" "$WORK/m.csv" >"$WORK/default.csv"
"$BIN/scaleahead-predict" --model "$WORK/a.h5" --adapt-gamma 0.005 "$WORK/m.csv" >"$WORK/g005.csv"
check "predict: over a file the level adapts by default (ACI step 0.005, as given)" sh -c "
    cmp -s '$WORK/default.csv' '$WORK/g005.csv' && ! cmp -s '$WORK/default.csv' '$WORK/p.csv'"
"$BIN/scaleahead-predict" --model "$WORK/a.h5" --last "$WORK/m.csv" >"$WORK/last0.csv"
check "predict --last: plain split conformal by default (the full run's last at --adapt-gamma 0)" \
    [ "$(tail -1 "$WORK/last0.csv")" = "$(tail -1 "$WORK/p.csv")" ]
"$BIN/scaleahead-predict" --model "$WORK/a.h5" --adapt-gamma 0.05 "$WORK/m.csv" >"$WORK/aci.csv"
check "predict --adapt-gamma: widths vary as the level adapts" sh -c "
    [ \$(awk -F, 'NR > 1 { print \$5 - \$4 }' '$WORK/aci.csv' | sort -u | wc -l) -gt 1 ]"
"$BIN/scaleahead-predict" --model "$WORK/a.h5" --last --instances 3 --target-cpu 10 "$WORK/m.csv" >"$WORK/n.csv"
check "predict --instances: an instances column after the decision" \
    [ "$(head -1 "$WORK/n.csv")" = "timestamp,actual,predicted,lower,upper,decision,instances" ]
check "predict --instances: needed = ceil(upper x 3 / 10), decision by it" awk -F, '
    NR == 2 { n = int($5 * 3 / 10); if (n < $5 * 3 / 10) n++; d = n > 3 ? "scale_up" : n < 3 ? "scale_down" : "hold"
              exit !($7 == n && $6 == d) }' "$WORK/n.csv"

"$BIN/scaleahead-eval" --model "$WORK/a.h5" --json "$WORK/ev.json" >"$WORK/ev.out"
check "eval: interval rows for the model and every baseline" sh -c "
    for m in model persistence seasonal_naive linear_ar holt_winters; do
        grep -qE \"^\$m +absolute +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9]+\$\" '$WORK/ev.out' || exit 1
    done"
check "eval: the JSON has coverage by thirds" grep -q '"coverage_last_third"' "$WORK/ev.json"

expect_exit "predict: --coverage 1 is a usage error" 2 "coverage 1: .*between 0 and 1" \
    "$BIN/scaleahead-predict" --model "$WORK/a.h5" --coverage 1 "$WORK/m.csv"
expect_exit "eval: --coverage 0 is a usage error" 2 "coverage 0: .*between 0 and 1" \
    "$BIN/scaleahead-eval" --model "$WORK/a.h5" --coverage 0
expect_exit "predict: --coverage 0.999 needs 999 residuals" 1 "needs at least 999 calibration residuals; the model has 171" \
    "$BIN/scaleahead-predict" --model "$WORK/a.h5" --coverage 0.999 "$WORK/m.csv"

# The simulator's quantile policy and sweep on the same model (horizon 1,
# 15-minute rows... here 5-minute rows: a 300 s warm-up is one step).
SIM="$BIN/scaleahead-sim -q"
$SIM --model "$WORK/a.h5" --policy predictive --quantile 0.9 "$WORK/m.csv" >"$WORK/q.txt"
check "sim --quantile: the column is named by its level" grep -q "predictive q0.9" "$WORK/q.txt"
check "sim: slack and under-provisioning rows" \
    sh -c "grep -q '^mean slack (% of need)' '$WORK/q.txt' && grep -q '^under-provisioned i-min' '$WORK/q.txt'"
check "sim: the report says demand is cpu x N0 without an instances column" \
    grep -q "demand = cpu x 2 (--base-instances; the CSV has no instances column)" "$WORK/q.txt"
$SIM --model "$WORK/a.h5" --sweep-quantile 0.5,0.9,0.99 --plots "$WORK/sw" "$WORK/m.csv" >"$WORK/sw.txt"
check "sim --sweep-quantile: one row per level, then reactive and target" sh -c "
    [ \$(grep -cE '^predictive q0\.(5|9|99) ' '$WORK/sw.txt') -eq 3 ] &&
    grep -q '^reactive ' '$WORK/sw.txt' && grep -q '^target ' '$WORK/sw.txt'"
check "sim --sweep-quantile: a higher level costs at least as much" awk '
    /^predictive q0.5 / { a = $4 } /^predictive q0.99 / { b = $4 } END { exit !(b >= a) }' "$WORK/sw.txt"
check "sim --sweep-quantile: the frontier script and data" \
    sh -c "[ -s '$WORK/sw/frontier.gp' ] && [ -s '$WORK/sw/frontier.dat' ]"
if command -v gnuplot >/dev/null 2>&1; then
    check "sim --sweep-quantile: the frontier PNG" [ -s "$WORK/sw/frontier.png" ]
fi
"$BIN/scaleahead-sim" --model "$WORK/a.h5" --policy predictive --quantile 0.9 --warmup 600 \
    "$WORK/m.csv" >/dev/null 2>"$WORK/warn"
check "sim: a warning when the horizon is shorter than the warm-up" \
    grep -q "warning: the forecasts look 300s ahead but a new instance serves 600s after launch" "$WORK/warn"
awk -F, 'BEGIN { OFS = "," } NR == 1 { print $0, "instances"; next } { print $0, (NR < 600 ? 2 : 3) }' \
    "$WORK/m.csv" >"$WORK/inst.csv"
$SIM --policy reactive "$WORK/inst.csv" >"$WORK/inst.txt"
check "sim: an instances column sets the demand" grep -q "demand = cpu x the instances column" "$WORK/inst.txt"
"$BIN/scaleahead-predict" -q --model "$WORK/a.h5" "$WORK/m.csv" | cut -d, -f1-3,6 >"$WORK/noint.csv"
expect_exit "sim: --quantile on predictions without upper" 1 "--quantile needs intervals" \
    $SIM --predictions "$WORK/noint.csv" --policy predictive --quantile 0.9 "$WORK/m.csv"
expect_exit "sim: --quantile 1.5" 2 "quantile 1.5: .*between 0 and 1" \
    $SIM --model "$WORK/a.h5" --quantile 1.5 "$WORK/m.csv"
expect_exit "sim: --floor sometimes" 2 "floor sometimes: want reactive or none" \
    $SIM --model "$WORK/a.h5" --quantile 0.9 --floor sometimes "$WORK/m.csv"
expect_exit "sim: --sweep-quantile with a bad level" 2 "sweep-quantile 0.5,1: want" \
    $SIM --model "$WORK/a.h5" --sweep-quantile 0.5,1 "$WORK/m.csv"
expect_exit "sim: --adapt-gamma without a model" 2 "adapt-gamma needs --model" \
    $SIM --adapt-gamma 0.01 "$WORK/m.csv"
# A small fleet bound (--min 1, ceiling 30 %) so that the bounds' widths show in the cost.
$SIM --model "$WORK/a.h5" --policy predictive --quantile 0.9 --min 1 --quantile-cpu 30 \
    "$WORK/m.csv" >"$WORK/q1.txt"
$SIM --model "$WORK/a.h5" --policy predictive --quantile 0.9 --min 1 --quantile-cpu 30 \
    --adapt-gamma 0.2 "$WORK/m.csv" >"$WORK/qa.txt"
check "sim --adapt-gamma: the quantile policy runs on the adapted bounds, and they change it" \
    sh -c "grep -q 'predictive q0.9' '$WORK/qa.txt' && ! cmp -s '$WORK/q1.txt' '$WORK/qa.txt'"

# eval's plots say what they show: the forecast with the model's interval
# as a band (bounds in the data, every forecast inside its own), and the
# training curves under the loss each model trained with.
"$BIN/scaleahead-eval" --model "$WORK/a.h5" --plots "$WORK/pl" >/dev/null 2>&1
check "eval --plots: the forecast plot draws the 90% interval as a band" \
    sh -c "grep -q 'using 1:4:5 with filledcurves' '$WORK/pl/forecast.gp' && grep -q \"title '90% interval\" '$WORK/pl/forecast.gp'"
check "eval --plots: lower <= forecast <= upper on every row of the data" awk '
    /^#/ { next } { n++; if (NF != 5 || $4 > $3 || $3 > $5) bad = 1 } END { exit bad || n < 10 }' "$WORK/pl/forecast.dat"
check "eval --plots: an MSE model's training curves are labelled MSE" \
    grep -q "set ylabel 'MSE on the scaled target'" "$WORK/pl/training.gp"
"$BIN/scaleahead-train" -q --data "$WORK/m.csv" --arch robust --epochs 2 -o "$WORK/r.h5" >/dev/null
"$BIN/scaleahead-eval" --model "$WORK/r.h5" --plots "$WORK/pr" >/dev/null 2>&1
check "eval --plots: a robust (L1) model's training curves are labelled L1" \
    grep -q "set ylabel 'L1 on the scaled target'" "$WORK/pr/training.gp"
