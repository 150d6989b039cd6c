#!/bin/sh
# t_datagen.sh — scaleahead-datagen end to end: row counts, the calendar it
# writes, sale rows, determinism, --calendar input, usage errors, atomic output,
# and the noise floor of bench/noise_floor.sh against the noise-free data.
. "$TOP/tests/lib.sh"
D=$BIN/scaleahead-datagen

$D -q --profile seed -o "$WORK/seed.csv" --calendar-out "$WORK/cal.csv"
check "datagen: seed profile, 15 days = 4320 rows + header" test "$(wc -l <"$WORK/seed.csv")" -eq 4321
check "datagen: columns in order" test "$(head -1 "$WORK/seed.csv")" = \
    "timestamp,cpu_utilization,memory_utilization,network_in,network_out,request_count,is_sale_active"
check "datagen: calendar has the three sale days" test "$(cat "$WORK/cal.csv")" = "start,end,name
2025-01-10 00:00:00,2025-01-11 00:00:00,sale day 5
2025-01-15 00:00:00,2025-01-16 00:00:00,sale day 10
2025-01-20 00:00:00,2025-01-21 00:00:00,sale day 15"
check "datagen: 864 sale rows" test "$(grep -c ',1$' "$WORK/seed.csv")" -eq 864
check "datagen: last row at day 15, 23:55" grep -q "^2025-01-20 23:55:00," "$WORK/seed.csv"

$D -q --profile seed -o "$WORK/seed2.csv"
check "datagen: same seed, same bytes" cmp -s "$WORK/seed.csv" "$WORK/seed2.csv"
$D -q --profile seed --seed 9 -o "$WORK/seed9.csv"
check "datagen: other seed, other bytes" sh -c "! cmp -s '$WORK/seed.csv' '$WORK/seed9.csv'"
$D -q --days 2 >"$WORK/r.csv"
$D -q --days 2 --profile realistic >"$WORK/r1.csv"
check "datagen: realistic is the default and repeats" cmp -s "$WORK/r.csv" "$WORK/r1.csv"
check "datagen: realistic differs from seed" sh -c "! $D -q --days 2 --profile seed | cmp -s - '$WORK/r.csv'"

printf 'start,end,name\n2025-01-06 10:00:00,2025-01-06 11:00:00,flash sale\n' >"$WORK/in.csv"
$D -q --days 2 --calendar "$WORK/in.csv" --calendar-out "$WORK/out.csv" -o "$WORK/r2.csv"
check "datagen: --calendar events drive is_sale_active (12 rows)" test "$(grep -c ',1$' "$WORK/r2.csv")" -eq 12
check "datagen: --calendar-out writes the events used" cmp -s "$WORK/in.csv" "$WORK/out.csv"
$D -q --days 1 --step 3600 --start 2024-02-29T00:00:00Z -o "$WORK/h.csv"
check "datagen: --step and --start" sh -c "[ \$(wc -l <'$WORK/h.csv') -eq 25 ] && sed -n 3p '$WORK/h.csv' | grep -q '^2024-02-29 01:00:00,'"

expect_exit "datagen: unknown profile" 2 "--profile: 'x' is not seed or realistic" $D --profile x
expect_exit "datagen: step must divide a day" 2 "step must divide a day" $D --step 7
expect_exit "datagen: bad --start" 2 "--start: '2025-02-30' is not a timestamp" $D --start 2025-02-30
expect_exit "datagen: bad calendar file" 1 "in2.csv:2: column start" \
    sh -c "printf 'start,end,name\nsoon,2025-01-01 00:00:00,x\n' >'$WORK/in2.csv'; $D --calendar '$WORK/in2.csv' -o '$WORK/never.csv'"
check "datagen: nothing written after an error" test ! -e "$WORK/never.csv"
expect_exit "datagen: unwritable output" 1 "cannot write" $D -o "$WORK/no/such/dir.csv"

# bench/noise_floor.sh holds the seed formula's noise-free mean: it must be
# what datagen writes with --noise 0, and a forecaster that predicts exactly
# that mean must score the floor, 0 % above it, in both parts.
$D -q --profile seed --noise 0 -o "$WORK/mean.csv"
check "noise floor: 0 on noise-free data" sh -c \
    "sh '$TOP/bench/noise_floor.sh' '$WORK/mean.csv' | grep -q 'MAE 0.0000$'"
paste -d, "$WORK/seed.csv" "$WORK/mean.csv" |
    awk -F, 'NR > 37 { print $1 "," $2 "," $9 ",hold" } NR == 1 { print "timestamp,actual,predicted,decision" }' \
    >"$WORK/oracle.csv"
sh "$TOP/bench/noise_floor.sh" "$WORK/seed.csv" 36 1 "$WORK/oracle.csv" >"$WORK/floor.txt"
floor=$(sed -n 's/^noise floor.*MAE //p' "$WORK/floor.txt")
check "noise floor: the noise-free mean as a forecast scores the floor" \
    grep -Eq "^model \(same windows\): MAE $floor, 0.0 % above the floor" "$WORK/floor.txt"
check "noise floor: 355 no-sale and 288 sale test windows, each at its floor" sh -c \
    "grep -Eq 'no sale +355 windows: model ([0-9.]+), floor \1$' '$WORK/floor.txt' &&
     grep -Eq 'sale +288 windows: model ([0-9.]+), floor \1$' '$WORK/floor.txt'"
check "noise floor: the oracle's sale-day error is 0.0 in all 24 hours" sh -c \
    "sed -n '/by hour/{n;p;}' '$WORK/floor.txt' | grep -Eo '[0-9]+:[+-]0\.0( |$)' | wc -l | grep -qx 24"
