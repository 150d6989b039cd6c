# t_sim.sh — scaleahead-sim end to end: the known action sequence of a
# demand step, cloud_metrics.csv, plots, HTML, the live monitor, errors.
. "$TOP/tests/lib.sh"
SIM=$BIN/scaleahead-sim
STEP=$DATA/sim_step.csv

# CPU 50 % then 120 % on N0 = 2 from 00:05 (one-minute rows): reactive adds
# one at 00:05 and, after the 300 s cooldown, another at 00:10.
$SIM -q --policy reactive --csv "$WORK/m.csv" "$STEP" >"$WORK/table" 2>"$WORK/err"
check "sim: reactive run exits 0" [ $? -eq 0 ]
check "sim: CSV header exactly as specified" \
    [ "$(head -1 "$WORK/m.csv")" = "Timestamp,Avg_CPU,Avg_Memory,Total_Network_IO,Instance_Count,Policy,Action" ]
check "sim: one CSV row per step" [ "$(wc -l <"$WORK/m.csv")" -eq 21 ]
actions=$(grep -v hold "$WORK/m.csv" | tail -n +2 | cut -d, -f1,5,7 | tr '\n' ';')
check "sim: reactive scales at 00:05 and 00:10 exactly" \
    [ "$actions" = "2024-01-01 00:05:00,3,scale_up;2024-01-01 00:10:00,4,scale_up;" ]
check "sim: memory 60 % on 2 is 30 % on 4" \
    grep -q '^2024-01-01 00:19:00,60.00,30.00,150.00,4,reactive,hold$' "$WORK/m.csv"
check "sim: table has the instance-hours row" grep -q '^instance-hours  *1.08$' "$WORK/table"

# Predictive on perfect one-step forecasts acts at 00:04, before the step.
$SIM -q --policy predictive --predictions "$DATA/sim_step_predictions.csv" --csv "$WORK/p.csv" \
    "$STEP" >/dev/null
check "sim: predictive scales up one step before the demand" \
    grep -q '^2024-01-01 00:04:00,50.00,60.00,150.00,3,predictive,scale_up$' "$WORK/p.csv"

# --policy all with forecasts and a calendar compares all five.
$SIM -q --predictions "$DATA/sim_step_predictions.csv" --calendar "$DATA/sim_calendar.csv" \
    --csv "$WORK/all.csv" --plots "$WORK/plots" --html "$WORK/r.html" --report "$STEP" >"$WORK/all"
check "sim: all runs five policies side by side" \
    grep -qE '^policy +reactive +predictive +target +target-predictive +scheduled$' "$WORK/all"
check "sim: all writes 5 x 20 CSV rows" [ "$(wc -l <"$WORK/all.csv")" -eq 101 ]
check "sim: scheduled jumps to --max inside the event" \
    grep -q '^2024-01-01 00:05:00,.*,10,scheduled,scale_up$' "$WORK/all.csv"
check "sim: --report prints the alert history" grep -q 'Alert history' "$WORK/all"
check "sim: dashboard script written" [ -s "$WORK/plots/cloud_metrics_dashboard.gp" ]
check "sim: comparison script written" [ -s "$WORK/plots/policy_comparison.gp" ]
if command -v gnuplot >/dev/null 2>&1; then
    check "sim: dashboard PNG rendered" [ -s "$WORK/plots/cloud_metrics_dashboard.png" ]
    check "sim: HTML embeds the dashboard" grep -q 'src="data:image/png;base64,iVBOR' "$WORK/r.html"
fi
check "sim: HTML has no external resources" sh -c "! grep -qiE '<script|https?://' '$WORK/r.html'"
check "sim: no temporaries left" sh -c "! ls -a '$WORK' '$WORK/plots' | grep -q '^\\.[^.]'"

# The live monitor, without sleeping: the spike at 10 s scales up.
$SIM --live --fast --seed 3 --mean-cpu 80 --spike 10:95 --resource c-1:Docker,vm-1:Azure-VM:eu-west-1 \
    --csv "$WORK/live.csv" >"$WORK/live" 2>"$WORK/live.err"
check "live: exits 0" [ $? -eq 0 ]
check "live: 15 ticks in 30 s at 2 s" [ "$(wc -l <"$WORK/live.csv")" -eq 16 ]
check "live: a status line per tick" [ "$(grep -c 'instances' "$WORK/live.err")" -eq 15 ]
check "live: the spike produces a scale_up" grep -q ',reactive,scale_up$' "$WORK/live.csv"
check "live: the report lists the resources" grep -q 'vm-1  *Azure-VM  *eu-west-1' "$WORK/live"
$SIM --live --fast --seed 3 --mean-cpu 80 --spike 10:95 --resource c-1:Docker,vm-1:Azure-VM:eu-west-1 \
    -q --csv "$WORK/live2.csv" >/dev/null
cut -d, -f2- "$WORK/live.csv" >"$WORK/a"
cut -d, -f2- "$WORK/live2.csv" >"$WORK/b"
check "live: the same seed repeats" cmp -s "$WORK/a" "$WORK/b"
$SIM --live --fast --history 5 -q --csv "$WORK/h.csv" >/dev/null
check "live: --history keeps the last 5 points" [ "$(wc -l <"$WORK/h.csv")" -eq 6 ]

# Ctrl-C in real time still writes what was collected.
$SIM --live --interval 0.2 --duration 60 -q --csv "$WORK/int.csv" >/dev/null 2>&1 &
pid=$!
sleep 1
kill -INT $pid
wait $pid
check "live: SIGINT ends cleanly (exit 0)" [ $? -eq 0 ]
check "live: SIGINT still writes the CSV" [ "$(wc -l <"$WORK/int.csv")" -ge 2 ]

expect_exit "sim: predictive without --predictions is a usage error" 2 'needs --predictions' \
    $SIM --policy predictive "$STEP"
expect_exit "sim: unknown policy" 2 "unknown policy 'bogus'" $SIM --policy bogus "$STEP"
expect_exit "sim: --min above --max" 2 'min 5 is above --max 3' $SIM --min 5 --max 3 "$STEP"
expect_exit "sim: bad spike" 2 "expected AT:CPU" $SIM --live --fast --spike x
expect_exit "sim: bad resource" 2 'NAME:TYPE' $SIM --live --fast --resource nothing
expect_exit "sim: missing column" 1 'sim_step_predictions.csv.*cpu_utilization' \
    $SIM "$DATA/sim_step_predictions.csv"
