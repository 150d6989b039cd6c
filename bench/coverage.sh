#!/bin/sh
# coverage.sh — the coverage figures of docs/results.md, "Interval coverage":
# the split conformal interval at 90 % on the test part, without and with
# adaptive conformal inference (ACI, --adapt-gamma), for the model and each
# baseline, on
#   - the seed profile (60 days, seed 42: the data of make train), and
#   - every series in ../shared/data/real (timestamp,value files),
# each with a model of ARCH (default robust) trained on it (at most EPOCHS
# epochs, default 20). Prints a Markdown table per file set.
#
# Usage: sh bench/coverage.sh [DIR]   (DIR keeps data and models)
#   BIN points at the tools (default bin); REAL_DIR at the real series
#   (default ../shared/data/real); GAMMA is the ACI step (0.01).
set -eu
BIN=${BIN:-bin}
EPOCHS=${EPOCHS:-20}
ARCH=${ARCH:-robust}
GAMMA=${GAMMA:-0.01}
TOP=$(cd "$(dirname "$0")/.." && pwd)
REAL=${REAL_DIR:-$TOP/../shared/data/real}
. "$TOP/tools/work_dir.sh"

# row NAME EVAL_OUT_STATIC EVAL_OUT_ACI: one table row per model/baseline.
rows() {
    awk -v name="$1" '
        FNR == 1 { file++ }
        /^intervals at/ { on = 1; next }
        on && /^model +score/ { next }
        on && NF == 7 { key = $1; cov[file, key] = $3; wid[file, key] = $4; first[file, key] = $5;
                        last[file, key] = $6; if (file == 1) order[++n] = key; next }
        on { on = 0 }
        END {
            for (i = 1; i <= n; i++) {
                k = order[i]
                printf "| %s | %s | %s | %s | %s / %s | %s | %s | %s / %s |\n", name, k,
                       cov[1, k], wid[1, k], first[1, k], last[1, k],
                       cov[2, k], wid[2, k], first[2, k], last[2, k]
            }
        }' "$2" "$3"
}

header() {
    echo "| data | forecaster | coverage % | mean width | first / last third % | ACI coverage % | ACI mean width | ACI first / last third % |"
    echo "|---|---|---|---|---|---|---|---|"
}

# one NAME DATA [TRAIN FLAGS...]: trains on DATA, evaluates its test part.
one() {
    name=$1 data=$2
    shift 2
    file=$(echo "$name" | tr -c 'A-Za-z0-9_\n' _)
    "$BIN/scaleahead-train" -q --data "$data" --arch "$ARCH" --epochs "$EPOCHS" --threads 2 "$@" \
        -o "$DIR/$file.h5" >/dev/null
    "$BIN/scaleahead-eval" --model "$DIR/$file.h5" >"$DIR/$file.static"
    "$BIN/scaleahead-eval" --model "$DIR/$file.h5" --adapt-gamma "$GAMMA" >"$DIR/$file.aci"
    rows "$name" "$DIR/$file.static" "$DIR/$file.aci"
}

"$BIN/scaleahead-datagen" --profile seed --days 60 --seed 42 -o "$DIR/seed60.csv" 2>/dev/null
echo "Nominal 90 %; ACI with gamma $GAMMA; $ARCH models, at most $EPOCHS epochs, horizon 1."
echo
header
one seed_profile_60d "$DIR/seed60.csv"
for f in "$REAL"/*.csv; do
    name=$(basename "$f" .csv)
    # A file with a repeated hour (a DST change written in local time) is
    # resampled onto its 5-minute grid first, as the train error suggests.
    if ! "$BIN/scaleahead-features" --target value "$f" >/dev/null 2>&1; then
        "$BIN/scaleahead-import" --step 300 "$f" -o "$DIR/$name.csv" 2>/dev/null
        f=$DIR/$name.csv
        name="$name (resampled)"
    fi
    one "$name" "$f" --target value
done
