# t_small.sh — a series too short or too wild for the networks (issue
# 25.11): --arch auto keeps the best baseline instead of failing, and a
# model trained on 60 rows is usable: its few calibration residuals give
# the widest interval they support at the default level, said plainly,
# while an explicit --coverage they cannot support stays an error.
. "$TOP/tests/lib.sh"

T="$BIN/scaleahead"
"$T-datagen" -q --profile seed --days 3 --seed 3 -o "$WORK/m.csv"
head -61 "$WORK/m.csv" >"$WORK/r60.csv"

# ---- 60 rows: 24 windows of 36 steps, 4 of them validation
"$T-train" -q --data "$WORK/r60.csv" --arch auto --epochs 3 --threads 1 -o "$WORK/a60.h5" \
    >"$WORK/a60.out" 2>"$WORK/a60.err"
rc=$?
check "auto on 60 rows: keeps a forecaster (rc $rc)" \
    sh -c "[ $rc = 0 ] && grep -q '^auto: kept ' '$WORK/a60.out' && [ -s '$WORK/a60.h5' ]"
"$T-predict" --model "$WORK/a60.h5" --last "$WORK/r60.csv" >"$WORK/p60" 2>"$WORK/p60.err"
rc=$?
check "predict: the 60-row model forecasts, with an interval (rc $rc)" \
    sh -c "[ $rc = 0 ] && tail -1 '$WORK/p60' | grep -qE '^[0-9: -]+,,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,'"
check "predict: says the interval is at 80%, the most 4 residuals support" \
    grep -q "holds 4 residuals, too few for a 90% interval: lower,upper are at 80.0%" "$WORK/p60.err"
"$T-eval" --model "$WORK/a60.h5" >"$WORK/e60" 2>/dev/null
rc=$?
check "eval: the 60-row model is measured, intervals at 80% (rc $rc)" \
    sh -c "[ $rc = 0 ] && grep -q '^intervals at 80.0%' '$WORK/e60'"
expect_exit "predict: an explicit --coverage 0.9 that 4 residuals cannot support is an error" 1 \
    "needs at least 9 calibration residuals; the model has 4" \
    "$T-predict" -q --model "$WORK/a60.h5" --coverage 0.9 "$WORK/r60.csv"
"$T-train" -q --data "$WORK/r60.csv" --arch linear --epochs 3 --threads 1 -o "$WORK/l60.h5" >/dev/null
"$T-predict" -q --model "$WORK/l60.h5" "$WORK/r60.csv" >"$WORK/pl60" 2>/dev/null
rc=$?
check "predict: --arch linear on 60 rows is usable too (rc $rc)" \
    sh -c "[ $rc = 0 ] && [ \$(wc -l <'$WORK/pl60') -gt 40 ]"

# ---- one value of 1e200: no network trains (its loss is infinite), the
# baselines that can run are measured and the best kept
awk -F, 'NR == 300 { $2 = "1e200" } { print }' OFS=, "$WORK/m.csv" >"$WORK/huge.csv"
"$T-train" -q --data "$WORK/huge.csv" --arch auto --epochs 2 --threads 1 -o "$WORK/huge.h5" \
    >"$WORK/huge.out" 2>/dev/null
rc=$?
check "auto with a 1e200 value: keeps a baseline (rc $rc)" \
    sh -c "[ $rc = 0 ] && grep -qE '^auto: kept (persistence|seasonal_naive), a BASELINE' '$WORK/huge.out'"
check "auto with a 1e200 value: the networks are listed with why they were not scored" \
    sh -c "[ \$(grep -c ',network,inf,inf,.*not scored: .*not finite' '$WORK/huge.out') -ge 2 ]"
"$T-predict" -q --model "$WORK/huge.h5" --last "$WORK/huge.csv" >"$WORK/ph" 2>/dev/null
rc=$?
check "predict: the kept baseline forecasts (rc $rc)" sh -c "[ $rc = 0 ] && [ \$(wc -l <'$WORK/ph') = 2 ]"
"$T-eval" -q --model "$WORK/huge.h5" >"$WORK/eh"
rc=$?
check "eval: baselines that cannot run on the data are left out, said so (rc $rc)" \
    sh -c "[ $rc = 0 ] && grep -q 'linear_ar left out: ' '$WORK/eh'"
