# shellcheck disable=SC2034 # (the variables set here are the sourcing scripts')
# realdata_common.sh — what bench/realdata.sh and bench/realdata_paths.sh
# share; sourced with BIN set. Sets top (the main checkout), REAL (the real
# series, ../shared/data/real beside it), EPOCHS (REALDATA_EPOCHS, default
# 50), ARCH (--arch REALDATA_ARCH, or nothing), PY (a python3 with pandas
# and statsmodels, or empty), dir (a temporary folder removed at exit) and
# joined (the 825cc2 join's path); makes models/ and data/.
# ../shared beside the main checkout (also from a git worktree elsewhere).
top=$(cd "$(git rev-parse --git-common-dir 2>/dev/null || echo .git)/.." && pwd)
REAL=${REAL:-$top/../shared/data/real}
EPOCHS=${REALDATA_EPOCHS:-50}
ARCH=${REALDATA_ARCH:+--arch $REALDATA_ARCH}
PY=${PYTHON:-python3}
"$PY" -c 'import pandas, statsmodels' 2>/dev/null || PY=/usr/bin/python3
"$PY" -c 'import pandas, statsmodels' 2>/dev/null || PY=
mkdir -p models data
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
joined=data/real_825cc2_joined.csv

# realdata_join: the three series of instance 825cc2 (CPU, network in, ELB
# requests) joined on timestamp by scaleahead-import into $joined.
realdata_join() {
    "$BIN/scaleahead-import" -q --column cpu_utilization="$REAL/ec2_cpu_utilization_825cc2.csv:value" \
        --column network_in="$REAL/ec2_network_in_257a54.csv:value" \
        --column request_count="$REAL/elb_request_count_8c0756.csv:value" \
        "$REAL/ec2_cpu_utilization_825cc2.csv" "$REAL/ec2_network_in_257a54.csv" \
        "$REAL/elb_request_count_8c0756.csv" -o "$joined"
}
