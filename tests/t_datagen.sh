#!/bin/sh
# t_datagen.sh — scaleahead-datagen end to end: row counts, the calendar it
# writes, sale rows, determinism, --calendar input, usage errors, atomic output.
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
