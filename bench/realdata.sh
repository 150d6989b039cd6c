#!/bin/sh
# make realdata: the default model and --arch auto against the four
# baselines on every real CloudWatch series in ../shared/data/real (NAB, MIT
# licence) and the 825cc2 join, one row per series, as a markdown table in
# bench/realdata.md (and on stdout).
#
# Each series is a CloudWatch export "timestamp,value", trained with
# --target value the way a user would (default --arch and flags); the three
# series of one instance (825cc2 CPU, 257a54 network in, 8c0756 ELB
# requests) are also joined on timestamp by scaleahead-import into one
# multi-metric file (timestamp,cpu_utilization,network_in,request_count; an
# inner join: a timestamp missing from any file is a gap, which windows do
# not cross), trained with --target cpu_utilization. A file with repeated
# timestamps (one NAB export repeats an off-grid row at a DST change) is
# used without those rows (a gap).
#
# Per series: eval's test part (the last 15 % of windows) for the default
# model, persistence, seasonal naive, the linear AR and Holt-Winters; the
# choice of --arch auto (on the validation part) and its test MAE; and
# ../shared/tools/scoreboard.py's verdict on both (predict over the whole
# file, scored on the last 14 % of rows against its own four rivals, fitted
# on the first 70 %; skipped without python3-statsmodels). REALDATA_ARCH
# sets another arch for the default column, REALDATA_EPOCHS the epochs
# (default 50).
set -e
BIN=${BIN:-bin}
. bench/realdata_common.sh
SCORE=${SCORE:-$top/../shared/tools/scoreboard.py}
out=bench/realdata.md
realdata_join

# value_of JSON NAME FIELD: a number from eval's JSON.
value_of() {
    awk -v name="\"$2\": {" -v field="\"$3\":" '
        index($0, name) { inside = 1 }
        inside && index($0, field) { gsub(/[ ,]/, "", $2); print $2; exit }' FS=: "$1"
}

# scoreboard FILE MODEL TARGET INPUT: "ratio (best rival)" by scoreboard.py.
scoreboard() {
    [ -n "$PY" ] && [ -f "$SCORE" ] || { echo "n/a"; return; }
    "$BIN/scaleahead-predict" -q --model "$2" -o "$dir/pred.csv" "$4" 2>/dev/null
    "$PY" "$SCORE" "$1" "$dir/pred.csv" "$3" 2>/dev/null |
        sed -n 's/.*-> \([0-9.]*x\) best (\(.*\))$/\1 (\2)/p'
}

{
    echo "| series | rows | test windows | default MAE | persistence | seasonal naive | linear AR | Holt-Winters | default vs best baseline | auto kept | auto MAE | scoreboard, default | scoreboard, auto |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
} >"$dir/table"
for file in "$REAL"/*.csv "$joined"; do
    name=$(basename "$file" .csv)
    target=value
    [ "$file" = "$joined" ] && target=cpu_utilization && name="825cc2 joined (cpu+net+req)"
    input=$file
    if [ -n "$(cut -d, -f1 "$file" | uniq -d | head -1)" ]; then
        input=$dir/dedup.csv
        awk -F, 'NR == FNR { n[$1]++; next } n[$1] == 1' "$file" "$file" >"$input"
    fi
    base=models/real_$(echo "$name" | tr -c 'a-z0-9_\n' '_')
    echo "realdata: $name" >&2
    start=$(date +%s)
    # shellcheck disable=SC2086
    "$BIN/scaleahead-train" -q --data "$input" --target "$target" $ARCH --epochs "$EPOCHS" \
        -o "$base.h5" >/dev/null
    mid=$(date +%s)
    "$BIN/scaleahead-train" -q --data "$input" --target "$target" --arch auto --epochs "$EPOCHS" \
        -o "$base.auto.h5" >"$dir/auto.out"
    end=$(date +%s)
    echo "realdata: $name trained in $((mid - start)) s, auto in $((end - mid)) s" >&2
    "$BIN/scaleahead-eval" -q --model "$base.h5" --json "$dir/d.json" >/dev/null
    "$BIN/scaleahead-eval" -q --model "$base.auto.h5" --json "$dir/a.json" >/dev/null
    kept=$(sed -n 's/^auto: kept \(the network \)*\([a-z_-]*\).*/\2/p' "$dir/auto.out")
    sd=$(scoreboard "$file" "$base.h5" "$target" "$input")
    sa=$(scoreboard "$file" "$base.auto.h5" "$target" "$input")
    awk -v name="$name" -v rows="$(($(wc -l <"$input") - 1))" -v n="$(value_of "$dir/d.json" model n)" \
        -v m="$(value_of "$dir/d.json" model mae)" -v p="$(value_of "$dir/d.json" persistence mae)" \
        -v s="$(value_of "$dir/d.json" seasonal_naive mae)" -v a="$(value_of "$dir/d.json" linear_ar mae)" \
        -v h="$(value_of "$dir/d.json" holt_winters mae)" -v kept="$kept" \
        -v am="$(value_of "$dir/a.json" model mae)" -v sd="$sd" -v sa="$sa" 'BEGIN {
        best = p; who = "persistence"
        if (s != "" && s + 0 < best) { best = s; who = "seasonal naive" }
        if (a + 0 < best) { best = a; who = "linear AR" }
        if (h + 0 < best) { best = h; who = "Holt-Winters" }
        verdict = m + 0 <= best ? sprintf("wins (%.1f%% below %s)", 100 * (best - m) / best, who) \
                                : sprintf("LOSES to %s by %.1f%%", who, 100 * (m - best) / best)
        printf "| %s | %d | %d | %.4g | %.4g | %.4g | %.4g | %.4g | %s | %s | %.4g | %s | %s |\n",
               name, rows, n, m, p, s, a, h, verdict, kept, am, sd, sa
    }' >>"$dir/table"
done
{
    echo "Produced by \`make realdata\` (${REALDATA_ARCH:-default} arch, at most $EPOCHS epochs, seed 42, 1 step = 5 minutes ahead; eval's columns on the test part = last 15 % of windows; scoreboard.py on the last 14 % of rows, its ratio to the best of its four rivals) on $(date -u +%Y-%m-%d), $(lscpu | sed -n 's/^Model name: *//p')."
    echo
    cat "$dir/table"
} >"$out"
cat "$out"
