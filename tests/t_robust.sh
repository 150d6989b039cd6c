# t_robust.sh — the robust presets on degenerate series (issue 14.9): a
# series too short for the window is a one-line error; a constant, an
# all-zero series and one that holds still over its whole training part
# (a training scale of zero) train with the documented fallback (the
# target's scale becomes the mean step, else 1) and give finite forecasts,
# never NaN, in the model file and in predict's output.
. "$TOP/tests/lib.sh"

# series NAME ROWS EXPR: a two-column file of ROWS 5-minute rows whose value
# at row i is the awk expression EXPR.
series() {
    awk -v n="$2" 'BEGIN { print "timestamp,value"
        for (i = 0; i < n; i++) printf "%d,%s\n", 1700000000 + 300 * i, '"$3"' }' >"$WORK/$1.csv"
}

# Every predicted value of a predictions CSV is a finite number.
finite_predictions() {
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "predicted") c = i; next }
        { n++; if ($c !~ /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/) bad++ }
        END { exit !(c && n > 0 && !bad) }' "$1"
}

series short 30 5
expect_exit "robust: a series shorter than the window is a one-line error" 1 \
    "short.csv: 30 rows are too few for windows of 36 steps" \
    "$BIN/scaleahead-train" -q --data "$WORK/short.csv" --target value -o "$WORK/short.h5"
check "robust: nothing written for a series too short" test ! -e "$WORK/short.h5"

series constant 300 '"42.5"'
series zero 300 '"0"'
series still 300 'i < 250 ? "7" : 7 + (i % 3)'
for name in constant zero still; do
    "$BIN/scaleahead-train" -q --data "$WORK/$name.csv" --target value --epochs 3 \
        -o "$WORK/$name.h5" >/dev/null 2>"$WORK/$name.err"
    check "robust: a $name series trains (exit 0)" test $? -eq 0
    check "robust: $name: the model file has finite weights, transform and metrics (h5dump)" \
        sh -c "h5dump -g /weights -g /transform -g /metrics '$WORK/$name.h5' >'$WORK/$name.dump' &&
               grep -q highway.weight '$WORK/$name.dump' && ! grep -qi 'nan\|inf' '$WORK/$name.dump'"
    "$BIN/scaleahead-predict" -q --model "$WORK/$name.h5" -o "$WORK/$name.pred" "$WORK/$name.csv"
    check "robust: $name: every forecast is a finite number" finite_predictions "$WORK/$name.pred"
done
# The residual network starts at persistence; three epochs leave it within
# a fraction of the fallback scale (1) of it.
check "robust: a constant series forecasts itself (42.5 +- 0.25)" \
    awk -F, 'NR > 1 && ($3 < 42.25 || $3 > 42.75) { bad++ } END { exit bad > 0 }' \
    "$WORK/constant.pred"
check "robust: an all-zero series forecasts 0 (+- 0.25)" \
    awk -F, 'NR > 1 && ($3 < -0.25 || $3 > 0.25) { bad++ } END { exit bad > 0 }' "$WORK/zero.pred"
check "robust: the zero training scale falls back to 1 (/transform scale)" \
    sh -c "h5dump -a /transform/scale '$WORK/still.h5' | grep -q '(0): 1'"

# predict --last keeps only the rows the last forecast reads; with the
# seasonal channel that includes the day before, so it forecasts what the
# whole file does.
series daily 1200 'sprintf("%.3f", 50 + 20 * sin(i * 2 * 3.14159265 / 288) + (i * 7919 % 13) / 4)'
"$BIN/scaleahead-train" -q --data "$WORK/daily.csv" --target value --arch robust-seasonal \
    --epochs 2 -o "$WORK/daily.h5" >/dev/null 2>&1
"$BIN/scaleahead-predict" -q --model "$WORK/daily.h5" --adapt-gamma 0 -o "$WORK/daily.all" "$WORK/daily.csv"
"$BIN/scaleahead-predict" -q --model "$WORK/daily.h5" --last -o "$WORK/daily.last" "$WORK/daily.csv"
check "robust-seasonal: predict --last = the last forecast over the whole file" \
    sh -c "[ \"\$(tail -1 '$WORK/daily.all')\" = \"\$(tail -1 '$WORK/daily.last')\" ]"
