#!/bin/sh
# The study behind docs/results.md, "Accuracy and the noise floor": the
# attention preset, exactly as make train runs it, on the seed profile
# (seed 42) over the seed's own 15 days and over make train's 60 days,
# with four training seeds each. For every run: the test MAE, the noise
# floor on the same windows (bench/noise_floor.sh), and both apart for
# targets outside and inside a sale; then, for training seed 42, the
# sale-day error by hour. About 13 minutes on 2 cores.
# Usage: sh bench/attention_study.sh   (BIN=bin-san etc. to pick a build)
set -e
BIN=${BIN:-bin}
HERE=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "| days | seed | test MAE | noise floor | above floor | no-sale MAE (floor) | sale MAE (floor) |"
echo "|---|---|---|---|---|---|---|"
for days in 15 60; do
    "$BIN/scaleahead-datagen" -q --profile seed --days "$days" --seed 42 -o "$tmp/data.csv"
    for seed in 42 1 2 3; do
        "$BIN/scaleahead-train" -q --data "$tmp/data.csv" --arch attention --seed "$seed" \
            -o "$tmp/m.h5" >/dev/null
        "$BIN/scaleahead-predict" -q --model "$tmp/m.h5" -o "$tmp/p.csv" "$tmp/data.csv"
        sh "$HERE/noise_floor.sh" "$tmp/data.csv" 36 1 "$tmp/p.csv" >"$tmp/floor.txt"
        [ "$seed" = 42 ] && sed -n '/by hour/{n;p;}' "$tmp/floor.txt" >"$tmp/hours_$days.txt"
        awk -v d="$days" -v s="$seed" '
            /^noise floor/ { floor = $NF }
            /^model/ { mae = $5; sub(",", "", mae); above = $6 }
            $1 == "no" { ns = $6 " (" $8 ")"; sub(",", "", ns) }
            $1 == "sale" { sl = $5 " (" $7 ")"; sub(",", "", sl) }
            END { printf "| %s | %s | %s | %s | %s %% | %s | %s |\n", d, s, mae, floor, above, ns, sl }
        ' "$tmp/floor.txt"
    done
done
for days in 15 60; do
    echo
    echo "sale-day error by hour, $days days, seed 42 (model - noise-free mean):"
    cat "$tmp/hours_$days.txt"
done
