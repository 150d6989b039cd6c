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

"$BIN/scaleahead-predict" --model "$WORK/a.h5" "$WORK/m.csv" >"$WORK/p.csv"
check "predict: a single model writes lower,upper" \
    [ "$(head -1 "$WORK/p.csv")" = "timestamp,actual,predicted,lower,upper,decision" ]
check "predict: constant half-width around the forecast (absolute scores)" awk -F, '
    NR == 2 { w = $5 - $3 } NR > 1 { if ((($5 - $3) - w) ^ 2 > 1e-6 || (($3 - $4) - w) ^ 2 > 1e-6) bad = 1 }
    END { exit bad }' "$WORK/p.csv"
"$BIN/scaleahead-predict" --model "$WORK/a.h5" --coverage 0.5 "$WORK/m.csv" >"$WORK/p50.csv"
check "predict: --coverage 0.5 is narrower than 0.9" sh -c "
    [ \$(awk -F, 'NR == 2 { print (\$5 - \$4 < $(awk -F, 'NR == 2 { print $5 - $4 }' "$WORK/p.csv")) }' '$WORK/p50.csv') = 1 ]"
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
