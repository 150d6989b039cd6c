#!/bin/sh
# make realdata: the model against the baselines on the real CloudWatch
# series in ../shared/data/real (NAB, MIT licence), one row per series, as
# a markdown table in bench/realdata.md (and on stdout).
#
# Each series is a CloudWatch export "timestamp,value", trained with
# --target value (the features that need other columns drop out). The three
# series of one instance (825cc2 CPU, 257a54 network in, 8c0756 ELB
# requests) are also joined on timestamp into one multi-metric file by
# scaleahead-import, with the header
# timestamp,cpu_utilization,network_in,request_count (an inner join: a
# timestamp missing from any file is a gap, which windows do not cross). REALDATA_EPOCHS (default 50) and REALDATA_ARCH (default
# attention) set the training.
set -e
BIN=${BIN:-bin}
REAL=${REAL:-../shared/data/real}
EPOCHS=${REALDATA_EPOCHS:-50}
ARCH=${REALDATA_ARCH:-attention}
out=bench/realdata.md
mkdir -p models data
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp".*' EXIT

# The joined multi-metric file.
joined=data/real_825cc2_joined.csv
cpu=$REAL/ec2_cpu_utilization_825cc2.csv
net=$REAL/ec2_network_in_257a54.csv
req=$REAL/elb_request_count_8c0756.csv
"$BIN/scaleahead-import" -q --column cpu_utilization="$cpu:value" --column network_in="$net:value" \
    --column request_count="$req:value" "$cpu" "$net" "$req" -o "$joined"

# value_of JSON NAME FIELD: a number from eval's JSON.
value_of() {
    awk -v name="\"$2\": {" -v field="\"$3\":" '
        index($0, name) { inside = 1 }
        inside && index($0, field) { gsub(/[ ,]/, "", $2); print $2; exit }' FS=: "$1"
}

{
    echo "| series | rows | test windows | model MAE | model RMSE | persistence MAE | seasonal naive MAE | linear AR MAE | model vs best baseline |"
    echo "|---|---|---|---|---|---|---|---|---|"
} >"$tmp"
for spec in \
    "ec2_cpu_utilization_825cc2:$REAL/ec2_cpu_utilization_825cc2.csv:value" \
    "ec2_cpu_utilization_ac20cd:$REAL/ec2_cpu_utilization_ac20cd.csv:value" \
    "ec2_network_in_257a54:$REAL/ec2_network_in_257a54.csv:value" \
    "elb_request_count_8c0756:$REAL/elb_request_count_8c0756.csv:value" \
    "cpu_utilization_asg_misconfiguration:$REAL/cpu_utilization_asg_misconfiguration.csv:value" \
    "825cc2 joined (cpu+net+req):$joined:cpu_utilization"; do
    name=${spec%%:*}
    rest=${spec#*:}
    file=${rest%:*}
    target=${rest##*:}
    model=models/real_$(echo "$name" | tr -c 'a-z0-9_\n' '_').h5
    echo "realdata: $name" >&2
    "$BIN/scaleahead-train" -q --data "$file" --target "$target" --arch "$ARCH" \
        --epochs "$EPOCHS" -o "$model" >/dev/null
    "$BIN/scaleahead-eval" -q --model "$model" --json "$tmp.json" >/dev/null
    rows=$(($(wc -l <"$file") - 1))
    n=$(value_of "$tmp.json" model n)
    m_mae=$(value_of "$tmp.json" model mae)
    m_rmse=$(value_of "$tmp.json" model rmse)
    p_mae=$(value_of "$tmp.json" persistence mae)
    s_mae=$(value_of "$tmp.json" seasonal_naive mae)
    a_mae=$(value_of "$tmp.json" linear_ar mae)
    awk -v name="$name" -v rows="$rows" -v n="$n" -v m="$m_mae" -v r="$m_rmse" \
        -v p="$p_mae" -v s="$s_mae" -v a="$a_mae" 'BEGIN {
        best = p; who = "persistence"
        if (s != "" && s + 0 < best) { best = s; who = "seasonal naive" }
        if (a + 0 < best) { best = a; who = "linear AR" }
        verdict = m + 0 <= best ? sprintf("wins (%.1f%% below %s)", 100 * (best - m) / best, who) \
                                : sprintf("LOSES to %s by %.1f%%", who, 100 * (m - best) / best)
        printf "| %s | %d | %d | %.4g | %.4g | %.4g | %.4g | %.4g | %s |\n", name, rows, n, m, r, p, s, a, verdict
    }' >>"$tmp"
done
{
    echo "Produced by \`make realdata\` ($ARCH preset, at most $EPOCHS epochs, seed 42, 1 step = 5 minutes ahead, test = last 15 % of windows) on $(date -u +%Y-%m-%d)."
    echo
    cat "$tmp"
} >"$out"
cat "$out"
