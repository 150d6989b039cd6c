# t_paths.sh — forecast paths (issue 23): train --steps S gives one model
# forecasting steps 1..S, each with its own interval; --steps 1 is the
# one-step model bit for bit; predict prints a path per origin (CSV rows
# per origin and step, JSON one object per origin with arrays, --last the
# S rows of the newest window); combinations that cannot be honoured are
# refused.
. "$TOP/tests/lib.sh"

# Two days of the seed's metrics at 5 minutes (576 rows), small and fast.
"$BIN/scaleahead-datagen" --days 2 --seed 5 -o "$WORK/d.csv" 2>/dev/null
train() { "$BIN/scaleahead-train" -q --data "$WORK/d.csv" --epochs 2 --threads 2 "$@" >/dev/null; }

# --steps 1 is today's model: the same weights, calibration and forecasts.
train -o "$WORK/plain.h5"
train --steps 1 -o "$WORK/one.h5"
content "$WORK/plain.h5" >"$WORK/plain.dump"
content "$WORK/one.h5" >"$WORK/one.dump"
check "paths: --steps 1 = no --steps, the whole file as h5dump shows it" \
    cmp -s "$WORK/plain.dump" "$WORK/one.dump"
check "paths: a one-step file has no steps attribute" sh -c "! grep -q '\"steps\"' '$WORK/plain.dump'"

# A path of 3 steps, of the robust preset (a path's default is auto, below).
train --arch robust --steps 3 -o "$WORK/p3.h5"
check "paths: --steps 3 trains (exit 0)" test $? -eq 0
h5dump -a /config/steps -a /config/horizon "$WORK/p3.h5" >"$WORK/p3.attrs" 2>&1
check "paths: /config steps 3 and horizon 3" \
    sh -c "grep -c '(0): 3' '$WORK/p3.attrs' | grep -qx 2"
h5ls -r "$WORK/p3.h5" >"$WORK/p3.ls"
check "paths: the last layer and the highway have 3 output rows, the calibration 3 rows" \
    sh -c "grep -q 'weights/fc.weight *Dataset {3, 32}' '$WORK/p3.ls' &&
           grep -q 'weights/fc.bias *Dataset {3}' '$WORK/p3.ls' &&
           grep -q 'weights/highway.weight *Dataset {3, 12}' '$WORK/p3.ls' &&
           grep -q 'calibration/scores *Dataset {3, [0-9]*}' '$WORK/p3.ls'"

# Without --arch, one step trains robust and a path --arch auto, which
# names what it kept (docs/paths.md, "The default model").
"$BIN/scaleahead-train" --data "$WORK/d.csv" --epochs 2 --threads 2 -o "$WORK/one_default.h5" \
    >"$WORK/one_default.out"
check "paths: the default --arch of one step is robust" \
    sh -c "grep -q '^robust ' '$WORK/one_default.out' && ! grep -q '^auto:' '$WORK/one_default.out'"
"$BIN/scaleahead-train" --data "$WORK/d.csv" --epochs 2 --threads 2 --steps 3 \
    -o "$WORK/p3_default.h5" >"$WORK/p3_default.out"
check "paths: the default --arch of a path is auto, and it says what it kept" \
    sh -c "grep -q '^auto: validation MAE of every candidate' '$WORK/p3_default.out' &&
           grep -q '^auto: kept ' '$WORK/p3_default.out'"
h5dump -a /config/steps "$WORK/p3_default.h5" >"$WORK/p3_default.attrs" 2>&1
check "paths: auto's path is a path of 3 steps" grep -q '(0): 3' "$WORK/p3_default.attrs"
h5dump -a /config/auto_baselines "$WORK/p3_default.h5" >"$WORK/p3_default.base" 2>&1
check "paths: a path's default auto keeps a network or persistence (auto_baselines persistence)" \
    sh -c "grep -q '\"persistence\"' '$WORK/p3_default.base' &&
           ! grep -q '^auto: kept \(holt_winters\|seasonal_naive\|linear_ar\)' '$WORK/p3_default.out'"
"$BIN/scaleahead-train" --data "$WORK/d.csv" --epochs 2 --threads 2 --steps 3 --hidden 8 \
    -o "$WORK/p3_hidden.h5" >"$WORK/p3_hidden.out"
check "paths: a path with a preset's setting (--hidden 8) trains robust, not auto" \
    sh -c "! grep -q '^auto:' '$WORK/p3_hidden.out' && grep -q '^robust ' '$WORK/p3_hidden.out'"

# predict --last: the 3 rows of the newest window.
"$BIN/scaleahead-predict" -q --model "$WORK/p3.h5" --last "$WORK/d.csv" >"$WORK/last.csv"
last_time=$(tail -1 "$WORK/d.csv" | cut -d, -f1)
check "paths: predict --last prints the header and 3 rows" test "$(wc -l <"$WORK/last.csv")" -eq 4
check "paths: the header is timestamp,origin,step,actual,predicted,lower,upper,decision" \
    test "$(head -1 "$WORK/last.csv")" = "timestamp,origin,step,actual,predicted,lower,upper,decision"
check "paths: --last: steps 1, 2, 3 from the last row, 5, 10 and 15 minutes on" \
    awk -F, -v o="$last_time" 'NR > 1 { n++; if ($2 != o || $3 != n || $4 != "") bad++ }
        NR == 2 && $1 != "2025-01-08 00:00:00" { bad++ }
        NR == 4 && $1 != "2025-01-08 00:10:00" { bad++ }
        END { exit !(n == 3 && !bad) }' "$WORK/last.csv"
check "paths: every step's interval holds its forecast, lower < predicted < upper" \
    awk -F, 'NR > 1 && !($6 < $5 && $5 < $7) { bad++ } END { exit bad > 0 }' "$WORK/last.csv"

# predict on the whole file: one row per origin and step; the actuals are
# the file's values at each row's timestamp.
"$BIN/scaleahead-predict" -q --model "$WORK/p3.h5" "$WORK/d.csv" >"$WORK/all.csv"
check "paths: predict prints 3 rows per window (36 rows of history: 541 windows)" \
    test "$(($(wc -l <"$WORK/all.csv") - 1))" -eq $((541 * 3))
check "paths: each row's actual is the file's value at its timestamp, empty beyond the file" \
    awk -F, 'NR == FNR { if (FNR > 1) v[$1] = $2; next }
        FNR > 1 { if ($1 in v) { if ($4 + 0 != v[$1] + 0) bad++; seen++ } else if ($4 != "") bad++ }
        END { exit !(seen > 1000 && !bad) }' "$WORK/d.csv" "$WORK/all.csv"

# JSON: one object per origin, arrays of 3.
"$BIN/scaleahead-predict" -q --model "$WORK/p3.h5" --last --format json "$WORK/d.csv" >"$WORK/last.json"
check "paths: --format json --last: one object, the steps in arrays of 3" \
    sh -c "test \$(wc -l <'$WORK/last.json') -eq 1 &&
           grep -q '\"origin\": \"$last_time\", \"timestamp\": \\[\"2025-01-08 00:00:00\", \"2025-01-08 00:05:00\", \"2025-01-08 00:10:00\"\\], \"step\": \\[1, 2, 3\\]' '$WORK/last.json' &&
           grep -q '\"upper\": \\[[-0-9.e]*, [-0-9.e]*, [-0-9.e]*\\]' '$WORK/last.json'"

# eval by step: the table, the JSON's by_step, the skill plot.
"$BIN/scaleahead-eval" -q --model "$WORK/p3.h5" --json "$WORK/eval.json" --plots "$WORK/plots" \
    >"$WORK/eval.txt" 2>&1
check "paths: eval measures a path model (exit 0)" test $? -eq 0
check "paths: eval prints the table by step, rows 1, 2, 3 with coverage and width" \
    awk '/^by step/ { on = 1; next } on && /^step/ { head = /coverage%/; next }
        on && $1 ~ /^[0-9]+$/ { n++; if ($1 != n || NF != 12) bad++ }
        END { exit !(head && n == 3 && !bad) }' "$WORK/eval.txt"
# by_step arrays of the JSON, as "key v1 v2 v3" lines
tr -d '\n ' <"$WORK/eval.json" | sed 's/.*"by_step":{//; s/}.*//; s/\],"/]\n"/g; s/,"/\n"/g' |
    sed 's/^"\([a-z_0-9]*\)":\[*/\1 /; s/\]$//; s/,/ /g' >"$WORK/by_step"
check "paths: the JSON by_step has the steps, MAE and skill per rival, coverage and width" \
    sh -c "grep -q '^step 1 2 3' '$WORK/by_step' && grep -q '^model_mae ' '$WORK/by_step' &&
           grep -q '^skill_vs_persistence ' '$WORK/by_step' && grep -q '^coverage ' '$WORK/by_step' &&
           grep -q '^holt_winters_mae ' '$WORK/by_step'"
# the model row's MAE is the mean of its step MAEs (every step has the same windows)
overall=$(tr -d '\n ' <"$WORK/eval.json" | sed 's/.*"model":{"mae":\([-0-9.e]*\).*/\1/')
check "paths: the model's overall MAE is the mean of its three step MAEs" \
    awk -v o="$overall" '$1 == "model_mae" { m = ($2 + $3 + $4) / 3 }
        END { exit !(m > 0 && (m - o) ^ 2 < 1e-12 * o * o) }' "$WORK/by_step"
# persistence at step 3 by hand: the test part is the last 81 of 538 windows
# (576 rows, 36 in a window, 3 ahead), ending at data rows 492..572
check "paths: persistence's MAE at step 3 is mean |y[t+3] - y[t]| over the test windows" \
    awk -F, 'NR == FNR { if (FNR > 1) y[FNR - 2] = $2; next }
        /^persistence_mae / { split($0, v, " "); want = v[4] }
        END { for (t = 492; t <= 572; t++) { d = y[t + 3] - y[t]; s += d < 0 ? -d : d }
              got = s / 81; exit !((got - want) ^ 2 < 1e-10 * want * want) }' \
    "$WORK/d.csv" "$WORK/by_step"
check "paths: the skill-by-step plot has a row per step and a column per rival" \
    awk '!/^#/ { n++; if (NF != 5) bad++ } END { exit !(n == 3 && !bad) }' "$WORK/plots/skill_by_step.dat"
"$BIN/scaleahead-sim" -q --model "$WORK/p3.h5" --policy all --quantile 0.9 "$WORK/d.csv" \
    >"$WORK/sim.txt" 2>&1
check "paths: sim replays a path model, every policy with the quantile one (exit 0)" \
    sh -c "test $? -eq 0 && grep -q 'q0.9' '$WORK/sim.txt'"

# The forecast-only schedule: the newest path, one line per clock hour,
# instances = ceil(max upper x N / target) (by hand from --last's rows).
"$BIN/scaleahead-predict" -q --model "$WORK/p3.h5" --format schedule --instances 4 \
    --target-cpu 50 "$WORK/d.csv" >"$WORK/sched.csv"
check "paths: --format schedule: one hour (steps 1..3, 00:00-00:10) with the instances by hand" \
    awk -F, 'NR == FNR { if (FNR > 1 && $7 > u) u = $7; if (FNR > 1 && $5 > p) p = $5; next }
        FNR == 1 { head = $0 == "hour,first_step,last_step,predicted_max,upper_max,instances" }
        FNR == 2 { n = u * 4 / 50; want = n == int(n) ? n : int(n) + 1
                   ok = $1 == "2025-01-08 00:00:00" && $2 == 1 && $3 == 3 && ($4 - p) ^ 2 < 1e-8 &&
                        ($5 - u) ^ 2 < 1e-8 && $6 == want }
        END { exit !(head && ok && FNR == 2) }' "$WORK/last.csv" "$WORK/sched.csv"
# hourly data and 30 steps: one line per step, hours in order
awk -F, 'NR == 1 { print "timestamp,value"; next }
    { v = 40 + 20 * sin((NR % 24) / 24 * 6.2832) + (NR % 7); printf "%d,%.3f\n", 1700000000 + 3600 * NR, v }' \
    "$WORK/d.csv" | head -501 >"$WORK/hourly.csv"
"$BIN/scaleahead-train" -q --data "$WORK/hourly.csv" --target value --steps 30 --epochs 2 \
    -o "$WORK/h30.h5" >/dev/null
"$BIN/scaleahead-predict" -q --model "$WORK/h30.h5" --format schedule --instances 3 \
    "$WORK/hourly.csv" >"$WORK/h30.sched"
check "paths: hourly data, --steps 30: a schedule of 30 lines, one an hour, steps 1..30" \
    awk -F, 'FNR > 1 { n++; if ($2 != n || $3 != n) bad++; if (n > 1 && $1 <= last) bad++; last = $1 }
        END { exit !(n == 30 && !bad) }' "$WORK/h30.sched"
expect_exit "paths: --format schedule without --instances is a usage error" 2 "give --instances" \
    "$BIN/scaleahead-predict" -q --model "$WORK/p3.h5" --format schedule "$WORK/d.csv"
SCALEAHEAD="$TOP/$BIN" EPOCHS=2 MODEL="$WORK/ex48.h5" INSTANCES=5 \
    sh "$TOP/examples/schedule_48h.sh" "$WORK/hourly.csv" >"$WORK/ex48.out" 2>"$WORK/ex48.err"
check "paths: examples/schedule_48h.sh prints 48 hourly lines from an hourly import" \
    awk -F, 'FNR == 1 { head = $1 == "hour" } FNR > 1 { n++ } END { exit !(head && n == 48) }' \
    "$WORK/ex48.out"

# What cannot be honoured is refused.
expect_exit "paths: --steps 3 with --horizon 2 is a usage error" 2 "--steps 3 forecasts steps 1..3" \
    "$BIN/scaleahead-train" -q --data "$WORK/d.csv" --steps 3 --horizon 2 -o "$WORK/bad.h5"
check "paths: nothing written for a refused combination" test ! -e "$WORK/bad.h5"
train --steps 3 --horizon 3 -o "$WORK/p3h.h5"
check "paths: --steps 3 --horizon 3 is the same path" test $? -eq 0
