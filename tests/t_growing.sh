# t_growing.sh — a metrics log that keeps growing: predict --last reads
# only its tail (a duplicate row far back does not stop the forecast; the
# forecast equals the whole-file one), --format json and decision, and eval
# on the training file after rows were appended to it.
. "$TOP/tests/lib.sh"

# 3 days train; the log then grows by rows of later days.
# 10 days (190 KB: a file under 128 KiB is read whole anyway).
"$BIN/scaleahead-datagen" --profile seed --days 10 --seed 11 -o "$WORK/all.csv" 2>/dev/null
rows=$(($(wc -l <"$WORK/all.csv") - 1))
head -865 "$WORK/all.csv" >"$WORK/log.csv"          # header + 3 days
"$BIN/scaleahead-train" -q --data "$WORK/log.csv" --arch original --hidden 4 --layers 1 \
    --seq-len 12 --epochs 1 --threads 1 -o "$WORK/m.h5" >/dev/null
check "trained on the 3-day log" [ -s "$WORK/m.h5" ]

# predict --last reads the tail: the same forecast as from stdin (whole).
"$BIN/scaleahead-predict" -q --model "$WORK/m.h5" --last "$WORK/all.csv" >"$WORK/tail.csv"
"$BIN/scaleahead-predict" -q --model "$WORK/m.h5" --last - <"$WORK/all.csv" >"$WORK/whole.csv"
check "predict --last from the file's end equals the whole read" cmp -s "$WORK/tail.csv" "$WORK/whole.csv"
awk -v at=$((rows + 1 - 500)) 'NR == at { print } { print }' "$WORK/all.csv" >"$WORK/dup.csv"
"$BIN/scaleahead-predict" -q --model "$WORK/m.h5" --last "$WORK/dup.csv" >"$WORK/dup.out" 2>"$WORK/err"
check "a duplicate row 500 rows back does not stop predict --last" cmp -s "$WORK/dup.out" "$WORK/tail.csv"
expect_exit "without --last the duplicate is still an error" 1 "duplicate timestamp" \
    "$BIN/scaleahead-predict" --model "$WORK/m.h5" "$WORK/dup.csv"
awk -v at=$((rows - 5)) 'NR == at { $0 = $0 "x" } { print }' "$WORK/all.csv" >"$WORK/badtail.csv"
expect_exit "an error in the tail names the file's real line" 1 "badtail.csv:$((rows - 5)): " \
    "$BIN/scaleahead-predict" --model "$WORK/m.h5" --last "$WORK/badtail.csv"

# Output forms.
# (--max-age 0: the generated log ends in 2025, older than decision's default.)
"$BIN/scaleahead-predict" -q --model "$WORK/m.h5" --last --format decision --max-age 0 \
    --instances 4 "$WORK/all.csv" >"$WORK/d"
check "--format decision: ACTION COUNT" grep -qxE '(scale_up|scale_down|hold) [0-9]+' "$WORK/d"
"$BIN/scaleahead-predict" -q --model "$WORK/m.h5" --last --instances 4 "$WORK/all.csv" >"$WORK/n.csv"
check "--format decision: the CSV's decision and instances" \
    [ "$(cat "$WORK/d")" = "$(tail -1 "$WORK/n.csv" | awk -F, '{ print $(NF - 1), $NF }')" ]
expect_exit "--format decision without a fleet size: exit 2" 2 \
    "--format decision prints ACTION COUNT, which needs the current fleet: give --instances N" \
    "$BIN/scaleahead-predict" --model "$WORK/m.h5" --last --format decision --max-age 0 "$WORK/all.csv"
"$BIN/scaleahead-predict" -q --model "$WORK/m.h5" --format json "$WORK/log.csv" >"$WORK/j"
check "--format json: one object per window (864 - 12 + 1)" [ "$(wc -l <"$WORK/j")" -eq $((864 - 12 + 1)) ]
check "--format json: keys in order, actual null at the end" \
    sh -c "tail -1 '$WORK/j' | grep -qE '^\\{\"timestamp\": \"[0-9: -]+\", \"actual\": null, \"predicted\": -?[0-9.]+, \"lower\": -?[0-9.]+, \"upper\": -?[0-9.]+, \"decision\": \"(scale_up|scale_down|hold)\"\\}\$'"
if command -v python3 >/dev/null 2>&1; then
    check "--format json: every line parses as JSON" python3 -c "
import json, sys
for line in open(sys.argv[1]): json.loads(line)" "$WORK/j"
fi
expect_exit "--format xml is a usage error" 2 "--format xml" \
    "$BIN/scaleahead-predict" --model "$WORK/m.h5" --format xml "$WORK/log.csv"

# eval on the training file after a day of rows was appended.
"$BIN/scaleahead-eval" --model "$WORK/m.h5" >"$WORK/e0" 2>/dev/null
tail -n +866 "$WORK/all.csv" >>"$WORK/log.csv"
"$BIN/scaleahead-eval" --model "$WORK/m.h5" >"$WORK/e1" 2>"$WORK/err"
check "eval: a grown training file is accepted, with a note" grep -q "has grown since training" "$WORK/err"
n0=$(sed -n 's/.*test part: \([0-9]*\) windows.*/\1/p' "$WORK/e0")
n1=$(sed -n 's/.*test part: \([0-9]*\) windows.*/\1/p' "$WORK/e1")
check "eval: the test part gains the $((rows - 864)) appended rows ($n0 -> $n1)" [ "$n1" -eq $((n0 + rows - 864)) ]
sed '2s/^2025/2024/' "$WORK/log.csv" >"$WORK/changed.csv"; cp "$WORK/changed.csv" "$WORK/log.csv"
expect_exit "eval: a file changed in place is still refused" 1 "has changed since the model was trained" \
    "$BIN/scaleahead-eval" --model "$WORK/m.h5"
