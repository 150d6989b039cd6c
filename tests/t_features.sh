#!/bin/sh
# t_features.sh — scaleahead-features end to end: the committed pandas
# reference (tests/data/features_ref.csv), dropped features, --fill,
# --features and --calendar, usage errors, a datagen pipeline.
. "$TOP/tests/lib.sh"
F=$BIN/scaleahead-features
ALL=cpu_utilization,network_in,request_count,is_sale_active,hour,day_of_week,is_weekend,is_business_hours,time_category,cpu_rolling_mean,cpu_rolling_std,cpu_rolling_min,cpu_rolling_max,cpu_diff,network_rolling_mean,request_rolling_mean,sale_at_target

# compare A B: same header and timestamps, every number within 1e-4 (relative above 1).
compare() {
    awk -F, 'NR == FNR { ref[FNR] = $0; n = FNR; next }
        { split(ref[FNR], r, ",")
          if (FNR == 1 || NF != length(r)) { if ($0 != ref[FNR] && FNR == 1) bad++; if (NF != length(r)) bad++; next }
          if ($1 != r[1]) bad++
          for (i = 2; i <= NF; i++) { d = $i - r[i]; if (d < 0) d = -d; s = r[i] < 0 ? -r[i] : r[i]
              if (d > 1e-4 * (s > 1 ? s : 1)) { bad++; if (bad < 4) print "row " FNR " col " i ": " $i " vs " r[i] > "/dev/stderr" } } }
        END { exit (bad > 0 || FNR != n) }' "$2" "$1"
}

$F -q --features $ALL --calendar "$DATA/calendar_small.csv" --horizon 1 "$DATA/metrics_small.csv" -o "$WORK/f.csv"
check "features: 17 columns of 288 rows match the pandas reference" compare "$WORK/f.csv" "$DATA/features_ref.csv"

$F "$DATA/metrics_small.csv" >"$WORK/f16.csv" 2>"$WORK/err"
check "features: default header is timestamp + the seed's 16" \
    test "$(head -1 "$WORK/f16.csv")" = "timestamp,$(echo $ALL | sed 's/,sale_at_target//')"
check "features: no notes for a complete file" test ! -s "$WORK/err"

$F "$DATA/value_only.csv" --target value >"$WORK/v.csv" 2>"$WORK/err"
check "features: value-only file keeps 11 features" test "$(head -1 "$WORK/v.csv" | tr ',' '\n' | wc -l)" -eq 12
check "features: dropped features noted on stderr" grep -q "left out.*network_in,request_count,is_sale_active,network_rolling_mean,request_rolling_mean" "$WORK/err"
check "features: the gap is noted" grep -q "1 gap (step 300 s)" "$WORK/err"
check "features: -q silences notes" sh -c "$F -q --target value '$DATA/value_only.csv' 2>&1 >/dev/null | wc -c | grep -qx 0"
$F -q --fill --target value "$DATA/value_only.csv" >"$WORK/fill.csv"
check "features: --fill adds the missing row" test "$(wc -l <"$WORK/fill.csv")" -eq 7
check "features: --fill copies the previous value" grep -q "^2025-01-11 09:10:00,30," "$WORK/fill.csv"

expect_exit "features: a name that is neither a feature nor a column lists both" 1 \
    "cpu is neither a feature \(cpu_utilization, .*\) nor a column of the file \(timestamp, cpu_utilization" \
    $F --features cpu "$DATA/metrics_small.csv"
expect_exit "features: sale_at_target needs --calendar" 2 "sale_at_target needs --calendar" $F --features sale_at_target "$DATA/metrics_small.csv"
expect_exit "features: bad calendar names its line" 1 "cal.csv:2: column end: .* is not after start" \
    sh -c "printf 'start,end,name\n2025-01-02 00:00:00,2025-01-01 00:00:00,x\n' >'$WORK/cal.csv'; $F --calendar '$WORK/cal.csv' '$DATA/metrics_small.csv'"

# Through stdin, with only timestamp and cpu; is_sale_active from the calendar.
$BIN/scaleahead-datagen -q --profile seed --days 6 --calendar-out "$WORK/c.csv" -o "$WORK/m.csv"
cut -d, -f1,2 "$WORK/m.csv" | $F -q --calendar "$WORK/c.csv" --features cpu_utilization,is_sale_active,sale_at_target - >"$WORK/p.csv"
check "features: datagen | features, 6 days" test "$(wc -l <"$WORK/p.csv")" -eq 1729
check "features: sale flag derived from the calendar (day 5)" test "$(grep -c ',1,1$' "$WORK/p.csv")" -eq 287
check "features: sale known one step ahead" grep -q "^2025-01-09 23:55:00,.*,0,1$" "$WORK/p.csv"
