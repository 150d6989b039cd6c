# t_rules.sh — one rule where the tools used to disagree (issue 25.5,
# 25.14, 25.15): what predict --last reads does not depend on the file's
# length or on stdin; every tool skips a torn last line; train and eval
# agree on an undefined skill; seasonal naive finds the value a day back
# across a gap; no number prints with dozens of digits; --last with
# --adapt-gamma adapts as the whole run does; sim notes hours missing.
. "$TOP/tests/lib.sh"

T="$BIN/scaleahead"
"$T-datagen" -q --profile seed --days 2 --seed 5 -o "$WORK/short.csv"    # 576 rows, 55 KB
"$T-datagen" -q --profile seed --days 30 --seed 5 -o "$WORK/long.csv"    # 8640 rows
"$T-train" -q --data "$WORK/short.csv" --arch original --hidden 4 --layers 1 --epochs 1 \
    --threads 1 -o "$WORK/m.h5" >/dev/null

# ---- 25.14 predict --last: one rule for every length and for stdin —
# the header and the rows the forecast reads; a bad row before them is not
# read, one among them is an error at its own line.
for f in short long; do
    rows=$(($(wc -l <"$WORK/$f.csv") - 1))
    awk 'NR == 6 { $0 = $1 ",N/A,1,2,3,4,0" } { print }' FS=, "$WORK/$f.csv" >"$WORK/${f}_bad.csv"
    "$T-predict" -q --model "$WORK/m.h5" --last "$WORK/$f.csv" >"$WORK/${f}_clean.out"
    "$T-predict" -q --model "$WORK/m.h5" --last "$WORK/${f}_bad.csv" >"$WORK/${f}_bad.out" 2>"$WORK/err"
    check "predict --last, $rows rows: a bad row 5 lines in is not read; the same forecast" \
        sh -c "[ -s '$WORK/${f}_bad.out' ] && cmp -s '$WORK/${f}_bad.out' '$WORK/${f}_clean.out'"
    "$T-predict" -q --model "$WORK/m.h5" --last - <"$WORK/${f}_bad.csv" >"$WORK/${f}_stdin.out" 2>"$WORK/err"
    check "predict --last, $rows rows on stdin: the same rule, the same forecast" \
        cmp -s "$WORK/${f}_stdin.out" "$WORK/${f}_clean.out"
    cat "$WORK/${f}_bad.csv" | "$T-predict" -q --model "$WORK/m.h5" --last >"$WORK/${f}_pipe.out" 2>"$WORK/err"
    check "predict --last, $rows rows through a pipe: the same" \
        cmp -s "$WORK/${f}_pipe.out" "$WORK/${f}_clean.out"
    awk -v at=$((rows - 2)) 'NR == at { $2 = "oops" } { print }' FS=, OFS=, "$WORK/$f.csv" >"$WORK/${f}_tail.csv"
    expect_exit "predict --last, $rows rows: a bad row among the last names its line" 1 \
        "${f}_tail\.csv:$((rows - 2)): column cpu_utilization: 'oops' is not a number" \
        "$T-predict" -q --model "$WORK/m.h5" --last "$WORK/${f}_tail.csv"
    expect_exit "predict --last, $rows rows on stdin: the same line" 1 \
        "stdin:$((rows - 2)): column cpu_utilization: 'oops' is not a number" \
        sh -c "'$T-predict' -q --model '$WORK/m.h5' --last - <'$WORK/${f}_tail.csv'"
done

# ---- 25.15 a torn last line (no line end yet): skipped with a note by
# every tool, never an error in one and a value in another
# (another day than the training data's: eval reads either file whole)
"$T-datagen" -q --profile seed --days 2 --seed 6 -o "$WORK/other.csv"
cp "$WORK/other.csv" "$WORK/torn.csv"
printf '2025-01-08 00:00:00,12.' >>"$WORK/torn.csv"
for run in "predict --model $WORK/m.h5 $WORK/torn.csv" "predict --model $WORK/m.h5 --last $WORK/torn.csv" \
           "eval --model $WORK/m.h5 --data $WORK/torn.csv" "features $WORK/torn.csv" "sim $WORK/torn.csv"; do
    # shellcheck disable=SC2086
    "$T-"$run >"$WORK/torn.out" 2>"$WORK/torn.err"
    rc=$?
    check "${run%% *}${run##*--last*}: a torn last line is skipped with a note (rc $rc)" \
        sh -c "[ $rc = 0 ] && grep -q 'torn.csv:578: the last line has no line end' '$WORK/torn.err'"
done
"$T-eval" -q --model "$WORK/m.h5" --data "$WORK/other.csv" >"$WORK/e_clean"
"$T-eval" -q --model "$WORK/m.h5" --data "$WORK/torn.csv" >"$WORK/e_torn"
check "eval: the torn file reads as the file without its torn line" \
    sh -c "tail -n +2 '$WORK/e_clean' | sed 's|other.csv|FILE|' >'$WORK/a'
           tail -n +2 '$WORK/e_torn' | sed 's|torn.csv|FILE|' >'$WORK/b'; cmp -s '$WORK/a' '$WORK/b'"

# ---- 25.15 skill is undefined, in train as in eval, where persistence is
# never wrong (a constant series)
awk 'BEGIN { print "timestamp,value"; for (i = 0; i < 600; i++) printf "%d,7\n", 1704067200 + 300 * i }' \
    >"$WORK/flat.csv"
"$T-train" --data "$WORK/flat.csv" --target value --arch original --hidden 4 --layers 1 \
    --epochs 1 --threads 1 -o "$WORK/flat.h5" >"$WORK/flat.out" 2>/dev/null
check "train: skill undef against a persistence that is never wrong (not +0.0%)" \
    grep -q "(skill undef)" "$WORK/flat.out"
"$T-eval" -q --model "$WORK/flat.h5" >"$WORK/flat.eval"
check "eval: the model's skill is undef too" \
    awk '$1 == "model" && $2 == "0" { found = 1; bad = $NF != "undef" } END { exit (!found || bad) }' \
    "$WORK/flat.eval"

# ---- 25.15 no number with dozens of digits: a huge training loss (an
# outlier of 1e30 in the robust transform's units) prints as 7.3e+26
awk -F, 'NR == 300 { $2 = "1e30" } { print }' OFS=, "$WORK/short.csv" >"$WORK/outlier.csv"
"$T-train" --data "$WORK/outlier.csv" --epochs 1 --threads 1 -o "$WORK/o.h5" >"$WORK/o.out" 2>"$WORK/o.err"
check "train: no printed number runs to 15 digits (table and progress)" \
    sh -c "[ -s '$WORK/o.out' ] && ! grep -qE '[0-9]{15}' '$WORK/o.out' '$WORK/o.err'"

# ---- 25.15 seasonal naive finds the value one day back by its time: an
# hour missing on the last day moves the rows, not the days before them
"$T-datagen" -q --profile seed --days 3 --seed 8 -o "$WORK/d3.csv"
awk 'NR < 780 || NR > 791' "$WORK/d3.csv" >"$WORK/gap.csv"
"$T-train" -q --data "$WORK/gap.csv" --arch original --hidden 4 --layers 1 --epochs 1 \
    --threads 1 -o "$WORK/g.h5" >/dev/null
"$T-eval" -q --model "$WORK/g.h5" >"$WORK/g.eval"
check "eval: no window after the gap is counted as missing its value a day back" \
    sh -c "grep -q '^seasonal_naive ' '$WORK/g.eval' && ! grep -q 'no value one day back' '$WORK/g.eval'"

# ---- 25.15 sim says when the trace has time missing
"$T-sim" "$WORK/gap.csv" >/dev/null 2>"$WORK/sim.err"
check "sim: a trace with an hour missing gets a note of it" \
    grep -q "gap.csv: 1 gap in the trace, 1 h with no rows" "$WORK/sim.err"
"$T-sim" "$WORK/d3.csv" >/dev/null 2>"$WORK/sim.err"
check "sim: no such note without gaps" sh -c "! grep -q 'gap' '$WORK/sim.err'"

# ---- 25.5 predict --last --adapt-gamma: the level adapts over the file's
# windows, so the interval is the whole run's last, and differs by gamma
# (a model that has learnt something: one that misses every window pins
# the level at its bound whatever gamma)
"$T-train" -q --data "$WORK/long.csv" --arch original --hidden 8 --layers 1 --epochs 3 \
    --threads 1 -o "$WORK/aci.h5" >/dev/null
for g in 0.01 0.2; do
    "$T-predict" -q --model "$WORK/aci.h5" --last --adapt-gamma $g "$WORK/long.csv" >"$WORK/last_$g"
    "$T-predict" -q --model "$WORK/aci.h5" --adapt-gamma $g "$WORK/long.csv" | tail -1 >"$WORK/all_$g"
    check "predict --last --adapt-gamma $g: the whole run's last row" \
        sh -c "[ \"\$(tail -1 '$WORK/last_$g')\" = \"\$(cat '$WORK/all_$g')\" ]"
done
check "predict --last --adapt-gamma: gamma 0.01 and 0.2 give different intervals" \
    sh -c "[ \"\$(tail -1 '$WORK/last_0.01')\" != \"\$(tail -1 '$WORK/last_0.2')\" ]"

# ---- 25.6 the robust (default) preset warns of inputs far outside the
# training range too, and the unit warning prints the training range
"$T-train" -q --data "$WORK/short.csv" --epochs 1 --threads 1 -o "$WORK/robust.h5" >/dev/null
awk -F, 'NR == 1 { print; next } { $2 = $2 * 10; print }' OFS=, "$WORK/short.csv" >"$WORK/x10.csv"
"$T-predict" --model "$WORK/robust.h5" --last "$WORK/x10.csv" >/dev/null 2>"$WORK/x10.err"
check "predict, robust model: a series at 10x its training level is warned of" \
    grep -q "x10.csv: [0-9]* input values lie more than 10% outside the training range" "$WORK/x10.err"
"$T-predict" --model "$WORK/robust.h5" --last "$WORK/short.csv" >/dev/null 2>"$WORK/x1.err"
check "predict, robust model: its own training data is not" sh -c "! grep -q 'outside' '$WORK/x1.err'"
awk -F, '{ print $1 "," $6 }' "$WORK/short.csv" | sed '1s/.*/timestamp,value/' >"$WORK/req.csv"
"$T-train" -q --data "$WORK/req.csv" --target value --epochs 1 --threads 1 -o "$WORK/req.h5" >/dev/null
"$T-predict" --model "$WORK/req.h5" --last "$WORK/req.csv" >/dev/null 2>"$WORK/req.err"
lo=$(sed -n 's/.*(training values \([0-9.e+-]*\) to \([0-9.e+-]*\)).*/\1/p' "$WORK/req.err")
hi=$(sed -n 's/.*(training values \([0-9.e+-]*\) to \([0-9.e+-]*\)).*/\2/p' "$WORK/req.err")
check "predict, robust model: the unit warning prints the training range of the requests ($lo to $hi)" \
    awk -v lo="$lo" -v hi="$hi" -F, 'NR > 1 { if (min == "" || $2 < min) min = $2; if ($2 > max) max = $2 }
        END { exit !(lo != "" && hi > 100 && lo >= min * 0.9999 && hi <= max * 1.0001) }' "$WORK/req.csv"
