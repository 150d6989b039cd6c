# t_columns.sh — any numeric column of the data as a model input (issue
# 25.18): train --features ...,queue_depth reads the column as it is,
# scales it with the rest, records it in the model, and predict, eval,
# sim and features use it; a name that is neither a feature nor a column
# is an error listing both.
. "$TOP/tests/lib.sh"

T="$BIN/scaleahead"
# The next CPU is a step function of the queue depth now: learnable from
# queue_depth, not from the CPU's own past.
awk 'BEGIN { srand(3); print "timestamp,cpu_utilization,instances,queue_depth"; prev = 500
    for (i = 0; i < 3000; i++) { q = 100 + 800 * rand()
        printf "%d,%.3f,4,%.1f\n", 1704067200 + 300 * i, (prev > 500 ? 80 : 20) + 2 * (rand() - 0.5), q
        prev = q } }' >"$WORK/q.csv"
skill_of() { sed -n 's/.*(skill \([-+0-9.]*\)%).*/\1/p' "$1"; }
train() { "$T-train" --data "$WORK/q.csv" --epochs 30 --patience 30 --seq-len 12 --threads 2 "$@" 2>/dev/null; }

train --arch original --features cpu_utilization,queue_depth -o "$WORK/with.h5" >"$WORK/with.out"
train --arch original --features cpu_utilization -o "$WORK/without.h5" >"$WORK/without.out"
with=$(skill_of "$WORK/with.out") without=$(skill_of "$WORK/without.out")
check "train --features ...,queue_depth: the column is learnt from (skill $with% against $without%)" \
    awk -v a="$with" -v b="$without" 'BEGIN { exit !(a > 50 && b < 10) }'
if command -v h5dump >/dev/null 2>&1; then
    check "the model records the column among its features" \
        sh -c "h5dump -a /config/features '$WORK/with.h5' | grep -q '\"cpu_utilization\", \"queue_depth\"'"
    max=$(h5dump -d /scaler/max "$WORK/with.h5" | sed -n 's/.*(0): [^,]*, *\([0-9.e+]*\).*/\1/p')
    check "the column is scaled like the rest: min-max over the training rows (max $max)" \
        awk -v m="$max" 'BEGIN { exit !(m > 850 && m <= 900) }'
fi
train --features cpu_utilization,queue_depth,hour -o "$WORK/robust.h5" >"$WORK/robust.out"
train -o "$WORK/robust0.h5" >"$WORK/robust0.out"
with=$(skill_of "$WORK/robust.out") without=$(skill_of "$WORK/robust0.out")
check "the robust preset takes the column too (skill $with% against $without%)" \
    awk -v a="$with" -v b="$without" 'BEGIN { exit !(a > 30 && b < 10) }'

"$T-predict" -q --model "$WORK/with.h5" --last "$WORK/q.csv" >"$WORK/p1"
check "predict --last reads the column" [ "$(wc -l <"$WORK/p1")" = 2 ]
sed '1s/queue_depth/QD/' "$WORK/q.csv" >"$WORK/renamed.csv"
"$T-predict" -q --model "$WORK/with.h5" --last --column queue_depth=QD "$WORK/renamed.csv" >"$WORK/p2"
check "predict --column queue_depth=QD reads it under another header: the same forecast" \
    cmp -s "$WORK/p1" "$WORK/p2"
"$T-eval" -q --model "$WORK/with.h5" >"$WORK/e"
check "eval measures the model with the column (its skill above 0.5)" \
    awk '$1 == "model" && $2 != "MAE" && $2 != "score" { found = 1; ok = $NF > 0.5 } END { exit !(found && ok) }' "$WORK/e"
"$T-sim" -q --model "$WORK/with.h5" --policy predictive "$WORK/q.csv" >"$WORK/s"
check "sim --model runs the model with the column" grep -q "^policy  *predictive" "$WORK/s"
"$T-features" -q --features cpu_utilization,queue_depth "$WORK/q.csv" >"$WORK/f.csv"
check "features --features ...,queue_depth copies the column as it is" \
    sh -c "head -1 '$WORK/f.csv' | grep -qx 'timestamp,cpu_utilization,queue_depth' &&
           [ \"\$(sed -n 2p '$WORK/f.csv' | cut -d, -f3)\" = \"\$(sed -n 2p '$WORK/q.csv' | cut -d, -f4)\" ]"

expect_exit "train: a name that is neither a feature nor a column lists both" 1 \
    "q\.csv: queue_depht is neither a feature \(cpu_utilization, network_in, .*cpu_seasonal\) nor a column of the file \(timestamp, cpu_utilization, instances, queue_depth\)" \
    "$T-train" -q --data "$WORK/q.csv" --features cpu_utilization,queue_depht -o "$WORK/x.h5"
cut -d, -f1-3 "$WORK/q.csv" >"$WORK/no_queue.csv"
expect_exit "predict: data without the model's column names it and the file's columns" 1 \
    "no_queue\.csv: the model reads column queue_depth .*its columns: timestamp, cpu_utilization, instances" \
    "$T-predict" -q --model "$WORK/with.h5" "$WORK/no_queue.csv"
expect_exit "train: a column listed twice" 2 "feature queue_depth is listed twice" \
    "$T-train" -q --data "$WORK/q.csv" --features cpu_utilization,queue_depth,queue_depth -o "$WORK/x.h5"
expect_exit "train: more data columns than the model holds" 2 "more than 14 data columns" \
    "$T-train" -q --data "$WORK/q.csv" --features cpu_utilization,a,b,c,d,e,f,g,h,i,j,k,l,m,n,o -o "$WORK/x.h5"
check "nothing written by the refused runs" [ ! -e "$WORK/x.h5" ]

# (issue 25.13) a calendar a model without a sale feature would not read
printf 'start,end,name\n2024-01-02 00:00:00,2024-01-02 06:00:00,sale\n' >"$WORK/cal.csv"
expect_exit "predict: --calendar for a model without a sale feature is refused" 2 \
    "--calendar has no effect: .*with.h5 reads no sale feature" \
    "$T-predict" -q --model "$WORK/with.h5" --calendar "$WORK/cal.csv" "$WORK/q.csv"
expect_exit "eval: the same" 2 "--calendar has no effect: .*with.h5 reads no sale feature" \
    "$T-eval" -q --model "$WORK/with.h5" --calendar "$WORK/cal.csv"
