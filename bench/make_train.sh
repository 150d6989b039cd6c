#!/bin/sh
# make_train.sh — what `make train` gives, measured: the seed profile over
# SEED_DAYS days (default 60, seed 42: make train's data), the attention
# preset with make train's schedule (TRAIN_SCHEDULE, as in the Makefile),
# train's summary, eval's report on the test part, the noise floor of that
# part (bench/noise_floor.sh: the MAE of forecasting the generator's own
# noise-free mean, which no forecaster beats on average) with the model's
# distance to it, and the training's wall and CPU time. Prints Markdown;
# `make figures` writes it to bench/make_train.md for docs/results.md.
#
# Usage: sh bench/make_train.sh [DIR]   (DIR keeps the data and the model)
#   BIN points at the tools (default bin).
set -eu
BIN=${BIN:-bin}
SEED_DAYS=${SEED_DAYS:-60}
TRAIN_SCHEDULE=${TRAIN_SCHEDULE:---schedule cosine --epochs 15 --lr 2e-3}
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tools/work_dir.sh"

"$BIN/scaleahead-datagen" --profile seed --days "$SEED_DAYS" --seed 42 \
    --calendar-out "$DIR/business_calendar.csv" -o "$DIR/multi_metric_data.csv" 2>/dev/null
start=$(date +%s.%N)
# shellcheck disable=SC2086 # the schedule is a list of flags
/usr/bin/time -f '%U %S' -o "$DIR/cpu" "$BIN/scaleahead-train" -q \
    --data "$DIR/multi_metric_data.csv" --arch attention $TRAIN_SCHEDULE \
    -o "$DIR/attention.h5" >"$DIR/train.txt"
wall=$(echo "$(date +%s.%N) $start" | awk '{ printf "%.0f", $1 - $2 }')
cpu=$(awk '{ printf "%.0f", $1 + $2 }' "$DIR/cpu")
"$BIN/scaleahead-eval" --model "$DIR/attention.h5" >"$DIR/eval.txt"
"$BIN/scaleahead-predict" --model "$DIR/attention.h5" "$DIR/multi_metric_data.csv" >"$DIR/pred.csv"

echo "\`scaleahead-train --arch attention $TRAIN_SCHEDULE\` on the seed profile, $SEED_DAYS days, seed 42: training took $wall s of wall time and $cpu s of CPU time."
echo
printf '```\n'
cat "$DIR/train.txt" "$DIR/eval.txt" | sed "s|$DIR/||g"   # the data's name, not the temporary folder
printf '```\n\nThe noise floor of the test part (bench/noise_floor.sh), and the model on the same windows:\n\n```\n'
sh "$TOP/bench/noise_floor.sh" "$DIR/multi_metric_data.csv" 36 1 "$DIR/pred.csv"
printf '```\n'
