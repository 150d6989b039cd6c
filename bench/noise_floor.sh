#!/bin/sh
# The noise floor of the seed profile: the test-split MAE of forecasting the
# generator's own noise-free mean, clip(20 + 15 f + 40 sale, 5, 95), where
# f = sin(linspace(0, days 2 pi, N)). No forecaster can beat it on average.
# Usage: sh bench/noise_floor.sh DATA.csv [SEQ_LEN] [HORIZON]
# (the test split of DESIGN.md §6: windows floor(0.85 W) .. W-1, W = N - T - H + 1)
data=${1:?usage: noise_floor.sh DATA.csv [SEQ_LEN] [HORIZON]}
seq=${2:-36}
h=${3:-1}
awk -F, -v T="$seq" -v H="$h" '
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{ cpu[NR - 2] = $col["cpu_utilization"]; sale[NR - 2] = $col["is_sale_active"] }
END {
    n = NR - 1; days = n / 288; pi = atan2(0, -1)
    W = n - T - H + 1; first = int(0.85 * W)
    for (k = first; k < W; k++) {
        r = k + T - 1 + H                       # target row of window k
        f = sin(r * days * 2 * pi / (n - 1))
        m = 20 + 15 * f + 40 * sale[r]
        if (m < 5) m = 5; if (m > 95) m = 95
        d = cpu[r] - m; sum += d < 0 ? -d : d; cnt++
    }
    printf "noise floor (test split, %d windows): MAE %.4f\n", cnt, sum / cnt
}' "$data"
