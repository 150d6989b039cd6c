#!/bin/sh
# schedule_48h.sh — the next 48 hours, hour by hour: a forecast-only
# capacity schedule from your own metrics, as AWS predictive scaling's
# forecast-only mode shows it.
#
# From a metrics export (CloudWatch JSON, Prometheus JSON, Grafana CSV or a
# "timestamp,value" CSV) it makes an hourly series (scaleahead-import
# --step 3600 --agg mean), trains a 48-step path model on it once
# (scaleahead-train --steps 48; kept in MODEL and reused), and prints the
# schedule of the next 48 hours (scaleahead-predict --format schedule):
#
#   hour,first_step,last_step,predicted_max,upper_max,instances
#   2014-07-15 18:00:00,1,1,13.96,18.27,2
#   ...
#
# one line per hour: the forecast, its 90 % upper bound, and the instances
# that bound needs at TARGET_CPU on the current fleet of INSTANCES (the CPU
# being measured on that fleet). Nothing is scaled: compare the schedule
# with what happens for a while before acting on it.
#
#   sh examples/schedule_48h.sh export.json
#   INSTANCES=6 TARGET_CPU=50 MODEL=models/web48.h5 sh examples/schedule_48h.sh cpu.csv
#
# Environment:
#   INSTANCES   current fleet size (default 4)
#   TARGET_CPU  per-instance CPU % to stay at or below (default 60)
#   MODEL       the path model (default models/schedule_48h.h5; trained when
#               missing, RETRAIN=1 trains it again)
#   COLUMN      the column of a CSV export holding the CPU (default value)
#   EPOCHS      training epochs (default 50)
#   SCALEAHEAD  folder of the scaleahead-* tools (default: on PATH)
# Exit status: 0 when the schedule was printed, 1 on any failure.
set -eu
export_file=${1:?usage: schedule_48h.sh EXPORT (CloudWatch/Prometheus JSON, Grafana or timestamp,value CSV)}
INSTANCES=${INSTANCES:-4}
TARGET_CPU=${TARGET_CPU:-60}
MODEL=${MODEL:-models/schedule_48h.h5}
COLUMN=${COLUMN:-value}
EPOCHS=${EPOCHS:-50}
bin=${SCALEAHEAD:+$SCALEAHEAD/}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. Hourly means, one row an hour (a missing hour is a gap no window crosses).
"${bin}scaleahead-import" -q --step 3600 --agg mean --column "cpu_utilization=$COLUMN" \
    "$export_file" -o "$tmp/hourly.csv"

# 2. A model of the next 48 steps (hours), each with its own interval.
if [ ! -f "$MODEL" ] || [ "${RETRAIN:-0}" = 1 ]; then
    mkdir -p "$(dirname "$MODEL")"
    "${bin}scaleahead-train" -q --data "$tmp/hourly.csv" --steps 48 --epochs "$EPOCHS" \
        -o "$MODEL" >/dev/null
fi

# 3. The schedule of the newest window's path.
"${bin}scaleahead-predict" -q --model "$MODEL" --format schedule --instances "$INSTANCES" \
    --target-cpu "$TARGET_CPU" "$tmp/hourly.csv"
