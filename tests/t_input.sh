# t_input.sh — the friendlier CSV of train, eval and predict: header names
# in any case, --time-column, tab and semicolon files, --delimiter, JSON
# and UTF-16 refused with the command that reads them, --snap for jitter,
# the import command named by duplicate and off-grid errors, and --column
# so a model trained on one column name reads another.
. "$TOP/tests/lib.sh"

"$BIN/scaleahead-datagen" --profile seed --days 2 --seed 3 -o "$WORK/m.csv" 2>/dev/null
# A CloudWatch-style two-column export, capitalised.
cut -d, -f1,2 "$WORK/m.csv" | sed '1s/.*/Timestamp,Value/' >"$WORK/cap.csv"
train() { "$BIN/scaleahead-train" -q --arch original --hidden 4 --layers 1 --seq-len 12 \
          --epochs 1 --threads 1 "$@" >/dev/null; }
train --data "$WORK/cap.csv" --target value -o "$WORK/v.h5"
check "train: Timestamp,Value matched ignoring case" [ -s "$WORK/v.h5" ]

tr ',' ';' <"$WORK/cap.csv" | sed '1s/Timestamp/Time/' >"$WORK/semi.csv"
expect_exit "train: no timestamp column, but a Time column: names --time-column" 1 \
    "semi.csv:1: column timestamp: missing from the header \(read column 'Time' with --time-column Time\)" \
    "$BIN/scaleahead-train" --data "$WORK/semi.csv" --target value -o "$WORK/x.h5"
"$BIN/scaleahead-predict" -q --model "$WORK/v.h5" --last "$WORK/cap.csv" >"$WORK/p1.csv"
"$BIN/scaleahead-predict" -q --model "$WORK/v.h5" --last --time-column time "$WORK/semi.csv" >"$WORK/p2.csv"
check "predict: semicolons detected, --time-column, same forecast" cmp -s "$WORK/p1.csv" "$WORK/p2.csv"
tr ',' '\t' <"$WORK/cap.csv" >"$WORK/tab.csv"
"$BIN/scaleahead-predict" -q --model "$WORK/v.h5" --last "$WORK/tab.csv" >"$WORK/p3.csv"
check "predict: tabs detected, same forecast" cmp -s "$WORK/p1.csv" "$WORK/p3.csv"
tr ',' '|' <"$WORK/cap.csv" >"$WORK/pipe.csv"
"$BIN/scaleahead-predict" -q --model "$WORK/v.h5" --last --delimiter '|' "$WORK/pipe.csv" >"$WORK/p4.csv"
check "predict: --delimiter '|'" cmp -s "$WORK/p1.csv" "$WORK/p4.csv"

# A model trained on value reads a CPUUtilization column.
sed '1s/Value/CPUUtilization/' "$WORK/cap.csv" >"$WORK/cw.csv"
expect_exit "predict: a column the model needs is missing: names --column" 1 \
    "column value: missing from the header \(read another column as it with --column value=HEADER\)" \
    "$BIN/scaleahead-predict" --model "$WORK/v.h5" --last "$WORK/cw.csv"
"$BIN/scaleahead-predict" -q --model "$WORK/v.h5" --last --column value=CPUUtilization "$WORK/cw.csv" >"$WORK/p5.csv"
check "predict --column value=CPUUtilization: same forecast" cmp -s "$WORK/p1.csv" "$WORK/p5.csv"
cp "$WORK/cap.csv" "$WORK/other.csv"
"$BIN/scaleahead-eval" --model "$WORK/v.h5" --data "$WORK/cw.csv" --column value=CPUUtilization \
    >"$WORK/e.full"
"$BIN/scaleahead-eval" --model "$WORK/v.h5" --data "$WORK/other.csv" >"$WORK/e0.full"
check "eval --column: the renamed export is recognised as the training data by its rows" \
    grep -q "^part test: .*cw.csv is the model's training data: the model never saw this part" "$WORK/e.full"
tail -n +3 "$WORK/e.full" >"$WORK/e.out"
tail -n +3 "$WORK/e0.full" >"$WORK/e0.out"
check "eval --column: the same report as on the original names" \
    sh -c "[ -s '$WORK/e.out' ] && cmp -s '$WORK/e.out' '$WORK/e0.out'"

# Not CSV at all.
printf '{"MetricDataResults": []}\n' >"$WORK/cw.json"
expect_exit "train on JSON: says so and names scaleahead-import" 1 \
    "cw.json: looks like JSON .*scaleahead-import" \
    "$BIN/scaleahead-train" --data "$WORK/cw.json" -o "$WORK/x.h5"
printf '\377\376t\000i\000' >"$WORK/u16.csv"
expect_exit "predict on UTF-16: says so and names iconv" 1 "u16.csv: looks like UTF-16 .*iconv" \
    "$BIN/scaleahead-predict" --model "$WORK/v.h5" "$WORK/u16.csv"

# Jitter of a few seconds: an error naming --snap and the import, or --snap.
awk -F, 'NR == 1 { print; next } NR % 7 == 0 { split($1, d, /[-: ]/);
         t = mktime(d[1] " " d[2] " " d[3] " " d[4] " " d[5] " " d[6]) + 2;
         print strftime("%Y-%m-%d %H:%M:%S", t) "," $2; next } { print }' \
    "$WORK/cap.csv" >"$WORK/jit.csv" 2>/dev/null
if ! cmp -s "$WORK/jit.csv" "$WORK/cap.csv" && [ -s "$WORK/jit.csv" ]; then
    expect_exit "train on jitter: the error names --snap and scaleahead-import --step 300" 1 \
        "not a multiple of the step \(300 s\); --snap 30 moves jitter onto the grid, or resample it: scaleahead-import --step 300" \
        "$BIN/scaleahead-train" --data "$WORK/jit.csv" --target value -o "$WORK/x.h5"
    "$BIN/scaleahead-predict" -q --model "$WORK/v.h5" --last --snap 30 "$WORK/jit.csv" >"$WORK/p6.csv"
    check "predict --snap 30 on the jittered file: the same forecast" cmp -s "$WORK/p1.csv" "$WORK/p6.csv"
fi
awk 'NR == 40 { print; print; next } { print }' "$WORK/cap.csv" >"$WORK/dup.csv"
expect_exit "train on a duplicate row: the error names the import that fixes it" 1 \
    "dup.csv:41: column timestamp: duplicate timestamp .*scaleahead-import --step 300 .*dup.csv -o fixed.csv" \
    "$BIN/scaleahead-train" --data "$WORK/dup.csv" --target value -o "$WORK/x.h5"
"$BIN/scaleahead-import" -q --step 300 "$WORK/dup.csv" -o "$WORK/fixed.csv"
train --data "$WORK/fixed.csv" --target value -o "$WORK/f.h5"
check "the import the error names makes a file train reads" [ -s "$WORK/f.h5" ]

# --features-tz: stored in the model and used again by predict and eval.
"$BIN/scaleahead-train" -q --data "$WORK/m.csv" --arch original --hidden 4 --layers 1 --seq-len 12 \
    --epochs 1 --threads 1 --features cpu_utilization,hour,day_of_week --features-tz Europe/Berlin \
    -o "$WORK/tz.h5" >/dev/null
if command -v h5dump >/dev/null 2>&1; then
    check "train --features-tz: the zone is in /config" \
        sh -c "h5dump -a /config/features_tz '$WORK/tz.h5' | grep -q '\"Europe/Berlin\"'"
fi
"$BIN/scaleahead-train" -q --data "$WORK/m.csv" --arch original --hidden 4 --layers 1 --seq-len 12 \
    --epochs 1 --threads 1 --features cpu_utilization,hour,day_of_week -o "$WORK/utc.h5" >/dev/null
"$BIN/scaleahead-predict" -q --model "$WORK/tz.h5" "$WORK/m.csv" >"$WORK/tz.pred"
"$BIN/scaleahead-predict" -q --model "$WORK/utc.h5" "$WORK/m.csv" >"$WORK/utc.pred"
check "predict with a --features-tz model: as many forecasts, other numbers than UTC hours give" \
    sh -c "[ \$(wc -l <'$WORK/tz.pred') -eq \$(wc -l <'$WORK/utc.pred') ] && ! cmp -s '$WORK/tz.pred' '$WORK/utc.pred'"
check "eval reads a --features-tz model" sh -c "'$BIN/scaleahead-eval' --model '$WORK/tz.h5' | grep -q '^model '"
expect_exit "train --features-tz with an unknown zone" 1 "unknown time zone 'Nowhere/Town'" \
    "$BIN/scaleahead-train" --data "$WORK/m.csv" --features-tz Nowhere/Town -o "$WORK/x.h5"

# features and sim read the same files with the same flags.
sed '1s/cpu_utilization/CPU/' "$WORK/m.csv" | tr ',' ';' >"$WORK/semi_cpu.csv"
"$BIN/scaleahead-features" -q "$WORK/m.csv" >"$WORK/f0.csv"
"$BIN/scaleahead-features" -q --column cpu_utilization=CPU "$WORK/semi_cpu.csv" >"$WORK/f1.csv"
check "features --column on a semicolon file: the same features" cmp -s "$WORK/f0.csv" "$WORK/f1.csv"
"$BIN/scaleahead-sim" -q --policy reactive "$WORK/m.csv" >"$WORK/s0.out"
"$BIN/scaleahead-sim" -q --policy reactive --column cpu_utilization=CPU "$WORK/semi_cpu.csv" >"$WORK/s1.out"
check "sim --column on a semicolon file: the same report (less the line naming the file)" \
    sh -c "[ -s '$WORK/s0.out' ] && grep -v '^replayed' '$WORK/s0.out' >'$WORK/s0.cmp' &&
           grep -v '^replayed' '$WORK/s1.out' | cmp -s '$WORK/s0.cmp' -"
