# t_seen.sh — honest evaluation and replay (issue 22 points 1-3, issue
# 25 item 7): a group's trace with an instances column trains a demand
# model by default (one note, the basis in the file), --no-demand keeps the
# CPU with a warning; eval and sim --model recognise the training data by
# its rows under any name (copy, hard link, symbolic link, absolute path,
# CRLF, stdin-trained), grown by appended rows, and evaluate or replay only
# the test part, saying which part and dates; another file is used whole,
# with a note where it overlaps the training period; a part of another file
# is refused, by eval and sim alike; a rate needs a capacity per instance.
. "$TOP/tests/lib.sh"
train() { "$BIN/scaleahead-train" --arch original --hidden 4 --layers 1 --seq-len 12 \
          --epochs 1 --threads 1 "$@"; }
"$BIN/scaleahead-datagen" --days 4 --seed 5 2>/dev/null | sh "$TOP/tools/group_trace.sh" \
    -c GroupInServiceInstances >"$WORK/g.csv"
"$BIN/scaleahead-datagen" --days 4 --seed 6 --start "2025-02-06 00:00:00" 2>/dev/null |
    sh "$TOP/tools/group_trace.sh" >"$WORK/later.csv"

# 1. Demand by default.
train --data "$WORK/g.csv" -o "$WORK/d.h5" >"$WORK/d.out" 2>"$WORK/d.err"
check "train: one note says the model forecasts demand, and how to forecast the CPU" \
    sh -c "[ \$(grep -c 'forecasts demand = cpu_utilization x GroupInServiceInstances / 100 (busy instances).*--no-demand forecasts cpu_utilization itself' '$WORK/d.err') -eq 1 ]"
check "train: the summary names the target as demand" \
    grep -q "target cpu_utilization x GroupInServiceInstances / 100 (demand, busy instances)" "$WORK/d.out"
h5dump -A "$WORK/d.h5" >"$WORK/d.dump"
check "train: the model records the basis and the instances column" \
    sh -c "grep -A10 '\"basis\"' '$WORK/d.dump' | grep -q '\"demand\"' &&
           grep -A10 '\"instances_column\"' '$WORK/d.dump' | grep -q '\"GroupInServiceInstances\"'"
train -q --data "$WORK/g.csv" --no-demand -o "$WORK/c.h5" >/dev/null 2>"$WORK/c.err"
check "train --no-demand -q: the warning that the CPU is a controlled variable still shows" \
    grep -q "warning: .*g.csv's group changed size (GroupInServiceInstances [0-9]* to [0-9]*): cpu_utilization is held near a target by its own scaling, so this model forecasts a controlled variable" "$WORK/c.err"
check "train --no-demand: no basis in the file" sh -c "! h5dump -A '$WORK/c.h5' | grep -q '\"basis\"'"
expect_exit "predict: a demand model needs the instances column" 1 \
    "the model forecasts demand \(cpu_utilization x GroupInServiceInstances / 100\): column GroupInServiceInstances is missing" \
    sh -c "cut -d, -f1,2 '$WORK/g.csv' >'$WORK/cpu_only.csv' &&
           '$BIN/scaleahead-predict' --model '$WORK/d.h5' '$WORK/cpu_only.csv'"
"$BIN/scaleahead-predict" -q --model "$WORK/d.h5" "$WORK/g.csv" >"$WORK/d.pred"
check "predict: a demand model's actual is cpu x instances / 100 on every row" \
    awk -F, 'NR == FNR { if (FNR > 1) busy[$1] = $2 * $3 / 100; next }
             FNR > 1 && $2 != "" { n++; d = $2 - busy[$1]; if (d > 1e-3 || d < -1e-3) bad = 1 }
             END { exit bad || n < 1000 }' "$WORK/g.csv" "$WORK/d.pred"

# 2. eval: the training data by its rows, whatever names it.
case $BIN in /*) bin=$BIN ;; *) bin=$TOP/$BIN ;; esac
eval_part() { "$bin/scaleahead-eval" -q --model "$WORK/d.h5" "$@" | sed -n 2p; }
eval_part >"$WORK/want"
check "eval: the training data's test part, with dates" \
    grep -qE "^part test: targets from 2025-01-09 [0-9:]+ to 2025-01-09 23:55:00 UTC; .*g.csv is the model's training data: the model never saw this part$" "$WORK/want"
cp "$WORK/g.csv" "$WORK/copy.csv"
ln "$WORK/g.csv" "$WORK/hard.csv"
ln -s "$WORK/g.csv" "$WORK/soft.csv"
sed 's/$/\r/' "$WORK/g.csv" >"$WORK/crlf.csv"
sed "s|$WORK/g.csv|FILE|" "$WORK/want" >"$WORK/want.any"
for f in copy.csv hard.csv soft.csv crlf.csv; do
    eval_part --data "$WORK/$f" | sed "s|$WORK/$f|FILE|" >"$WORK/got"
    check "eval --data $f: recognised by its rows, the same test part" cmp -s "$WORK/got" "$WORK/want.any"
done
(cd "$WORK" && eval_part --data g.csv) | sed "s|g.csv|FILE|" >"$WORK/got"
check "eval --data with a relative path: the same test part" cmp -s "$WORK/got" "$WORK/want.any"
train -q --data - -o "$WORK/stdin.h5" <"$WORK/g.csv" >/dev/null 2>&1
"$BIN/scaleahead-eval" -q --model "$WORK/stdin.h5" --data "$WORK/copy.csv" | sed -n 2p >"$WORK/got"
check "eval: a model trained on stdin recognises the file by its rows" \
    grep -q "^part test: .*copy.csv is the model's training data" "$WORK/got"
expect_exit "eval: a model trained on stdin, no --data: says so" 1 "trained on stdin; give --data FILE" \
    "$BIN/scaleahead-eval" --model "$WORK/stdin.h5"
n0=$("$BIN/scaleahead-eval" -q --model "$WORK/d.h5" | sed -n 's/.*test part: \([0-9]*\) windows.*/\1/p')
(cat "$WORK/g.csv"; tail -n +2 "$WORK/later.csv" | head -12 |
    awk -F, -v OFS=, '{ $1 = sprintf("2025-01-10 00:%02d:00", 5 * (NR - 1)); print }') >"$WORK/grown.csv"
"$BIN/scaleahead-eval" --model "$WORK/d.h5" --data "$WORK/grown.csv" >"$WORK/grown.out" 2>"$WORK/grown.err"
n1=$(sed -n 's/.*test part: \([0-9]*\) windows.*/\1/p' "$WORK/grown.out")
check "eval: a grown copy is recognised by its first rows, the test part gains 12 windows ($n0 -> $n1)" \
    sh -c "[ '$n1' -eq \$(($n0 + 12)) ] && grep -q 'grown.csv has grown since training' '$WORK/grown.err'"

# Another file: whole, and a part of it refused (test and val alike, exit 2).
eval_part --data "$WORK/later.csv" >"$WORK/got"
check "eval: another file is evaluated whole, said to be unseen" \
    grep -qE "^part all: targets from 2025-02-06 01:0[05]:00 to 2025-02-09 23:55:00 UTC; .*later.csv is not the model's training data: the model never saw it$" "$WORK/got"
for part in test val; do
    expect_exit "eval --split $part on another file: refused, exit 2" 2 \
        "--split $part: .*later.csv is not the model's training data .* leave out --split or give --split all" \
        "$BIN/scaleahead-eval" --model "$WORK/d.h5" --data "$WORK/later.csv" --split $part
done
(head -1 "$WORK/g.csv"; tail -n +500 "$WORK/g.csv") >"$WORK/tail.csv"
"$BIN/scaleahead-eval" --model "$WORK/d.h5" --data "$WORK/tail.csv" >/dev/null 2>"$WORK/tail.err"
check "eval: a file overlapping the training period gets a note" \
    grep -q "note: .*tail.csv is not the model's training data (its rows differ), but it has rows in the period the model trained and validated on (2025-01-06 01:00:00 to 2025-01-09 [0-9:]* UTC)" "$WORK/tail.err"
"$BIN/scaleahead-eval" -q --model "$WORK/d.h5" --data "$WORK/copy.csv" --json "$WORK/e.json" >/dev/null
check "eval --json: part, dates and whether the data is the training data" \
    /usr/bin/python3 -c "
import json, sys
m = json.load(open(sys.argv[1]))['model']
assert m['part'] == 'test' and m['split'] == 'test' and m['data_is_training'] == 1, m
assert m['start'].startswith('2025-01-09') and m['end'] == '2025-01-09 23:55:00', m
assert m['target'] == 'cpu_utilization x GroupInServiceInstances / 100 (demand, busy instances)', m
" "$WORK/e.json"

# 3. sim --model: only the part the model never saw, unless --part all.
SIM="$BIN/scaleahead-sim -q --policy all"
$SIM --model "$WORK/d.h5" "$WORK/g.csv" >"$WORK/s.out"
check "sim --model: the training data replayed from its test part, which the model never saw" \
    grep -qE "^replayed .*g.csv, part test: 2025-01-09 [0-9:]+ to 2025-01-09 23:55:00 UTC \([0-9]+ rows\); model .*d.h5, forecasts read as demand$" "$WORK/s.out"
check "sim --model: and says why" \
    grep -q "g.csv is the model's training data: only its test part, from 2025-01-09 [0-9:]* UTC, which the model never saw, is replayed (--part all replays the whole file)" "$WORK/s.out"
$SIM --model "$WORK/d.h5" "$WORK/hard.csv" | sed 's|hard.csv|g.csv|' >"$WORK/s2.out"
check "sim --model on a hard link: the same replay" cmp -s "$WORK/s.out" "$WORK/s2.out"
$SIM --model "$WORK/d.h5" --part all "$WORK/g.csv" >"$WORK/sa.out"
check "sim --part all: every row, the in-sample part said" \
    sh -c "grep -q '^replayed .*g.csv, part all: 2025-01-06 00:00:00 to 2025-01-09 23:55:00 UTC (1152 rows)' '$WORK/sa.out' &&
           grep -q 'the forecasts there are in-sample' '$WORK/sa.out'"
$SIM --model "$WORK/d.h5" "$WORK/later.csv" >"$WORK/sl.out"
check "sim --model on another file: all of it, unseen" \
    sh -c "grep -q '^replayed .*later.csv, part all: 2025-02-06 00:00:00 to 2025-02-09 23:55:00 UTC (1152 rows)' '$WORK/sl.out' &&
           grep -q 'later.csv is not the model.s training data: the model never saw it' '$WORK/sl.out'"
expect_exit "sim --part test on another file: refused like eval's, exit 2" 2 \
    "--part test: .*later.csv is not the model's training data .* leave out --part or give --part all" \
    $SIM --model "$WORK/d.h5" --part test "$WORK/later.csv"
expect_exit "sim --part without --model: exit 2" 2 "--part all needs --model" \
    $SIM --part all "$WORK/g.csv"
expect_exit "sim --part other: exit 2" 2 "--part half: want test or all" \
    $SIM --model "$WORK/d.h5" --part half "$WORK/g.csv"

# Units: a rate needs a capacity per instance; a CPU or demand model refuses one.
awk -F, -v OFS=, 'NR == 1 { print "timestamp,request_count"; next } { print $1, $2 * 40 }' \
    "$WORK/g.csv" >"$WORK/req.csv"
train -q --data "$WORK/req.csv" --target request_count -o "$WORK/req.h5" >/dev/null 2>&1
expect_exit "sim: a request-count model without --capacity-per-instance: exit 2" 2 \
    "the model .*req.h5 forecasts request_count \(training values .*\), not a CPU %: give --capacity-per-instance R" \
    $SIM --model "$WORK/req.h5" "$WORK/req.csv"
$SIM --model "$WORK/req.h5" --capacity-per-instance 1200 "$WORK/req.csv" >"$WORK/r.out"
check "sim --capacity-per-instance: the rate sizes the fleet (demand = rate / R x target)" \
    sh -c "grep -q 'forecasts read as capacity' '$WORK/r.out' &&
           grep -q '^demand = request_count / 1200 x 60% (--capacity-per-instance' '$WORK/r.out'"
expect_exit "sim: --capacity-per-instance on a demand model: exit 2" 2 \
    "--capacity-per-instance sizes by a rate; the model .*d.h5 forecasts demand in busy instances" \
    $SIM --model "$WORK/d.h5" --capacity-per-instance 100 "$WORK/g.csv"

# A demand model's predictions CSV: --forecast-basis demand reads it as the
# model does (the same steps and actions as sim --model); it needs
# --predictions.
"$BIN/scaleahead-sim" -q --policy all --model "$WORK/d.h5" --part all --csv "$WORK/m.csv" \
    "$WORK/g.csv" >/dev/null
"$BIN/scaleahead-predict" -q --model "$WORK/d.h5" "$WORK/g.csv" |
    "$BIN/scaleahead-sim" -q --policy all --predictions - --forecast-basis demand \
        --csv "$WORK/p.csv" "$WORK/g.csv" >"$WORK/p.out"
check "sim --predictions --forecast-basis demand: the same replay as sim --model" \
    sh -c "[ -s '$WORK/p.csv' ] && cmp -s '$WORK/m.csv' '$WORK/p.csv' && grep -q 'forecasts read as demand' '$WORK/p.out'"
expect_exit "sim --forecast-basis without --predictions: exit 2" 2 \
    "--forecast-basis says how a predictions CSV reads: give it with --predictions" \
    $SIM --model "$WORK/d.h5" --forecast-basis demand "$WORK/g.csv"
