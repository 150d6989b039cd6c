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
# The last step runs 60 % on 4 instances: each its own share, averaging 60.
check "sim: --report's instances average the fleet's 60 % CPU, each its own" \
    sh -c "grep -E '^  i-000[1-4] .* running$' '$WORK/all' | awk '{s += \$4; seen[\$4] = 1} END {n = 0; for (k in seen) n++; exit !(NR == 4 && s == 240 && n == 4)}'"
for pol in reactive predictive target target-predictive scheduled; do
    check "sim: all writes dashboard_$pol.gp" [ -s "$WORK/plots/dashboard_$pol.gp" ]
done
check "sim: comparison script written" [ -s "$WORK/plots/policy_comparison.gp" ]
check "sim: the comparison plots the five policies" \
    [ "$(grep -c "with steps" "$WORK/plots/policy_comparison.gp")" -eq 5 ]
check "sim: predictive's dashboard draws its 35 % scale-down line" \
    grep -q "scale down < 35%" "$WORK/plots/dashboard_predictive.gp"
check "sim: HTML has the table and every policy's alert log" \
    sh -c "grep -q 'Policies compared</h2>' '$WORK/r.html' && [ \$(grep -c '<h2>Alerts: ' '$WORK/r.html') -eq 5 ]"
if command -v gnuplot >/dev/null 2>&1; then
    check "sim: every dashboard PNG rendered" [ "$(ls "$WORK"/plots/*.png | wc -l)" -eq 6 ]
    check "sim: HTML embeds the comparison and the five dashboards" \
        [ "$(grep -o 'src="data:image/png;base64,iVBOR' "$WORK/r.html" | wc -l)" -eq 6 ]
fi
# One policy: the seed monitor's file name; an HTML page without --plots
# leaves no temporary directory behind.
mkdir -p "$WORK/tmp"
$SIM -q --policy reactive --plots "$WORK/one" --html "$WORK/one.html" "$STEP" >/dev/null
TMPDIR=$WORK/tmp $SIM -q --policy reactive --html "$WORK/solo.html" "$STEP" >/dev/null
check "sim: one policy writes cloud_metrics_dashboard.gp" [ -s "$WORK/one/cloud_metrics_dashboard.gp" ]
check "sim: one policy writes no comparison" [ ! -e "$WORK/one/policy_comparison.gp" ]
check "sim: --html alone removes its temporary plots" \
    [ -z "$(ls -A "$WORK/tmp")" ]
if command -v gnuplot >/dev/null 2>&1; then
    check "sim: --html alone still embeds the dashboard" grep -q 'src="data:image/png;base64,iVBOR' "$WORK/solo.html"
fi
# Without gnuplot the page says so and links the scripts, relative to it.
mkdir -p "$WORK/site"
PATH=/nonexistent $SIM -q --plots "$WORK/site/plots" --html "$WORK/site/page.html" "$STEP" >/dev/null
check "sim: no gnuplot: no PNG, scripts kept" \
    sh -c "[ -s '$WORK/site/plots/dashboard_target.gp' ] && ! ls '$WORK/site/plots' | grep -q png"
check "sim: no gnuplot: the page says not rendered" grep -q 'not rendered' "$WORK/site/page.html"
check "sim: no gnuplot: the page links the scripts relative to itself" \
    grep -q '<a href="plots/dashboard_reactive.gp">' "$WORK/site/page.html"
check "sim: no gnuplot: no image embedded" sh -c "! grep -q 'data:image' '$WORK/site/page.html'"
# A file without memory and network columns still plots (empty panels).
$SIM -q --policy reactive --target value --plots "$WORK/vo" "$DATA/value_only.csv" >/dev/null
check "sim: value-only data plots, memory and network panels say no data" \
    [ "$(grep -c "no data" "$WORK/vo/cloud_metrics_dashboard.gp")" -eq 2 ]
if command -v gnuplot >/dev/null 2>&1; then
    check "sim: value-only dashboard rendered" [ -s "$WORK/vo/cloud_metrics_dashboard.png" ]
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
# Repeated options and comma lists are the same thing.
$SIM --live --fast --seed 3 --mean-cpu 80 --spike 10:95 --resource c-1:Docker \
    --resource vm-1:Azure-VM:eu-west-1 -q --csv "$WORK/live3.csv" >"$WORK/live3"
cut -d, -f2- "$WORK/live3.csv" >"$WORK/c"
check "live: --resource repeated equals the comma list" cmp -s "$WORK/a" "$WORK/c"
check "live: repeated --resource lists both" grep -q 'vm-1  *Azure-VM  *eu-west-1' "$WORK/live3"
$SIM --live --fast --seed 3 --spike 4:99 --spike 20:99 -q --csv "$WORK/sp2.csv" >/dev/null
$SIM --live --fast --seed 3 --spike 4:99,20:99 -q --csv "$WORK/sp1.csv" >/dev/null
cut -d, -f2- "$WORK/sp1.csv" >"$WORK/a1"
cut -d, -f2- "$WORK/sp2.csv" >"$WORK/a2"
check "live: --spike repeated equals the comma list" cmp -s "$WORK/a1" "$WORK/a2"
$SIM --live --fast --seed 3 --spike 4:99 -q --csv "$WORK/sp0.csv" >/dev/null
check "live: the second --spike is applied (the runs differ)" sh -c "! cmp -s '$WORK/sp0.csv' '$WORK/sp2.csv'"
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

# --model runs the model on the metrics exactly as predict does: the same
# actions as predict's CSV piped into --predictions. Thresholds low enough
# for the tiny model's forecasts (7 % to 34 %) to make predictive act.
"$BIN/scaleahead-datagen" --profile seed --days 4 --seed 7 -o "$WORK/seed.csv" 2>/dev/null
"$BIN/scaleahead-train" --data "$WORK/seed.csv" --arch original --hidden 8 --layers 1 \
    --seq-len 12 --epochs 2 -q --threads 2 -o "$WORK/tiny.h5" >/dev/null
LOW="--min 1 --base-instances 1 --up 25 --down 15 --pred-down 15 --target-cpu 20"
$SIM -q $LOW --model "$WORK/tiny.h5" --csv "$WORK/model.csv" "$WORK/seed.csv" >"$WORK/model.txt"
check "sim --model: exits 0" [ $? -eq 0 ]
check "sim --model: the table says what was replayed: file, part, dates, rows, model, basis" \
    grep -qxF "replayed $WORK/seed.csv, part all: 2025-01-06 00:00:00 to 2025-01-09 23:55:00 UTC (1152 rows); model $WORK/tiny.h5, forecasts read as cpu" "$WORK/model.txt"
"$BIN/scaleahead-predict" -q --model "$WORK/tiny.h5" "$WORK/seed.csv" |
    $SIM -q $LOW --predictions - --csv "$WORK/piped.csv" "$WORK/seed.csv" >"$WORK/piped.txt"
check "sim --model: the same steps and actions as predict | sim --predictions -" \
    cmp -s "$WORK/model.csv" "$WORK/piped.csv"
check "sim --model: the same table (less the line naming the model)" \
    sh -c "sed 's/; model .*//' '$WORK/model.txt' | cmp -s - '$WORK/piped.txt'"
check "sim --model: all runs the two forecast policies" \
    grep -qE '^policy +reactive +predictive +target +target-predictive$' "$WORK/model.txt"
check "sim --model: predictive acts on the forecasts (over 100 actions)" \
    [ "$(grep -c ',predictive,scale_' "$WORK/model.csv")" -gt 100 ]
expect_exit "sim --model: stdin is a usage error" 2 'not stdin' \
    $SIM --model "$WORK/tiny.h5" - <"$WORK/seed.csv"
expect_exit "sim --model with --predictions is a usage error" 2 'not both' \
    $SIM --model "$WORK/tiny.h5" --predictions "$WORK/piped.csv" "$WORK/seed.csv"
expect_exit "sim --model: another --target is a usage error" 2 'forecasts cpu_utilization' \
    $SIM --model "$WORK/tiny.h5" --target value "$WORK/seed.csv"
expect_exit "sim --model: a missing model file" 1 'nope.h5' \
    $SIM --model "$WORK/nope.h5" "$WORK/seed.csv"
expect_exit "sim --model: data without the model's features" 1 'needs feature.*request_count' \
    $SIM --model "$WORK/tiny.h5" "$DATA/sim_step.csv"
expect_exit "sim: --live takes no model" 2 'no --predictions, --model' \
    $SIM --live --fast --model "$WORK/tiny.h5"

expect_exit "sim: predictive without --predictions is a usage error" 2 'needs --predictions or --model' \
    $SIM --policy predictive "$STEP"
expect_exit "sim: unknown policy" 2 "unknown policy 'bogus'" $SIM --policy bogus "$STEP"
expect_exit "sim: --min above --max" 2 'min 5 is above --max 3' $SIM --min 5 --max 3 "$STEP"
expect_exit "sim: bad spike" 2 "expected AT:CPU" $SIM --live --fast --spike x
expect_exit "sim: bad resource" 2 'NAME:TYPE' $SIM --live --fast --resource nothing
expect_exit "sim: bad second --spike" 2 "'x': expected AT:CPU" $SIM --live --fast --spike 1:50 --spike x
expect_exit "sim: missing column" 1 'sim_step_predictions.csv.*cpu_utilization' \
    $SIM "$DATA/sim_step_predictions.csv"
