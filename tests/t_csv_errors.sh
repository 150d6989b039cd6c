#!/bin/sh
# t_csv_errors.sh — every kind of bad metrics CSV fed to scaleahead-features:
# exit status 1 and one stderr line naming file, line and column; plus the
# inputs that must be accepted (BOM + CRLF, a huge field in an ignored
# column) and the "stdin" display name.
. "$TOP/tests/lib.sh"
F=$BIN/scaleahead-features
BAD=$TOP/tests/bad/csv

expect_exit "csv: ragged row" 1 "ragged_row_short.csv:5: row has 4 fields, header has 7$" $F "$BAD/ragged_row_short.csv"
expect_exit "csv: text in a number column" 1 "text_in_number.csv:5: column cpu_utilization: 'high' is not a number$" $F "$BAD/text_in_number.csv"
expect_exit "csv: NaN" 1 "nan.csv:5: column cpu_utilization: 'NaN' is not finite$" $F "$BAD/nan.csv"
expect_exit "csv: inf" 1 "inf.csv:5: column cpu_utilization: 'inf' is not finite$" $F "$BAD/inf.csv"
expect_exit "csv: empty field" 1 "empty_field.csv:5: column cpu_utilization: value is empty$" $F "$BAD/empty_field.csv"
expect_exit "csv: duplicate timestamp" 1 "duplicate_timestamp.csv:6: column timestamp: duplicate timestamp 2025-01-10 12:45:00" $F "$BAD/duplicate_timestamp.csv"
expect_exit "csv: backwards timestamp" 1 "backwards_timestamp.csv:6: column timestamp: .* goes backwards" $F "$BAD/backwards_timestamp.csv"
expect_exit "csv: difference off the step" 1 "off_step.csv:5: column timestamp: .*not a multiple of the step \(300 s\)" $F "$BAD/off_step.csv"
expect_exit "csv: not a real date" 1 "bad_date.csv:2: column timestamp: '2025-02-29 00:00:00' is not a timestamp" $F "$BAD/bad_date.csv"
expect_exit "csv: empty file" 1 "empty.csv: is empty" $F "$BAD/empty.csv"
expect_exit "csv: header only" 1 "header_only.csv: has a header but no data rows" $F "$BAD/header_only.csv"
expect_exit "csv: missing target column" 1 "missing_column.csv:1: column cpu_utilization: missing from the header" $F "$BAD/missing_column.csv"
expect_exit "csv: no timestamp column" 1 "no_timestamp.csv:1: column timestamp: missing from the header" $F "$BAD/no_timestamp.csv"
expect_exit "csv: unclosed quote" 1 "unclosed_quote.csv:2: malformed CSV" $F "$BAD/unclosed_quote.csv"
expect_exit "csv: missing file" 1 "nope.csv: cannot open: No such file" $F "$WORK/nope.csv"
expect_exit "csv: stdin is named stdin" 1 "^scaleahead-features: stdin:5: column cpu_utilization: 'high'" sh -c "$F - < '$BAD/text_in_number.csv'"
expect_exit "csv: --target names the missing column" 1 "column memory: missing" $F --target memory "$BAD/text_in_number.csv"

# A 1 MB field: an error in a number column (message cut short), ignored elsewhere.
big=$(head -c 1048576 /dev/zero | tr '\0' 7)
printf 'timestamp,cpu_utilization,comment\n2025-01-06 00:00:00,1,a\n2025-01-06 00:05:00,%s.x,b\n' "$big" >"$WORK/big_number.csv"
expect_exit "csv: 1 MB field in a number column" 1 "big_number.csv:3: column cpu_utilization: '7{40}\.\.\.' is not a number$" $F "$WORK/big_number.csv"
printf 'timestamp,cpu_utilization,comment\n2025-01-06 00:00:00,1,%s\n2025-01-06 00:05:00,2,b\n' "$big" >"$WORK/big_ignored.csv"
check "csv: 1 MB field in an ignored column is fine" sh -c "$F -q '$WORK/big_ignored.csv' | tail -1 | grep -q '^2025-01-06 00:05:00,2,'"

# Accepted: UTF-8 BOM and CRLF line ends.
check "csv: BOM and CRLF accepted" sh -c "$F -q '$DATA/bom_crlf.csv' >'$WORK/bom.out' && [ \$(wc -l <'$WORK/bom.out') -eq 3 ] && head -1 '$WORK/bom.out' | grep -q '^timestamp,cpu_utilization,'"
check "csv: quoted header and fields" sh -c "printf '\"timestamp\",\"cpu_utilization\"\n\"2025-01-06 00:00:00\",\"5\"\n' | $F -q - | grep -q '^2025-01-06 00:00:00,5,'"
