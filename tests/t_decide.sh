# t_decide.sh — decisions a cron job can trust (issue 22 points 2, 6, 7):
# predict --format decision is always "ACTION COUNT", the count the
# interval's upper bound needs by hand (a demand model: ceil(100 upper /
# target); a CPU model: ceil(upper x N / target); a rate: ceil(upper / R)),
# clamped by --min/--max; the current fleet from --instances or the data's
# instances column; --max-age refuses stale data (exit 1, naming the last
# row's time), by default for decisions; a rate cannot size without
# --capacity-per-instance (exit 2); --format prometheus passes promtool and
# says what the CSV says.
. "$TOP/tests/lib.sh"
train() { "$BIN/scaleahead-train" -q --arch original --hidden 4 --layers 1 --seq-len 12 \
          --epochs 1 --threads 1 "$@" >/dev/null 2>&1; }
P="$BIN/scaleahead-predict -q"
# A group trace whose last row is now (Unix seconds on the 5-minute grid),
# and the same three years older.
now=$(( $(date +%s) / 300 * 300 ))
"$BIN/scaleahead-datagen" --days 3 --seed 9 2>/dev/null | sh "$TOP/tools/group_trace.sh" |
    awk -F, -v OFS=, -v now="$now" -v n=864 'NR == 1 { print; next } { $1 = now - 300 * (n + 1 - NR); print }' \
    >"$WORK/fresh.csv"
awk -F, -v OFS=, 'NR == 1 { print; next } { $1 -= 3 * 365 * 86400; print }' "$WORK/fresh.csv" >"$WORK/old.csv"
train --data "$WORK/fresh.csv" -o "$WORK/d.h5"

# Demand: the count by hand from the CSV's upper bound, the current fleet
# from the data's last instances.
$P --model "$WORK/d.h5" --last "$WORK/fresh.csv" >"$WORK/d.csv"
$P --model "$WORK/d.h5" --last --format decision "$WORK/fresh.csv" >"$WORK/d.dec"
check "decision on fresh data (default --max-age): ACTION COUNT" grep -qxE '(scale_up|scale_down|hold) [0-9]+' "$WORK/d.dec"
current=$(tail -1 "$WORK/fresh.csv" | cut -d, -f3)
check "demand: COUNT = ceil(100 upper / 60), ACTION against the data's $current instances" \
    awk -F, -v cur="$current" -v got="$(cat "$WORK/d.dec")" 'NR == 2 {
        x = 100 * $5 / 60; n = int(x); if (n < x - 1e-9) n++; if (n < 1) n = 1
        a = n > cur ? "scale_up" : n < cur ? "scale_down" : "hold"
        exit !(got == a " " n && $7 == n && $6 == a) }' "$WORK/d.csv"
$P --model "$WORK/d.h5" --last --format decision --min 40 --max 50 "$WORK/fresh.csv" >"$WORK/lo"
$P --model "$WORK/d.h5" --last --format decision --max 1 "$WORK/fresh.csv" >"$WORK/hi"
check "--min 40: scale_up 40" [ "$(cat "$WORK/lo")" = "scale_up 40" ]
check "--max 1: scale_down 1" [ "$(cat "$WORK/hi")" = "scale_down 1" ]
expect_exit "--min above --max: exit 2" 2 "--min 5 is above --max 3" \
    $P --model "$WORK/d.h5" --last --min 5 --max 3 "$WORK/fresh.csv"

# Stale data.
expect_exit "--max-age 1h on data three years old: exit 1, naming the last row's time" 1 \
    "old.csv: the newest row, $(date -u -d "@$((now - 3 * 365 * 86400))" '+%Y-%m-%d %H:%M:%S') UTC, is [0-9.]+ days old, more than --max-age 1h" \
    $P --model "$WORK/d.h5" --last --max-age 1h "$WORK/old.csv"
expect_exit "--format decision refuses old data by default (three steps)" 1 "more than --max-age 15m" \
    $P --model "$WORK/d.h5" --last --format decision "$WORK/old.csv"
check "--max-age 0: no limit" sh -c "$P --model '$WORK/d.h5' --last --format decision --max-age 0 '$WORK/old.csv' >/dev/null"
check "--max-age 1h on fresh data: the forecast" sh -c "$P --model '$WORK/d.h5' --last --max-age 1h '$WORK/fresh.csv' | grep -q '^[0-9]'"

# A CPU model on the current fleet; without one, decision is refused.
cut -d, -f1,2 "$WORK/fresh.csv" >"$WORK/cpu.csv"
train --data "$WORK/cpu.csv" -o "$WORK/c.h5"
$P --model "$WORK/c.h5" --last --instances 7 "$WORK/cpu.csv" >"$WORK/c.csv"
$P --model "$WORK/c.h5" --last --format decision --instances 7 "$WORK/cpu.csv" >"$WORK/c.dec"
check "CPU: COUNT = ceil(upper x 7 / 60), ACTION against 7" \
    awk -F, -v got="$(cat "$WORK/c.dec")" 'NR == 2 {
        x = $5 * 7 / 60; n = int(x); if (n < x - 1e-9) n++; if (n < 1) n = 1
        a = n > 7 ? "scale_up" : n < 7 ? "scale_down" : "hold"; exit got != a " " n }' "$WORK/c.csv"
expect_exit "CPU without a current fleet: decision refused, exit 2" 2 \
    "--format decision prints ACTION COUNT, which needs the current fleet" \
    $P --model "$WORK/c.h5" --last --format decision "$WORK/cpu.csv"

# A rate: sized by --capacity-per-instance, refused without it.
awk -F, -v OFS=, 'NR == 1 { print "timestamp,request_count"; next } { print $1, $2 * $3 * 8 }' \
    "$WORK/fresh.csv" >"$WORK/req.csv"
train --data "$WORK/req.csv" --target request_count -o "$WORK/r.h5"
check "a rate forecast without sizing: the CSV, no instances column" \
    sh -c "$P --model '$WORK/r.h5' --last '$WORK/req.csv' | head -1 | grep -qx 'timestamp,actual,predicted,lower,upper,decision'"
expect_exit "a rate with --instances, no capacity: exit 2" 2 \
    "forecasts request_count \(training values .*\), not a CPU %: give --capacity-per-instance R" \
    $P --model "$WORK/r.h5" --last --instances 3 "$WORK/req.csv"
expect_exit "a rate with --format decision, no capacity: exit 2" 2 "give --capacity-per-instance R" \
    $P --model "$WORK/r.h5" --last --format decision --instances 3 "$WORK/req.csv"
$P --model "$WORK/r.h5" --last --capacity-per-instance 250 --instances 3 "$WORK/req.csv" >"$WORK/r.csv"
$P --model "$WORK/r.h5" --last --capacity-per-instance 250 --instances 3 --format decision "$WORK/req.csv" >"$WORK/r.dec"
check "rate: COUNT = ceil(upper / 250), ACTION against 3" \
    awk -F, -v got="$(cat "$WORK/r.dec")" 'NR == 2 {
        x = $5 / 250; n = int(x); if (n < x - 1e-9) n++; if (n < 1) n = 1
        a = n > 3 ? "scale_up" : n < 3 ? "scale_down" : "hold"; exit !(got == a " " n && $7 == n) }' "$WORK/r.csv"
expect_exit "--capacity-per-instance on a demand model: exit 2" 2 \
    "--capacity-per-instance sizes by a rate; the model .*d.h5 forecasts demand in busy instances" \
    $P --model "$WORK/d.h5" --last --capacity-per-instance 100 "$WORK/fresh.csv"
$P --model "$WORK/d.h5" --last --format json "$WORK/fresh.csv" >"$WORK/d.json"
check "--format json: the instances the decision wants" \
    /usr/bin/python3 -c "
import json, sys
o = json.loads(open(sys.argv[1]).read())
got = open(sys.argv[2]).read().split()
assert o['decision'] == got[0] and o['instances'] == int(got[1]), (o, got)" "$WORK/d.json" "$WORK/d.dec"

# Prometheus: what the CSV says, in the exposition format.
$P --model "$WORK/d.h5" --format prometheus -o "$WORK/m.prom" "$WORK/fresh.csv"
check "prometheus: the forecast after the last row, as the CSV (predicted, lower, upper, instances)" \
    awk -F, -v prom="$WORK/m.prom" 'NR == 2 {
        while ((getline line < prom) > 0) { if (line ~ /^#/) continue; split(line, f, " "); v[f[1]] = f[2] }
        p = "{target=\"cpu_utilization\",basis=\"demand\",step=\"1\"}"; q = "{target=\"cpu_utilization\",basis=\"demand\"}"
        exit !(v["scaleahead_forecast_predicted" p] == $3 + 0 && v["scaleahead_forecast_lower" p] == $4 + 0 &&
               v["scaleahead_forecast_upper" p] == $5 + 0 && v["scaleahead_desired_instances" q] == $7 &&
               v["scaleahead_data_timestamp_seconds" q] == '"$now"') }' "$WORK/d.csv"
check "prometheus: every sample a gauge with HELP and TYPE, no timestamps" \
    awk '/^# HELP/ { h++ } /^# TYPE .* gauge$/ { t++ } !/^#/ { s++; if (NF != 2) bad = 1 }
         END { exit bad || h != s || t != s || s != 7 }' "$WORK/m.prom"
if command -v promtool >/dev/null 2>&1; then
    check "prometheus: promtool check metrics passes" sh -c "promtool check metrics <'$WORK/m.prom'"
    $P --model "$WORK/r.h5" --format prometheus "$WORK/req.csv" >"$WORK/r.prom"
    check "prometheus: a rate without sizing passes too (no instance count)" \
        sh -c "promtool check metrics <'$WORK/r.prom' && ! grep -q '^scaleahead_desired_instances' '$WORK/r.prom'"
else
    echo "ok prometheus: promtool check metrics SKIPPED (no promtool: Debian package prometheus, make deps PROMETHEUS=1)"
fi

# predict --fleet: each series sized by its own model's basis, one column
# set (a demand series' count, an empty field for a series sized by nothing).
mkdir "$WORK/fleet"
cp "$WORK/fresh.csv" "$WORK/fleet/group.csv"
cp "$WORK/cpu.csv" "$WORK/fleet/cpu.csv"
"$BIN/scaleahead-train" -q --fleet "$WORK/fleet" --arch original --hidden 4 --layers 1 \
    --seq-len 12 --epochs 1 --threads 1 -o "$WORK/models" >/dev/null 2>&1
$P --fleet "$WORK/models" --last "$WORK/fleet" >"$WORK/f.csv"
check "predict --fleet: an instances column; the demand series sized, the CPU one empty" \
    sh -c "head -1 '$WORK/f.csv' | grep -qx 'series,timestamp,actual,predicted,lower,upper,decision,instances' &&
           grep -qE '^group,.*,[0-9]+\$' '$WORK/f.csv' && grep -qE '^cpu,.*,\$' '$WORK/f.csv'"

# A forecast path (issue 22 point 5): one decision per window, sized for
# the largest upper bound over the steps when a new instance serves,
# [--warmup, --warmup + --interval] after the origin (defaults 300 s and
# one step: steps 1-2 at 5 minutes).
train --data "$WORK/fresh.csv" --steps 6 -o "$WORK/path.h5"
$P --model "$WORK/path.h5" --last "$WORK/fresh.csv" >"$WORK/path.csv"
# (--target-cpu 2: a count per 0.02 busy instances, so each window's answer differs)
$P --model "$WORK/path.h5" --last --format decision --target-cpu 2 "$WORK/fresh.csv" >"$WORK/path.dec"
$P --model "$WORK/path.h5" --last --format decision --target-cpu 2 --warmup 10m --interval 15m \
    "$WORK/fresh.csv" >"$WORK/path2.dec"
# want LO HI: the decision by hand from the CSV's steps LO..HI (columns
# timestamp,origin,step,actual,predicted,lower,upper,decision,instances).
want() {
    awk -F, -v lo="$1" -v hi="$2" -v cur="$current" 'NR > 1 && $3 >= lo && $3 <= hi && $7 > u { u = $7 }
        END { x = 100 * u / 2; n = int(x); if (n < x - 1e-9) n++; if (n < 1) n = 1
              print (n > cur ? "scale_up" : n < cur ? "scale_down" : "hold") " " n }' "$WORK/path.csv"
}
check "path: one decision line for the newest window" [ "$(wc -l <"$WORK/path.dec")" -eq 1 ]
check "path: sized for the largest bound of steps 1-2 ($(cat "$WORK/path.dec"); steps 1-6: $(want 1 6))" \
    [ "$(cat "$WORK/path.dec")" = "$(want 1 2)" ]
check "path --warmup 10m --interval 15m: steps 2-5 ($(cat "$WORK/path2.dec"))" \
    [ "$(cat "$WORK/path2.dec")" = "$(want 2 5)" ]
$P --model "$WORK/path.h5" --last --format decision --target-cpu 2 --warmup 1h "$WORK/fresh.csv" \
    >"$WORK/path3.dec" 2>"$WORK/err"
check "path ending before the warm-up: its last step, with a warning" \
    sh -c "[ \"\$(cat '$WORK/path3.dec')\" = \"$(want 6 6)\" ] && grep -q 'path ends 6 steps ahead, before a new instance serves' '$WORK/err'"
expect_exit "--warmup on a one-step model: exit 2" 2 "--warmup sizes over a forecast path; .*d.h5 forecasts one step" \
    $P --model "$WORK/d.h5" --last --warmup 10m "$WORK/fresh.csv"
$P --model "$WORK/path.h5" --format prometheus --target-cpu 2 "$WORK/fresh.csv" >"$WORK/path.prom"
check "path prometheus: every step of the newest window, labelled, and the decision's instances" \
    sh -c "[ \$(grep -c '^scaleahead_forecast_upper{.*step=\"[1-6]\"}' '$WORK/path.prom') -eq 6 ] &&
           grep -qx 'scaleahead_desired_instances{target=\"cpu_utilization\",basis=\"demand\"} $(cut -d' ' -f2 "$WORK/path.dec")' '$WORK/path.prom'"
if command -v promtool >/dev/null 2>&1; then
    check "path prometheus: promtool check metrics passes" sh -c "promtool check metrics <'$WORK/path.prom'"
fi

# sim's quantile policy on the path: the bound it sizes for at an action
# is the largest over steps 2-5 of that window's path (a 10-minute warm-up,
# a 15-minute cooldown: [600, 1500] s), in N0 units (demand x 100 / 2).
"$BIN/scaleahead-sim" -q --model "$WORK/path.h5" --part all --policy predictive --quantile 0.9 \
    --warmup 600 --cooldown 900 --floor none --report "$WORK/fresh.csv" >"$WORK/q.txt"
"$BIN/scaleahead-predict" -q --model "$WORK/path.h5" --adapt-gamma 0 "$WORK/fresh.csv" >"$WORK/all.csv"
line=$(grep -m1 'forecast q0.9 upper' "$WORK/q.txt")
at=$(echo "$line" | cut -c1-19)
got=$(echo "$line" | sed 's/.*upper \([0-9.]*\)%.*/\1/')
check "sim on a path: the action at $at sizes for the largest bound of steps 2-5 ($got %)" \
    awk -F, -v at="$at" -v got="$got" '$2 == at && $3 >= 2 && $3 <= 5 && $7 > u { u = $7 }
        END { exit !(u > 0 && sprintf("%.1f", 100 * u / 2) == got) }' "$WORK/all.csv"
