#!/bin/sh
# The study behind the README's "Why the attention preset misses the noise
# floor": test MAE of four configurations over three seeds on the seed
# profile (data/multi_metric_data.csv, as make train makes it), each with the
# honest protocol. About 10 minutes on 2 cores. Prints one line per run.
#   preset       the attention preset as the seed has it
#   calendar     + the 17th feature, the calendar's sale flag at the target time
#   last         the preset with the last hidden state instead of attention pooling
#   last_d0_cal  last state, no dropout, lr 1e-3, + the 17th feature
set -e
BIN=${BIN:-bin}
DATA=data/multi_metric_data.csv
CAL=data/business_calendar.csv
F17=cpu_utilization,network_in,request_count,is_sale_active,hour,day_of_week,is_weekend
F17=$F17,is_business_hours,time_category,cpu_rolling_mean,cpu_rolling_std,cpu_rolling_min
F17=$F17,cpu_rolling_max,cpu_diff,network_rolling_mean,request_rolling_mean,sale_at_target
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() {
    name=$1
    shift
    "$BIN/scaleahead-train" -q --data "$DATA" -o "$tmp/m.h5" "$@" >"$tmp/out"
    printf '%-12s %s\n' "$name" "$(grep '^test:' "$tmp/out")"
}
for seed in 1 2 3; do
    echo "seed $seed"
    run preset --seed "$seed"
    run calendar --seed "$seed" --calendar "$CAL" --features "$F17"
    run last --seed "$seed" --attention 0
    run last_d0_cal --seed "$seed" --attention 0 --dropout 0 --lr 1e-3 --calendar "$CAL" --features "$F17"
done
