#!/bin/sh
# The noise floor of the seed profile: the test-split MAE of forecasting the
# generator's own noise-free mean, clip(20 + 15 f + 40 sale, 5, 95), where
# f = sin(linspace(0, days 2 pi, N)). No forecaster can beat it on average.
#
# Usage: sh bench/noise_floor.sh DATA.csv [SEQ_LEN] [HORIZON] [PREDICTIONS.csv]
# (the test split of docs/design.md §6: windows floor(0.85 W) .. W-1,
# W = N - T - H + 1, for a file without gaps)
#
# With PREDICTIONS.csv (scaleahead-predict's output for DATA.csv) it also
# prints the model's MAE on the same windows beside the floor, apart for
# targets outside and inside a sale, and the model's mean error against the
# noise-free mean in each hour of the sale days: where a forecaster that
# learnt the sale effect would be near 0 and one that did not is far off.
data=${1:?usage: noise_floor.sh DATA.csv [SEQ_LEN] [HORIZON] [PREDICTIONS.csv]}
seq=${2:-36}
h=${3:-1}
pred=${4:-/dev/null}
awk -F, -v T="$seq" -v H="$h" '
function mean_at(r,    f, m) {
    f = sin(r * days * 2 * pi / (n - 1))
    m = 20 + 15 * f + 40 * sale[r]
    return m < 5 ? 5 : m > 95 ? 95 : m
}
function abs(x) { return x < 0 ? -x : x }
FNR == 1 { for (i = 1; i <= NF; i++) col[FILENAME, $i] = i; next }
NR == FNR {
    r = FNR - 2; n = r + 1
    cpu[r] = $col[FILENAME, "cpu_utilization"]; sale[r] = $col[FILENAME, "is_sale_active"]
    row[$col[FILENAME, "timestamp"]] = r
    next
}
$col[FILENAME, "actual"] != "" { predicted[row[$col[FILENAME, "timestamp"]]] = $col[FILENAME, "predicted"] }
END {
    days = n / 288; pi = atan2(0, -1)
    W = n - T - H + 1; first = int(0.85 * W)
    for (k = first; k < W; k++) {
        r = k + T - 1 + H                       # target row of window k
        m = mean_at(r); s = sale[r]; noise = abs(cpu[r] - m)
        sum += noise; cnt++
        if (!(r in predicted))
            continue
        y = predicted[r]
        part_n[s]++; part_floor[s] += noise; part_mae[s] += abs(y - cpu[r])
        if (s) { hr = int((r % 288) / 12); bias[hr] += y - m; bias_n[hr]++ }
    }
    printf "noise floor (test split, %d windows): MAE %.4f\n", cnt, sum / cnt
    if (part_n[0] + part_n[1] != cnt)
        exit
    above = 100 * ((part_mae[0] + part_mae[1]) / sum - 1)
    printf "model (same windows): MAE %.4f, %.1f %% above the floor\n",
        (part_mae[0] + part_mae[1]) / cnt, abs(above) < 0.05 ? 0 : above
    for (s = 0; s <= 1; s++)
        if (part_n[s])
            printf "  %-9s %4d windows: model %.4f, floor %.4f\n", s ? "sale" : "no sale",
                part_n[s], part_mae[s] / part_n[s], part_floor[s] / part_n[s]
    if (part_n[1]) {
        printf "  sale-day mean error by hour (model - noise-free mean):\n "
        for (hr = 0; hr < 24; hr++)
            if (bias_n[hr])
                printf " %d:%+.1f", hr, bias[hr] / bias_n[hr]
        printf "\n"
    }
}' "$data" "$pred"
