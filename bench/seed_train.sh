#!/bin/sh
# One make-train configuration on the seed profile, on both lengths (60
# days, make train's SEED_DAYS default, and the seed's own 15) and for each
# data seed given: one table row per run with the test MAE, the noise floor
# on the same windows (bench/noise_floor.sh) and the training CPU time
# (user + system, /usr/bin/time).
#
# Usage: sh bench/seed_train.sh "DATA_SEEDS" TRAIN_FLAGS...
#   e.g. sh bench/seed_train.sh "42 1" --arch robust --schedule cosine --epochs 15 --lr 2e-3
# (BIN defaults to bin; docs/results.md, "Looking for one make train configuration")
seeds=${1:?usage: seed_train.sh \"DATA_SEEDS\" TRAIN_FLAGS...}
shift
BIN=${BIN:-bin}
HERE=$(dirname "$0")
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
for seed in $seeds; do
    for days in 60 15; do
        "$BIN/scaleahead-datagen" --profile seed --days "$days" --seed "$seed" \
            --calendar-out "$tmp/cal.csv" -o "$tmp/data.csv" 2>"$tmp/log" || exit 1
        /usr/bin/time -f "%U %S" -o "$tmp/time" "$BIN/scaleahead-train" -q --threads 2 \
            --data "$tmp/data.csv" "$@" -o "$tmp/m.h5" >"$tmp/log" 2>&1 || exit 1
        "$BIN/scaleahead-predict" -q --model "$tmp/m.h5" -o "$tmp/p.csv" "$tmp/data.csv" || exit 1
        sh "$HERE/noise_floor.sh" "$tmp/data.csv" 36 1 "$tmp/p.csv" | awk -v d="$days" -v s="$seed" -v cfg="$*" \
            -v cpu="$(awk '{print $1 + $2}' "$tmp/time")" '
            NR == 1 { floor = $NF }
            NR == 2 { mae = $5; sub(/,/, "", mae); pct = $6 }
            END { printf "| %s | %s | %s | %s | %s | %s %% | %.1f s |\n", cfg, d, s, mae, floor, pct, cpu }'
    done
done
