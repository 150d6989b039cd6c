#!/bin/sh
# sim_tables.sh — the policy comparison tables of the README: every policy of
# scaleahead-sim (--policy all) on
#   (a) the seed profile, 15 days, seed 42, with its business calendar, and
#       forecasts of an attention model trained on it (--model);
#   (b) the real CloudWatch series cpu_utilization_asg_misconfiguration.csv
#       (a timestamp,value file: --target value), with forecasts of an
#       original-preset model trained on it (there is no calendar, so no
#       scheduled policy).
# Each model is trained with the chronological 70/15/15 split of DESIGN.md
# §6, so it has seen the first 70 % of the replayed series: the tables
# compare policies, they do not measure the forecaster (scaleahead-eval
# does). Prints each command and its table as Markdown.
#
# Usage: sh bench/sim_tables.sh [DIR]
#   DIR keeps the data and models (default: a temporary directory, removed);
#   BIN points at the tools (default bin); EPOCHS caps training (default 15;
#   early stopping may end it sooner). Takes several minutes on 2 cores.
set -eu
BIN=${BIN:-bin}
EPOCHS=${EPOCHS:-15}
TOP=$(cd "$(dirname "$0")/.." && pwd)
REAL=$TOP/../shared/data/real/cpu_utilization_asg_misconfiguration.csv
if [ $# -ge 1 ]; then
    DIR=$1
    mkdir -p "$DIR"
else
    DIR=$(mktemp -d)
    trap 'rm -rf "$DIR"' EXIT
fi

# show CMD...: prints the command (paths as in the README) and its output.
show() {
    printf '```\n$ %s\n' "$(echo "$*" | sed "s|$DIR/||g; s|$BIN/||g; s|$TOP/||g")"
    "$@"
    printf '```\n\n'
}

"$BIN/scaleahead-datagen" --profile seed --days 15 --seed 42 \
    --calendar-out "$DIR/business_calendar.csv" -o "$DIR/multi_metric_data.csv" 2>/dev/null
"$BIN/scaleahead-train" -q --data "$DIR/multi_metric_data.csv" --arch attention \
    --epochs "$EPOCHS" --threads 2 -o "$DIR/attention.h5" >"$DIR/attention.txt"
"$BIN/scaleahead-train" -q --data "$REAL" --target value --arch original \
    --epochs "$EPOCHS" --threads 2 -o "$DIR/asg_original.h5" >"$DIR/asg_original.txt"

echo "### (a) Seed profile, 15 days, seed 42: attention model forecasts"
echo
show "$BIN/scaleahead-sim" -q --policy all --model "$DIR/attention.h5" \
    --calendar "$DIR/business_calendar.csv" "$DIR/multi_metric_data.csv"
echo "### (b) Real series cpu_utilization_asg_misconfiguration.csv: original model forecasts"
echo
show "$BIN/scaleahead-sim" -q --policy all --target value --model "$DIR/asg_original.h5" "$REAL"
echo "Models (test split of each, from scaleahead-train):"
echo
printf '```\n'
grep -h '^test:' "$DIR/attention.txt" "$DIR/asg_original.txt"
printf '```\n'
