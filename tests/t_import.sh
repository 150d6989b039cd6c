# t_import.sh — scaleahead-import on hand-written fixtures shaped like the
# real exports (tests/import/): each converts byte for byte to its expected
# CSV; each malformed variant is a one-line error naming the JSON path; an
# import round-trips through train and predict; the join of bench/realdata.sh.
. "$TOP/tests/lib.sh"
I=$TOP/tests/import
imp() { "$BIN/scaleahead-import" -q "$@"; }

# same NAME EXPECTED ARGS...: the import's stdout equals EXPECTED.
same() {
    n=$1 want=$2
    shift 2
    if imp "$@" >"$WORK/got" 2>"$WORK/err" && cmp -s "$WORK/got" "$want"; then ok "$n"
    else fail "$n: $(head -c 300 "$WORK/err") $(diff "$WORK/got" "$want" | head -5)"; fi
}

same "cloudwatch get-metric-data: two metrics, newest first, by Id and Label" \
    "$I/cloudwatch_data.csv" --column cpu_utilization=cpu --column network_in=NetworkIn \
    "$I/cloudwatch_data.json"
same "cloudwatch --query MetricDataResults: the results array alone" \
    "$I/cloudwatch_data.csv" --column cpu_utilization=cpu --column network_in=NetworkIn \
    "$I/cloudwatch_query.json"
same "cloudwatch get-metric-statistics: +02:00 offsets to UTC, sorted" \
    "$I/cloudwatch_statistics.csv" "$I/cloudwatch_statistics.json"
same "prometheus query_range: two series by label matcher, NaN left out" \
    "$I/prometheus_range.csv" --column 'cpu_utilization=node_cpu_busy{instance="a:9100"}' \
    --column 'memory_utilization={instance="b:9100", job="node"}' "$I/prometheus_range.json"
same "grafana CSV: ms epochs, CRLF, quoted header, empty and null points" \
    "$I/grafana.csv.expected" --column cpu_utilization=cpu "$I/grafana.csv"
same "local times across both DST changes (Europe/Berlin), semicolons" \
    "$I/local_dst.expected" --tz Europe/Berlin --column cpu_utilization=cpu "$I/local_dst.csv"
same "jitter, a duplicate and an off-grid row resampled (--step 300, sum for counts)" \
    "$I/jittered.expected" --step 300 --agg request_count=sum \
    --column cpu_utilization=value --column request_count=requests "$I/jittered.csv"
same "--format csv and stdin" "$I/grafana.csv.expected" --format csv \
    --column cpu_utilization=cpu - <"$I/grafana.csv"
imp "$I/prometheus_query.json" >"$WORK/q.csv"
check "prometheus query (vector): one row, fractional time rounded down" \
    [ "$(cat "$WORK/q.csv")" = "timestamp,up
2014-04-10 00:04:00,1" ]
imp -o "$WORK/o.csv" --column cpu_utilization=cpu --column network_in=net "$I/cloudwatch_data.json"
check "-o FILE writes the same bytes" cmp -s "$WORK/o.csv" "$I/cloudwatch_data.csv"
"$BIN/scaleahead-import" "$I/cloudwatch_data.json" >/dev/null 2>"$WORK/err"
check "a note says when points were sorted" grep -q "not in time order; sorted" "$WORK/err"

# Malformed exports: one line naming the JSON path, exit 1, no output file.
bad() {
    expect_exit "$1" 1 "$2" "$BIN/scaleahead-import" -o "$WORK/bad.csv" "$I/$3"
    [ -e "$WORK/bad.csv" ] && fail "$1: left an output file"
}
bad "cloudwatch: missing Values" 'cw_missing_values.json: \$\.MetricDataResults\[1\]\.Values: missing$' cw_missing_values.json
bad "cloudwatch: mismatched lengths" '\$\.MetricDataResults\[0\]: 3 Timestamps but 2 Values$' cw_mismatched.json
bad "cloudwatch: non-numeric value" "\\\$\\.MetricDataResults\\[0\\]\\.Values\\[1\\]: 'high' is not a number" cw_nonnumeric.json
bad "cloudwatch: empty result" '\$\.MetricDataResults: empty' cw_empty.json
bad "cloudwatch: a metric without points" '\$\.MetricDataResults\[0\]: has no data points' cw_empty_values.json
printf '[{"Id": "cpu", "Timestamps": ["2014-04-10T00:04:00Z"]}]\n' >"$WORK/q.json"
expect_exit "cloudwatch results array: the path starts at \$" 1 'q.json: \$\[0\]\.Values: missing$' \
    "$BIN/scaleahead-import" "$WORK/q.json"
bad "prometheus: empty result" '\$\.data\.result: empty' prom_empty.json
bad "prometheus: non-numeric value" "\\\$\\.data\\.result\\[0\\]\\.values\\[1\\]\\[1\\]: '12,75' is not a number" prom_nonnumeric.json
bad "prometheus: missing values" '\$\.data\.result\[0\]\.values: missing' prom_missing_values.json
bad "prometheus: the query's own error" 'the query failed: bad_data: invalid parameter' prom_error.json
bad "truncated JSON: file and line" 'truncated.json:3: invalid JSON' truncated.json
expect_exit "duplicate timestamp without --step names the fix" 1 \
    'duplicate timestamp 2014-04-10 00:19:00; resample with --step 300' \
    "$BIN/scaleahead-import" --column cpu_utilization=value "$I/jittered.csv"
expect_exit "two series of one name: the matcher that tells them apart" 1 \
    'e\.g\. node_cpu_busy\{instance="b:9100"\}' "$BIN/scaleahead-import" "$I/prometheus_range.json"
expect_exit "--column SOURCE that names nothing lists what there is" 1 \
    "no series is called 'CPUUtil' .*there are: cpu, net" \
    "$BIN/scaleahead-import" --column cpu_utilization=CPUUtil "$I/cloudwatch_data.json"
expect_exit "--column without '=' is a usage error" 2 "want NAME=SOURCE" \
    "$BIN/scaleahead-import" --column cpu "$I/cloudwatch_data.json"
expect_exit "unknown zone" 1 "unknown time zone 'Mars/Olympus'" \
    "$BIN/scaleahead-import" --tz Mars/Olympus "$I/local_dst.csv"
expect_exit "a local time the clocks skip" 1 "does not exist in the zone" \
    "$BIN/scaleahead-import" --tz Europe/Berlin --time-column Time - <<'CSV'
Time,cpu
2014-03-30 02:30:00,1
CSV
printf '\377\376t\000i\000m\000e\000\n\000' >"$WORK/u16.csv"
expect_exit "UTF-16 input: says so and names iconv" 1 "looks like UTF-16.*iconv -f UTF-16" \
    "$BIN/scaleahead-import" "$WORK/u16.csv"

# The 825cc2 join of bench/realdata.sh as one command: the same rows and
# numbers as join(1) (which keeps the files' "251643.0" spelling).
if [ -f "$REAL/ec2_cpu_utilization_825cc2.csv" ]; then
    c=$REAL/ec2_cpu_utilization_825cc2.csv n=$REAL/ec2_network_in_257a54.csv r=$REAL/elb_request_count_8c0756.csv
    imp --column cpu_utilization="$c:value" --column network_in="$n:value" \
        --column request_count="$r:value" "$c" "$n" "$r" >"$WORK/j.csv"
    tail -n +2 "$c" | sort >"$WORK/c"; tail -n +2 "$n" | sort >"$WORK/n"; tail -n +2 "$r" | sort >"$WORK/r"
    join -t, "$WORK/c" "$WORK/n" | join -t, - "$WORK/r" | sed 's/\.0,/,/g; s/\.0$//' >"$WORK/jj"
    tail -n +2 "$WORK/j.csv" >"$WORK/j.body"
    check "825cc2 join: one command gives join(1)'s rows" cmp -s "$WORK/jj" "$WORK/j.body"
    check "825cc2 join: 4024 rows" [ "$(wc -l <"$WORK/j.body")" -eq 4024 ]
fi

# Round trip: two days of generated metrics written as a CloudWatch
# get-metric-data export (newest first, +00:00 offsets) import back to the
# same numbers, and a model trains on the import and forecasts from it.
"$BIN/scaleahead-datagen" --profile seed --days 2 --seed 7 -o "$WORK/gen.csv" 2>/dev/null
tac "$WORK/gen.csv" | awk -F, '
    $1 == "timestamp" { next }
    { n++; t[n] = $1; sub(" ", "T", t[n]); cpu[n] = $2; net[n] = $4; req[n] = $6 }
    function result(id, label, v,   i, s) {
        s = "{\"Id\": \"" id "\", \"Label\": \"" label "\", \"Timestamps\": ["
        for (i = 1; i <= n; i++) s = s (i > 1 ? ", " : "") "\"" t[i] "+00:00\""
        s = s "], \"Values\": ["
        for (i = 1; i <= n; i++) s = s (i > 1 ? ", " : "") v[i]
        return s "], \"StatusCode\": \"Complete\"}"
    }
    END { print "{\"MetricDataResults\": [" result("cpu", "CPUUtilization", cpu) ", " \
          result("net", "NetworkIn", net) ", " result("req", "RequestCount", req) "]}" }' >"$WORK/cw.json"
imp --column cpu_utilization=cpu --column network_in=net --column request_count=req \
    "$WORK/cw.json" -o "$WORK/cw.csv"
cut -d, -f1,2,4,6 "$WORK/gen.csv" | sed 's/\(\.[0-9]*[1-9]\)0*\(,\|$\)/\1\2/g; s/\.0*\(,\|$\)/\1/g' >"$WORK/gen4.csv"
check "round trip: CloudWatch JSON of generated data imports to the same numbers" \
    cmp -s "$WORK/gen4.csv" "$WORK/cw.csv"
"$BIN/scaleahead-train" -q --data "$WORK/cw.csv" --arch original --hidden 4 --layers 1 \
    --seq-len 12 --epochs 1 --threads 1 -o "$WORK/cw.h5" >/dev/null
"$BIN/scaleahead-predict" -q --model "$WORK/cw.h5" --last "$WORK/cw.csv" >"$WORK/cw.pred"
check "round trip: train and predict read the import" \
    grep -qE '^2025-01-08 00:00:00,,[0-9.]+,-?[0-9.]+,-?[0-9.]+,(scale_up|scale_down|hold)$' "$WORK/cw.pred"

printf 'timestamp,v\n0,1\n300,2\n610,3\n900,4\n' | "$BIN/scaleahead-import" - >/dev/null 2>"$WORK/err"
check "an off-grid point without --step: a note naming --step 300" \
    grep -q "00:10:10 is 310 s after the point before, not a multiple of the step (300 s); --step 300" "$WORK/err"
"$BIN/scaleahead" import -q --column cpu_utilization=cpu --column network_in=net \
    "$I/cloudwatch_data.json" >"$WORK/disp.csv"
check "dispatcher: scaleahead import runs scaleahead-import" cmp -s "$WORK/disp.csv" "$I/cloudwatch_data.csv"
check "dispatcher: import is listed" sh -c "'$BIN/scaleahead' --help | grep -q '^  import '"
