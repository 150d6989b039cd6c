# t_import.sh — scaleahead-import on hand-written fixtures shaped like the
# real exports (tests/import/): each converts byte for byte to its expected
# CSV; each malformed variant is a one-line error naming the JSON path; an
# import round-trips through train and predict; the join of bench/realdata.sh.
. "$TOP/tests/lib.sh"
I=$TOP/tests/import
imp() { "$BIN/scaleahead-import" -q "$@"; }

# says NAME PATTERN CMD...: CMD succeeds and a line of its stderr matches
# PATTERN (grep -E).
says() {
    n=$1 pat=$2
    shift 2
    if "$@" >/dev/null 2>"$WORK/says" && grep -qE -- "$pat" "$WORK/says"; then ok "$n"
    else fail "$n: $(head -c 300 "$WORK/says")"; fi
}

# same_lines N GOT WANT: GOT has N lines and the bytes of WANT.
same_lines() { [ "$(wc -l <"$2")" -eq "$1" ] && cmp -s "$2" "$3"; }

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
    'they are node_cpu_busy\{instance="a:9100"\} and node_cpu_busy\{instance="b:9100"\}$' "$BIN/scaleahead-import" "$I/prometheus_range.json"
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

# Never replace an input (issue 25, 1): -o naming an input, directly, by a
# symbolic link, through stdin, a CSV input, one of a join's inputs. The
# input keeps its bytes.
cp "$I/cloudwatch_data.json" "$WORK/in.json"
cp "$I/grafana.csv" "$WORK/in.csv"
ln -s in.json "$WORK/link.json"
own() {
    n=$1
    shift
    expect_exit "$n" 1 "(is the same file as the input|is also an input of this run)" "$@"
    cmp -s "$WORK/in.json" "$I/cloudwatch_data.json" && cmp -s "$WORK/in.csv" "$I/grafana.csv" ||
        fail "$n: an input changed"
}
own "-o its own input" "$BIN/scaleahead-import" "$WORK/in.json" -o "$WORK/in.json"
own "-o a symlink to the input" "$BIN/scaleahead-import" "$WORK/in.json" -o "$WORK/link.json"
own "-o the input, read through a symlink" "$BIN/scaleahead-import" "$WORK/link.json" -o "$WORK/in.json"
own "-o the file stdin comes from" sh -c '"$1" -o "$2" <"$2"' - "$BIN/scaleahead-import" "$WORK/in.json"
own "-o its own CSV input" "$BIN/scaleahead-import" "$WORK/in.csv" -o "$WORK/in.csv"
own "-o one of a join's inputs" "$BIN/scaleahead-import" --column a=net --column b="$WORK/in.csv:cpu" \
    "$WORK/in.json" "$WORK/in.csv" -o "$WORK/in.csv"

# A bad value in a value column (issue 25, 2): an error naming file, line
# and column, never the column silently dropped; --missing TEXT leaves such
# points out.
{ echo timestamp,cpu,net; i=0; while [ $i -lt 1000 ]; do
    if [ $i -eq 500 ]; then v=N/A; else v=$i; fi
    echo "$((i * 300)),$v,$i"; i=$((i + 1)); done; } >"$WORK/na.csv"
expect_exit "N/A among 999 numbers: file, line and column" 1 \
    "na\.csv:502: column cpu: 'N/A' is not a number; if it marks a missing point, give --missing 'N/A'$" \
    "$BIN/scaleahead-import" "$WORK/na.csv"
expect_exit "N/A in a column --column asks for" 1 "na\.csv:502: column cpu: 'N/A'" \
    "$BIN/scaleahead-import" --column cpu_utilization=cpu "$WORK/na.csv"
sed 's/N\/A/12.5x/' "$WORK/na.csv" >"$WORK/x.csv"
expect_exit "12.5x: file, line and column" 1 "x\.csv:502: column cpu: '12\.5x' is not a number" \
    "$BIN/scaleahead-import" "$WORK/x.csv"
imp --missing N/A "$WORK/na.csv" >"$WORK/na.out"
check "--missing N/A: 999 points of cpu kept, the N/A row left out by the join" \
    sh -c '[ "$(wc -l <"$1")" -eq 1000 ] && ! grep -q "^1970-01-02 17:40:00" "$1"' - "$WORK/na.out"
imp --column net=net "$WORK/na.csv" >"$WORK/na.net"
check "another column of the same file still imports" [ "$(wc -l <"$WORK/na.net")" -eq 1001 ]

# Long formats (issue 25, 3): a series per combination of the label
# columns, never merged; InfluxDB's table column is never a metric.
expect_exit "InfluxDB annotated CSV: two hosts of one field are two series" 1 \
    'two series would be the column usage_user .* they are usage_user\{host="a"\} and usage_user\{host="b"\}$' \
    "$BIN/scaleahead-import" "$I/influx_annotated.csv"
imp --column a='usage_user{host="a"}' --column b='usage_user{host="b"}' --column sys=usage_system \
    "$I/influx_annotated.csv" >"$WORK/influx.csv"
check "InfluxDB annotated CSV: by field and tag, two tables with their own headers" \
    [ "$(cat "$WORK/influx.csv")" = "timestamp,a,b,sys
2014-04-10 00:04:00,10,90,5.5
2014-04-10 00:09:00,12,92,6.5
2014-04-10 00:14:00,14,94,7.5" ]
expect_exit "InfluxDB: the table column is no series" 1 "no series is called 'table'" \
    "$BIN/scaleahead-import" --column t=table "$I/influx_annotated.csv"
imp --step 300 --column u='mean:usage_user' "$I/influx_annotated.csv" >"$WORK/influx.mean"
check "InfluxDB: the two hosts averaged only when asked (mean:)" \
    [ "$(cat "$WORK/influx.mean")" = "timestamp,u
2014-04-10 00:04:00,50
2014-04-10 00:09:00,52
2014-04-10 00:14:00,54" ]
imp "$I/grafana_long.csv" >"$WORK/long.csv"
check "Grafana \"Series\";\"Time\";\"Value\": one column per series, by its name" \
    [ "$(cat "$WORK/long.csv")" = "timestamp,web,db
2014-04-10 00:04:00,10,90
2014-04-10 00:09:00,12,92
2014-04-10 00:14:00,14,94" ]
{ printf 'sep=;\r\n'; cat "$I/grafana_long.csv"; } >"$WORK/excel.csv"
imp "$WORK/excel.csv" >"$WORK/excel.out"
check "Grafana's download for Excel: the sep=; line is skipped" \
    same_lines 4 "$WORK/excel.out" "$WORK/long.csv"
imp --column cpu_utilization=db "$I/grafana_long.csv" >"$WORK/long.db"
check "Grafana long: --column picks a series by its name" \
    [ "$(sed -n 2p "$WORK/long.db")" = "2014-04-10 00:04:00,90" ]
printf 'time,cpu,host\n0,10,a\n0,90,b\n300,12,a\n300,92,b\n' >"$WORK/tags.csv"
expect_exit "a long CSV with a tag column: split, and the --step hint cannot merge them" 1 \
    "'cpu' names 2 series .* e\.g\. cpu\{host=\"a\"\} or cpu\{host=\"b\"\}" \
    "$BIN/scaleahead-import" --step 300 --column cpu_utilization=cpu "$WORK/tags.csv"

# CloudWatch statuses and units (issue 25, 9).
expect_exit "PartialData: the next pages are missing, and how to get them" 1 \
    'cw_partial\.json: \$\.MetricDataResults\[0\]\.StatusCode: PartialData: more points remain .*import all pages together$' \
    "$BIN/scaleahead-import" "$I/cw_partial.json"
expect_exit "Forbidden: an error naming the permission" 1 \
    '\$\.MetricDataResults\[0\]\.StatusCode: Forbidden: .*cloudwatch:GetMetricData' \
    "$BIN/scaleahead-import" "$I/cw_status.json"
expect_exit "InternalError: run the query again" 1 \
    '\$\.MetricDataResults\[1\]\.StatusCode: InternalError: .*run the query again$' \
    "$BIN/scaleahead-import" --column n=net "$I/cw_status.json"
expect_exit "a result's Messages: an error with CloudWatch's words" 1 \
    '\$\.MetricDataResults\[2\]\.Messages: CloudWatch says ArithmeticError: One or more' \
    "$BIN/scaleahead-import" --column r=ratio "$I/cw_status.json"
imp --column memory_utilization=mem "$I/cw_status.json" >"$WORK/mem.csv"
check "the Complete metric of the same answer imports" [ "$(wc -l <"$WORK/mem.csv")" -eq 4 ]
expect_exit "top-level Messages: an error" 1 \
    'cw_messages\.json: \$\.Messages: CloudWatch says MaxMetricsExceeded: Maximum number' \
    "$BIN/scaleahead-import" "$I/cw_messages.json"
expect_exit "get-metric-statistics in two Units: two series, not one" 1 \
    'two series would be the column Average .* Average\{Unit="Percent"\} and Average\{Unit="Bytes"\}$' \
    "$BIN/scaleahead-import" "$I/cw_units.json"
imp --column cpu='Average{Unit="Percent"}' --column p99='p99{Unit="Percent"}' \
    --column bytes='p99{Unit="Bytes"}' "$I/cw_units.json" >"$WORK/units.csv"
check "ExtendedStatistics p99 imported, per Unit" [ "$(cat "$WORK/units.csv")" = "timestamp,cpu,p99,bytes
2014-04-10 00:09:00,21,91,4096
2014-04-10 00:19:00,23,93,12288" ]

# Names the other tools accept (issue 25, 12).
expect_exit "--column timestamp=...: refused (exit 2)" 2 "timestamp is the output's time column" \
    "$BIN/scaleahead-import" --column timestamp=cpu "$I/cloudwatch_data.json"
expect_exit "--column cpu=a --column cpu=b: the name given twice" 2 \
    "^scaleahead-import: --column cpu=net: the column cpu is already --column cpu=cpu$" \
    "$BIN/scaleahead-import" --column cpu=cpu --column cpu=net "$I/cloudwatch_data.json"
expect_exit "--column names differing only in case: refused" 2 "ignoring case" \
    "$BIN/scaleahead-import" --column cpu=cpu --column CPU=net "$I/cloudwatch_data.json"
printf 'Time,cpu,CPU\n0,1,2\n300,3,4\n' >"$WORK/case.csv"
expect_exit "two headers differing only in case: refused, each named exactly" 1 \
    "column cpu and CPU .*ignoring case.*they are cpu and CPU$" "$BIN/scaleahead-import" "$WORK/case.csv"
printf 'time,cpu,cpu\n0,1,2\n' >"$WORK/twice.csv"
expect_exit "a header twice in one file: said so, not a duplicate timestamp" 1 \
    "twice\.csv:1: column cpu appears twice in the header$" "$BIN/scaleahead-import" "$WORK/twice.csv"
imp --column a=CPU "$WORK/case.csv" >"$WORK/case.out"
check "--column CPU picks the header of that exact case" [ "$(sed -n 2p "$WORK/case.out")" = "1970-01-01 00:00:00,2" ]
printf 'time,Timestamp,cpu\n0,5,1\n300,6,2\n' >"$WORK/ts.csv"
expect_exit "a series called timestamp: refused, with the --column that renames it" 1 \
    "a series called Timestamp cannot be a column.*--column NAME=Timestamp$" \
    "$BIN/scaleahead-import" --time-column time "$WORK/ts.csv"
cat >"$WORK/three.json" <<'JSON'
{"status":"success","data":{"resultType":"matrix","result":[
 {"metric":{"instance":"x","job":"a"},"values":[[0,"1"]]},
 {"metric":{"instance":"x","job":"b"},"values":[[0,"2"]]},
 {"metric":{"instance":"y","job":"b"},"values":[[0,"3"]]}]}}
JSON
expect_exit "the hint for same-named series matches exactly one" 1 \
    'e\.g\. value\{job="a"\} or value\{instance="x", job="b"\}' \
    "$BIN/scaleahead-import" --column v=value "$WORK/three.json"
cat >"$WORK/sub.json" <<'JSON'
{"status":"success","data":{"resultType":"matrix","result":[
 {"metric":{"instance":"x","job":"a"},"values":[[0,"1"]]},
 {"metric":{"instance":"x"},"values":[[0,"2"]]}]}}
JSON
"$BIN/scaleahead-import" "$WORK/sub.json" 2>&1 >/dev/null | sed -n 's/.*they are \(.*\) and \(.*\)$/\1|\2/p' >"$WORK/hints"
hint_ok=yes
tr '|' '\n' <"$WORK/hints" >"$WORK/hint.lines"
while read -r h; do
    imp --column v="$h" "$WORK/sub.json" >/dev/null 2>&1 || hint_ok="no: $h"
done <"$WORK/hint.lines"
check "each hint, used as given, imports (a label another lacks: k=\"\")" \
    [ "$hint_ok" = yes -a "$(cat "$WORK/hints")" = 'value{job="a"}|value{instance="x", job=""}' ]

# Smaller message defects (issue 25, 15).
printf 'time,a\n0,1\n' >"$WORK/j1.csv"; printf 'time,b\n600,2\n' >"$WORK/j2.csv"
expect_exit "a join with no common time: exit 1, each column's span" 1 \
    "no time has a value in every column \(a 1970-01-01 00:00:00 to 1970-01-01 00:00:00; b 1970-01-01 00:10:00 to" \
    "$BIN/scaleahead-import" --column a=a --column b=b "$WORK/j1.csv" "$WORK/j2.csv"
check "a join with no common time: nothing on stdout, not even the header" [ ! -s "$WORK/out" ]
printf '\357\273\277' >"$WORK/bom.json"; cat "$I/prometheus_query.json" >>"$WORK/bom.json"
imp "$WORK/bom.json" >"$WORK/bom.csv"
check "a UTF-8 byte-order mark before JSON is skipped" cmp -s "$WORK/bom.csv" "$WORK/q.csv"
expect_exit "--agg median: a usage error (exit 2)" 2 "--agg median: want mean, max, sum or last" \
    "$BIN/scaleahead-import" --agg median "$I/cloudwatch_data.json"
expect_exit "--agg NAME=FUNC for no --column: exit 2" 2 "--agg net=sum: there is no --column net" \
    "$BIN/scaleahead-import" --column cpu=cpu --agg net=sum "$I/cloudwatch_data.json"
printf 'time|cpu\n0|1\n300|2\n' >"$WORK/pipe.csv"
imp --delimiter '|' "$WORK/pipe.csv" >"$WORK/pipe.out"
check "--delimiter '|' splits the fields" [ "$(sed -n 3p "$WORK/pipe.out")" = "1970-01-01 00:05:00,2" ]
expect_exit "a '|' file without --delimiter: the error names --delimiter '|'" 1 \
    "pipe\.csv:1: no time column: the header is one field; if '\|' separates the fields, give --delimiter '\|'$" \
    "$BIN/scaleahead-import" "$WORK/pipe.csv"
printf 'timestamp,cpu_utilization\n0,1\n63158400,3\n63158400,4\n' >"$WORK/far2.csv"
expect_exit "the other tools: a duplicate two years after the row before names no --step beyond 366 days" 1 \
    "far2\.csv:4: column timestamp: duplicate timestamp .*no scaleahead-import --step resamples rows this far apart \(31622400 s at most\)" \
    "$BIN/scaleahead-features" "$WORK/far2.csv"
printf 'timestamp,v\n0,1\n0,2\n63158400,3\n126316800,4\n' >"$WORK/far.csv"
expect_exit "a duplicate in points years apart: no --step hint beyond the maximum" 1 \
    "duplicate timestamp 1970-01-01 00:00:00; its points are further apart than --step can resample \(31622400 s at most\)" \
    "$BIN/scaleahead-import" "$WORK/far.csv"

# Pages of one series (issue 25, 16): Prometheus query_range pages (files,
# or documents one after another in one file) and the AWS CLI's own pages
# are appended; a time both pages hold is kept once; pages that disagree
# are an error naming both.
P1=$I/prom_page1.json P2=$I/prom_page2.json
# values_are NAME "V1 V2 ... " ARGS...: the import of ARGS has one column
# with these values (and leaves it in $WORK/values.csv).
values_are() {
    n=$1 want=$2
    shift 2
    imp "$@" >"$WORK/values.csv"
    check "$n" [ "$(tail -n +2 "$WORK/values.csv" | cut -d, -f2 | tr '\n' ' ')" = "$want" ]
}
values_are "two query_range pages: one series, 10 points, the shared one once" \
    "1 2 3 4 5 6 7 8 9 10 " --column a='http_requests_total{instance="a:80"}' "$P1" "$P2"
cp "$WORK/values.csv" "$WORK/pages.csv"
says "pages: a note says what was appended" \
    "2 pages of one series appended.*1 time\(s\) that two pages hold kept once" \
    "$BIN/scaleahead-import" --column a='http_requests_total{instance="a:80"}' "$P1" "$P2"
cat "$P1" "$P2" >"$WORK/concat.json"
imp --column a='http_requests_total{instance="a:80"}' "$WORK/concat.json" >"$WORK/concat.csv"
check "concatenated JSON documents in one file: the same as two files" \
    same_lines 11 "$WORK/concat.csv" "$WORK/pages.csv"
sed 's/\[1397089440,"5"\]/[1397089440,"5.5"]/' "$P2" >"$WORK/p2bad.json"
expect_exit "pages that disagree at one time: both named, the time and both values" 1 \
    'prom_page1\.json: \$\.data\.result\[0\] and .*p2bad\.json: \$\.data\.result\[0\]: two pages of one series disagree at 2014-04-10 00:24:00 \(5 and 5\.5\)' \
    "$BIN/scaleahead-import" --column a='http_requests_total{instance="a:80"}' "$P1" "$WORK/p2bad.json"
imp --column cpu=cpu --column net=net "$I/cw_paged.json" >"$WORK/cwpaged.csv"
check "AWS CLI paging (an Id per page, PartialData then Complete): appended" \
    [ "$(wc -l <"$WORK/cwpaged.csv")" -eq 11 -a "$(sed -n 11p "$WORK/cwpaged.csv")" = "2014-04-10 00:49:00,59,9000" ]
cp "$I/cw_partial.json" "$WORK/again.json"
expect_exit "pages that are all PartialData: still an error" 1 "StatusCode: PartialData: more points remain" \
    "$BIN/scaleahead-import" -q --column cpu=cpu "$I/cw_partial.json" "$WORK/again.json"

# Series combined (issue 25, 17): sum, mean, max, min over what a matcher
# selects; at a time some series lacks, over those there (with a note).
values_are "sum: over instances a and b of job api, b missing at 00:39" \
    "11 22 33 44 55 66 77 8 99 110 " --column rps='sum:http_requests_total{job="api"}' "$P1" "$P2"
says "sum: a note counts the times a series lacked" \
    "rps: 1 of its 10 times have points from only some of its 2 series" \
    "$BIN/scaleahead-import" --column rps='sum:http_requests_total{job="api"}' "$P1" "$P2"
imp --column m='max:http_requests_total' --column n='min:http_requests_total' \
    --column avg='mean:{job="api"}' "$P1" "$P2" >"$WORK/mm.csv"
check "max, min and mean over the selected series" \
    [ "$(sed -n 2p "$WORK/mm.csv")" = "2014-04-10 00:04:00,1000,1,5.5" ]
