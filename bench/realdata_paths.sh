#!/bin/sh
# make realdata, forecast paths (issue 23): the default model trained with
# --steps 12 on every real CloudWatch series in ../shared/data/real (and the
# 825cc2 join bench/realdata.sh makes), scored at steps 1, 3, 6 and 12 by
# bench/path_scores.py the way ../shared/tools/scoreboard.py scores one
# step: predict over the whole file, the last 14 % of rows, against that
# step's rivals (persistence of the value h steps back, seasonal naive,
# direct AR(12), Holt-Winters h steps ahead), and the coverage of the 90 %
# interval at each step. Writes bench/realdata_paths.md, which make docs
# renders into docs/paths.md (its figures block).
#
# REALDATA_ARCH sets another arch than the default, REALDATA_EPOCHS the
# epochs (default 50), REALDATA_STEPS the path (default 12),
# REALDATA_SERIES a subset (space-separated file names without .csv).
# Needs python3 with pandas and statsmodels (Debian's); without them the
# table says so.
set -e
BIN=${BIN:-bin}
. bench/realdata_common.sh
STEPS=${REALDATA_STEPS:-12}
out=bench/realdata_paths.md
[ -f "$joined" ] || realdata_join

files=""
for f in "$REAL"/*.csv "$joined"; do
    name=$(basename "$f" .csv)
    if [ -n "${REALDATA_SERIES:-}" ]; then
        case " $REALDATA_SERIES " in *" $name "*) ;; *) continue ;; esac
    fi
    files="$files $f"
done

echo "| series | step | rows scored | model MAE | persistence | seasonal naive | AR(12) | Holt-Winters | best rival | model / best | model / persistence | 90 % coverage |" >"$dir/table"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|" >>"$dir/table"
: >"$dir/lines"
: >"$dir/kept"
for file in $files; do
    name=$(basename "$file" .csv)
    target=value
    [ "$file" = "$joined" ] && target=cpu_utilization && name="825cc2 joined"
    input=$file
    if [ -n "$(cut -d, -f1 "$file" | uniq -d | head -1)" ]; then   # a repeated timestamp
        input=$dir/dedup.csv
        awk -F, 'NR == FNR { n[$1]++; next } n[$1] == 1' "$file" "$file" >"$input"
    fi
    model=models/real_path_$(echo "$name" | tr -c 'a-z0-9_\n' '_').h5
    echo "realdata_paths: $name" >&2
    start=$(date +%s)
    # shellcheck disable=SC2086
    "$BIN/scaleahead-train" -q --data "$input" --target "$target" $ARCH --steps "$STEPS" \
        --epochs "$EPOCHS" -o "$model" >"$dir/train.out"
    echo "realdata_paths: $name trained in $(($(date +%s) - start)) s" >&2
    kept=$(sed -n 's/^auto: kept \(the network \)\{0,1\}\([^ ,:]*\).*/\2/p' "$dir/train.out")
    [ -z "$kept" ] || printf '%s: %s; ' "$name" "$kept" >>"$dir/kept"
    if [ -z "$PY" ]; then
        echo "| $name | - | needs python3-pandas and python3-statsmodels |||||||||" >>"$dir/table"
        continue
    fi
    "$BIN/scaleahead-predict" -q --model "$model" -o "$dir/pred.csv" "$input" 2>/dev/null
    "$PY" bench/path_scores.py "$file" "$dir/pred.csv" "$target" 1,3,6,12 >"$dir/scores"
    sed "s/^/$(echo "$name" | tr ' ' '_') /" "$dir/scores" >>"$dir/lines"
    awk -v name="$name" '{
        delete v
        for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        printf "| %s | %s | %s | %.4g | %.4g | %s | %.4g | %s | %s | %.3f | %.3f | %.1f %% |\n",
            name, substr($2, 1, length($2) - 1), v["n"], v["model"], v["persistence"],
            ("seasonal" in v) ? sprintf("%.4g", v["seasonal"]) : "-", v["ar12"],
            ("holt_winters" in v) ? sprintf("%.4g", v["holt_winters"]) : "-",
            v["best"], v["ratio"], v["vs_persistence"], v["coverage"]
    }' "$dir/scores" >>"$dir/table"
done

# The targets of issue 23 per step, counted over the series scored.
summary() {
    awk '{
        h = $3; sub(":", "", h); n[h]++
        for (i = 4; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        if (v["vs_persistence"] <= 1.0) per[h]++
        if (v["ratio"] <= 1.05) w5[h]++
        if (v["ratio"] > 1.25) w25[h]++
        if (v["coverage"] >= 85 && v["coverage"] <= 95) cov[h]++
        if (!(h in seen)) { order[++k] = h; seen[h] = 1 }
    } END {
        print "| step | series | no worse than persistence | within 5 % of the best rival | more than 25 % worse | coverage 85-95 % |"
        print "|---|---|---|---|---|---|"
        for (i = 1; i <= k; i++) { h = order[i]
            printf "| %s | %d | %d | %d | %d | %d |\n", h, n[h], per[h], w5[h], w25[h], cov[h] }
    }' "$dir/lines"
}

{
    BIN=$BIN sh tools/measured.sh "make realdata (bench/realdata_paths.sh: ${REALDATA_ARCH:-default} arch, --steps $STEPS, at most $EPOCHS epochs, seed 42; predict's default intervals; bench/path_scores.py on the last 14 % of rows, each step against its own rivals; load average at the end $(cut -d' ' -f1 /proc/loadavg))" | sed "s/at the start, commit/at the start, commit/"
    echo
    cat "$dir/table"
    echo
    if [ -s "$dir/kept" ]; then
        echo "The forecaster --arch auto kept, by series: $(sed 's/; $//' "$dir/kept")."
        echo
    fi
    echo "Targets (issue 23), series meeting each at every scored step:"
    echo
    summary
} >"$out"
cat "$out"
