# t_prometheus.sh — scaleahead-import against a real Prometheus, not
# hand-written answers: a known series (two instances, 12,000 points a
# minute apart) is written as OpenMetrics, made into TSDB blocks by
# `promtool tsdb create-blocks-from openmetrics`, served by a Prometheus on
# 127.0.0.1 (a free port, its own data folder, stopped on every exit), and
# fetched from its HTTP API with curl: the whole range in one query_range
# is refused by Prometheus (over its 11,000 points per series), so it is
# asked for in two pages that share their middle step; importing the two
# answers gives back the known series exactly, and sum: over both
# instances gives their known sum. Skipped, by name, where the prometheus
# package (prometheus, promtool) or curl is missing: make deps PROMETHEUS=1.
. "$TOP/tests/lib.sh"
for tool in prometheus promtool curl; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        ok "real Prometheus: skipped, no $tool (make deps PROMETHEUS=1 installs it)"
        exit 0
    fi
done

T0=1397088240   # 2014-04-10 00:04:00 UTC
N=12000
STEP=60
# The known series: instance a = (i * 37 mod 1000) / 8, b = i mod 50 + 0.25.
awk -v t0=$T0 -v n=$N -v step=$STEP 'BEGIN {
    print "# HELP node_cpu_busy CPU busy, percent"
    print "# TYPE node_cpu_busy gauge"
    for (i = 0; i < n; i++)
        printf "node_cpu_busy{instance=\"a:9100\",job=\"node\"} %s %d\n", (i * 37 % 1000) / 8, t0 + step * i
    for (i = 0; i < n; i++)
        printf "node_cpu_busy{instance=\"b:9100\",job=\"node\"} %s %d\n", i % 50 + 0.25, t0 + step * i
    print "# EOF"
}' >"$WORK/data.om"
# One block for the whole range (the default, 2 h blocks, makes 100: 12 s).
if ! promtool tsdb create-blocks-from openmetrics --max-block-duration=720h "$WORK/data.om" "$WORK/tsdb" >"$WORK/promtool.log" 2>&1; then
    fail "promtool tsdb create-blocks-from openmetrics: $(tail -3 "$WORK/promtool.log")"
    exit 0
fi
printf 'global:\n  scrape_interval: 1h\n' >"$WORK/prometheus.yml"

PID=
stop_prometheus() {
    if [ -n "$PID" ]; then
        kill "$PID" 2>/dev/null
        wait "$PID" 2>/dev/null
        PID=
    fi
}
trap 'stop_prometheus; rm -rf "$WORK"' EXIT
trap 'exit 1' INT TERM HUP

# start_prometheus PORT: 0 once it answers on 127.0.0.1:PORT, 1 if it exits
# (the port taken) or is not ready within 20 s.
start_prometheus() {
    prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/tsdb" \
        --storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$1" \
        >"$WORK/prometheus.log" 2>&1 &
    PID=$!
    i=0
    while [ $i -lt 200 ]; do
        curl -sf "http://127.0.0.1:$1/-/ready" >/dev/null 2>&1 && return 0
        kill -0 "$PID" 2>/dev/null || break
        sleep 0.1
        i=$((i + 1))
    done
    stop_prometheus
    return 1
}
tries=0
PORT=$((20000 + $$ % 20000))
until start_prometheus $PORT; do
    tries=$((tries + 1))
    if [ $tries -ge 5 ]; then
        fail "real Prometheus: did not start: $(tail -2 "$WORK/prometheus.log")"
        exit 0
    fi
    PORT=$((20000 + (PORT + 7919) % 20000))
done
API="http://127.0.0.1:$PORT/api/v1"

# query_range START END OUT: the answer for node_cpu_busy, one step a minute.
query_range() {
    curl -sS --max-time 20 -G "$API/query_range" --data-urlencode 'query=node_cpu_busy' \
        --data-urlencode "start=$1" --data-urlencode "end=$2" --data-urlencode "step=$STEP" >"$3"
}
LAST=$((T0 + STEP * (N - 1)))
MID=$((T0 + STEP * (N / 2)))
query_range $T0 $LAST "$WORK/all.json"
expect_exit "real Prometheus: 12,000 points in one query are refused, and the fix is named" 1 \
    "the query failed: bad_data: .*11,000 points.*import the pages together$" \
    "$BIN/scaleahead-import" "$WORK/all.json"
query_range $T0 $MID "$WORK/page1.json"
query_range $MID $LAST "$WORK/page2.json"
"$BIN/scaleahead-import" -q --column cpu_utilization='node_cpu_busy{instance="a:9100"}' \
    --column b='node_cpu_busy{instance="b:9100"}' --column total='sum:node_cpu_busy{job="node"}' \
    "$WORK/page1.json" "$WORK/page2.json" -o "$WORK/got.csv" 2>"$WORK/err"
check "real Prometheus: two query_range pages import" [ -s "$WORK/got.csv" ]
awk -v t0=$T0 -v n=$N -v step=$STEP 'BEGIN {
    print "timestamp,cpu_utilization,b,total"
    for (i = 0; i < n; i++) {
        a = (i * 37 % 1000) / 8; b = i % 50 + 0.25
        printf "%s,%s,%s,%s\n", strftime("%Y-%m-%d %H:%M:%S", t0 + step * i, 1), a, b, a + b
    }
}' >"$WORK/want.csv"
check "real Prometheus: the imported series equal the known ones (12,000 rows, the shared step once)" \
    cmp -s "$WORK/got.csv" "$WORK/want.csv"
stop_prometheus
check "real Prometheus: the server is stopped" sh -c "! curl -sf http://127.0.0.1:$PORT/-/ready >/dev/null 2>&1"
