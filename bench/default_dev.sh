#!/bin/sh
# make default-dev: the default model (--steps 12, no other flag) on the
# development set of bench/devset.py — real VMs with a daily pattern (and
# six without), the NAB series at 30 minutes, and scaleahead-datagen's
# realistic profile with level shifts, trends and noise — scored at steps
# 1, 3, 6 and 12 by bench/path_scores.py exactly as make realdata scores
# the NAB series (the last 14 % of rows against each step's persistence,
# seasonal naive, direct AR(12) and Holt-Winters; the 90 % interval's
# coverage). Both halves are reported: A, on which the default was chosen,
# and B, held out while choosing. Writes bench/default_dev.md, which make
# docs renders into docs/paths.md.
#
# DEV_ARGS adds train flags (e.g. "--arch robust" to measure another
# model), DEV_HALVES the halves (default "A B"), DEV_OUT the results file,
# DEV_LINES a file to keep the raw score lines in, DEV_DIR the set
# (default data/devset, built when missing from ../shared/data/fleet,
# ../shared/data/real and scaleahead-datagen; FLEET=DIR, REAL=DIR).
set -e
BIN=${BIN:-bin}
top=$(cd "$(git rev-parse --git-common-dir 2>/dev/null || echo .git)/.." && pwd)
FLEET=${FLEET:-$top/../shared/data/fleet}
REAL=${REAL:-$top/../shared/data/real}
SET=${DEV_DIR:-data/devset}
OUT=${DEV_OUT:-bench/default_dev.md}
PY=/usr/bin/python3
"$PY" -c 'import pandas, statsmodels' 2>/dev/null ||
    { echo "default_dev.sh: needs Debian's python3-pandas and python3-statsmodels" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

if [ ! -f "$SET/manifest.csv" ]; then
    mkdir -p "$dir/dg"
    for seed in 1 2 3 4 5 6 7 8; do
        "$BIN/scaleahead-datagen" -q --days 28 --seed "$seed" -o "$dir/dg/dg_${seed}_300.csv"
    done
    for seed in 9 10 11 12; do
        "$BIN/scaleahead-datagen" -q --days 42 --step 1800 --seed "$seed" \
            -o "$dir/dg/dg_${seed}_1800.csv"
    done
    "$PY" bench/devset.py "$FLEET" "$REAL" "$dir/dg" "$SET"
fi

: >"$dir/lines"
for half in ${DEV_HALVES:-A B}; do
    for file in "$SET/$half"/*.csv; do
        name=$(basename "$file" .csv)
        echo "default_dev: $half $name" >&2
        # shellcheck disable=SC2086
        "$BIN/scaleahead-train" -q --data "$file" --target value --steps 12 ${DEV_ARGS:-} \
            -o "$dir/model.h5" >"$dir/train.out"
        # the forecaster auto kept, beside the scores (dev_table.py skips it)
        sed -n "s/^auto: kept \(the network \)\{0,1\}\([^ ,:]*\).*/$half $name kept \2/p" "$dir/train.out" >>"$dir/lines"
        "$BIN/scaleahead-predict" -q --model "$dir/model.h5" -o "$dir/pred.csv" "$file" 2>/dev/null
        "$PY" bench/path_scores.py "$file" "$dir/pred.csv" value 1,3,6,12 |
            sed "s/^/$half $name /" >>"$dir/lines"
    done
done
[ -z "${DEV_LINES:-}" ] || cp "$dir/lines" "$DEV_LINES"

{
    BIN=$BIN sh tools/measured.sh "make default-dev (bench/default_dev.sh: scaleahead-train --target value --steps 12${DEV_ARGS:+ $DEV_ARGS}, default epochs and seed; predict's default intervals; bench/path_scores.py on the last 14 % of rows; load average at the end $(cut -d' ' -f1 /proc/loadavg))"
    echo
    "$PY" bench/dev_table.py "$dir/lines" "$SET/manifest.csv"
} >"$OUT"
cat "$OUT"
