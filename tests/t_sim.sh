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

# Stabilisation and the step limit apply to the quantile policy too (they
# were once accepted and ignored for it). rise.csv: D = 100 on N0 = 2,
# 300 from 00:05 to 00:09, 100 after; rise_pred.csv a perfect one-step
# forecast with its upper bound. Without warm-up or cooldown the policy
# goes to ceil(300 x 2 / 66) = 5 at 00:04 and back to 2 at 00:10, or at
# 00:20 when the 5s recommended until 00:09 stay 600 s in the window.
awk 'BEGIN { print "timestamp,cpu_utilization"
             for (i = 0; i < 30; i++) printf "2024-01-01 00:%02d:00,%d\n", i, (i >= 5 && i < 10) ? 150 : 50 }' \
    >"$WORK/rise.csv"
awk 'BEGIN { print "timestamp,actual,predicted,lower,upper,decision"
             for (i = 1; i < 30; i++) { v = (i >= 5 && i < 10) ? 150 : 50
                 printf "2024-01-01 00:%02d:00,%d,%d,%d,%d,hold\n", i, v, v, v, v } }' >"$WORK/rise_pred.csv"
# actions FILE: the CSV's actions as HH:MM:COUNT;...
actions() { grep -v ',hold$' "$1" | tail -n +2 | cut -d, -f1,5 | cut -c12-16,20- | tr '\n' ';'; }
Q="-q --policy predictive --quantile 0.9 --predictions $WORK/rise_pred.csv --warmup 0 --cooldown 0"
$SIM $Q --stabilization 0 --csv "$WORK/q0.csv" "$WORK/rise.csv" >/dev/null
$SIM $Q --stabilization 600 --csv "$WORK/q600.csv" "$WORK/rise.csv" >/dev/null
$SIM $Q --stabilization 0 --max-step 1 --csv "$WORK/q1.csv" "$WORK/rise.csv" >/dev/null
check "sim: quantile policy, no window: 5 at 00:04, 2 at 00:10" \
    [ "$(actions "$WORK/q0.csv")" = "00:04,5;00:10,2;" ]
check "sim: quantile policy, --stabilization 600: back to 2 at 00:20" \
    [ "$(actions "$WORK/q600.csv")" = "00:04,5;00:20,2;" ]
check "sim: quantile policy, --max-step 1: one instance a step" \
    [ "$(actions "$WORK/q1.csv")" = "00:04,3;00:05,4;00:06,5;00:10,4;00:11,3;00:12,2;" ]
expect_exit "sim: --max-step 1.5 is a usage error" 2 'max-step 1.5' $SIM --max-step 1.5 "$STEP"
expect_exit "sim: --max-step -2% is a usage error" 2 'max-step -2%' $SIM --max-step -2% "$STEP"

# Outputs for scripts: --json and --csv-table, to a file or alone on stdout.
$SIM -q --predictions "$DATA/sim_step_predictions.csv" --json "$WORK/all.json" \
    --csv-table "$WORK/all_table.csv" "$STEP" >"$WORK/with_json"
check "sim --json FILE: the table still on stdout" grep -qE '^policy +reactive +predictive' "$WORK/with_json"
check "sim --json: the replay's part, dates and demand basis" \
    sh -c "grep -q '\"part\": \"all\"' '$WORK/all.json' &&
           grep -q '\"start\": \"2024-01-01 00:00:00\"' '$WORK/all.json' &&
           grep -q '\"end\": \"2024-01-01 00:19:00\"' '$WORK/all.json' &&
           grep -q '\"demand_basis\": \"cpu\"' '$WORK/all.json'"
for key in policy cost instance_hours hot_minutes overloaded_minutes \
    under_provisioned_instance_minutes slack flaps actions; do
    check "sim --json: every policy has $key" \
        [ "$(grep -c "^      \"$key\": " "$WORK/all.json")" -eq 4 ]
done
if command -v python3 >/dev/null 2>&1; then
    check "sim --json: parses, four policies named as in the table" python3 -c "
import json, sys
d = json.load(open('$WORK/all.json'))
sys.exit(not ([p['policy'] for p in d['policies']] == ['reactive', 'predictive', 'target', 'target-predictive']
              and d['predictions'].endswith('sim_step_predictions.csv') and d['model'] is None))"
fi
check "sim --csv-table: a header and one row per policy" [ "$(wc -l <"$WORK/all_table.csv")" -eq 5 ]
check "sim --csv-table: the reactive row's cost and actions match the table" \
    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i }
             $1 == "reactive" { ok = $c["cost"] > 0.108 && $c["cost"] < 0.1084 && $c["actions"] == 2 &&
                                $c["part"] == "all" }
             END { exit !ok }' "$WORK/all_table.csv"
$SIM -q --json - "$STEP" >"$WORK/stdout.json"
check "sim --json -: stdout holds the JSON only" \
    sh -c "head -c1 '$WORK/stdout.json' | grep -q '{' && tail -1 '$WORK/stdout.json' | grep -q '^}$'"
expect_exit "sim: two outputs on stdout are a usage error" 2 'only one output can go to stdout' \
    $SIM --json - --csv-table - "$STEP"
expect_exit "sim: --report with --json - is a usage error" 2 'report prints to stdout' \
    $SIM --report --json - "$STEP"
expect_exit "sim: --json into a missing directory fails before the run" 1 'json.*nowhere' \
    $SIM --json "$WORK/nowhere/x.json" "$STEP"
expect_exit "sim: --sweep-quantile with --predictions is refused (one level only)" 2 \
    'sweep-quantile needs --model' \
    $SIM --sweep-quantile 0.5,0.9 --predictions "$WORK/rise_pred.csv" "$WORK/rise.csv"
expect_exit "sim: --sweep-quantile with --policy is refused" 2 'not both' \
    $SIM --sweep-quantile 0.5,0.9 --policy reactive --model x.h5 "$STEP"
expect_exit "sim: --sweep-quantile with --quantile is refused" 2 'not both' \
    $SIM --sweep-quantile 0.5,0.9 --quantile 0.9 --model x.h5 "$STEP"
# A flag no policy of the run reads is refused, not ignored.
expect_exit "sim: --calendar without the scheduled policy or a model is refused" 2 \
    'calendar is read by the scheduled policy' \
    $SIM --policy reactive --calendar "$DATA/sim_calendar.csv" "$STEP"
expect_exit "sim: --pred-down with --policy reactive is refused" 2 \
    'pred-down is a setting of the predictive policy without --quantile, and this run runs reactive' \
    $SIM --policy reactive --pred-down 20 "$STEP"
expect_exit "sim: --quantile with --policy target is refused" 2 'quantile is a setting of' \
    $SIM --policy target --quantile 0.9 --predictions "$WORK/rise_pred.csv" "$WORK/rise.csv"
expect_exit "sim: --quantile-cpu without --quantile is refused" 2 'quantile-cpu is a setting of the quantile policy' \
    $SIM --policy predictive --quantile-cpu 50 --predictions "$WORK/rise_pred.csv" "$WORK/rise.csv"
expect_exit "sim: --down with --policy target is refused" 2 'down is a setting of the reactive policy' \
    $SIM --policy target --down 10 "$STEP"
expect_exit "sim: --schedule-event without the scheduled policy is refused" 2 \
    'schedule-event is a setting of the scheduled policy, and this run runs reactive, target' \
    $SIM --schedule-event 4 "$STEP"
expect_exit "sim: --tolerance with --policy reactive is refused" 2 'tolerance is a setting' \
    $SIM --policy reactive --tolerance 0.2 "$STEP"
expect_exit "sim: --up below --pred-down when the predictive rule runs" 2 'up 30 must be above --pred-down 35' \
    $SIM --policy predictive --up 30 --down 10 --predictions "$WORK/rise_pred.csv" "$WORK/rise.csv"
expect_exit "sim: --horizon without forecasts is refused" 2 'horizon says how far' \
    $SIM --horizon 3 "$STEP"
expect_exit "sim: a live flag without --live is refused" 2 'duration is a setting of the live monitor' \
    $SIM --duration 10 "$STEP"
expect_exit "sim: a replay flag with --live is refused" 2 'target has nothing to act on with --live' \
    $SIM --live --fast --target value
$SIM -q --policy reactive --up 30 --down 10 "$STEP" >/dev/null
check "sim: --up 30 is fine for reactive alone (the predictive rule's 35 does not apply)" [ $? -eq 0 ]

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
check "sim: HTML has the table and every policy's alert log, folded" \
    sh -c "grep -q 'Policies compared</h2>' '$WORK/r.html' && [ \$(grep -c '<details><summary>' '$WORK/r.html') -eq 5 ]"
# The report answers first: the summary, then the table, then the plots.
line_of() { grep -n -m1 -F "$1" "$2" | cut -d: -f1; }
h_summary=$(line_of '<h2>Summary</h2>' "$WORK/r.html")
h_table=$(line_of '<table class="comparison">' "$WORK/r.html")
h_plots=$(line_of '<h2>Plots</h2>' "$WORK/r.html")
check "sim: HTML opens with the summary, then the table, then the plots" \
    sh -c "[ ${h_summary:-0} -gt 0 ] && [ ${h_summary:-0} -lt ${h_table:-0} ] && [ ${h_table:-0} -lt ${h_plots:-0} ]"
check "sim: HTML table has units and marks a best value" \
    sh -c "grep -q '<td class=\"unit\">instance-minutes</td>' '$WORK/r.html' && grep -q 'class=\"num best\"' '$WORK/r.html'"
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
check "sim: value-only data plots CPU and instances alone, no empty panels" \
    sh -c "grep -q 'layout 2,1' '$WORK/vo/cloud_metrics_dashboard.gp' && ! grep -q 'memory' '$WORK/vo/cloud_metrics_dashboard.gp'"
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
# --part all: the whole training file, as predict's forecasts cover it (the
# default replays only its test part: tests/t_seen.sh).
$SIM -q $LOW --model "$WORK/tiny.h5" --part all --csv "$WORK/model.csv" "$WORK/seed.csv" >"$WORK/model.txt"
check "sim --model: exits 0" [ $? -eq 0 ]
check "sim --model: the table says what was replayed: file, part, dates, rows, model, basis" \
    grep -qxF "replayed $WORK/seed.csv, part all: 2025-01-06 00:00:00 to 2025-01-09 23:55:00 UTC (1152 rows); model $WORK/tiny.h5, forecasts read as cpu" "$WORK/model.txt"
check "sim --model --part all: says the forecasts of the training part are in-sample" \
    grep -q "seed.csv is the model's training data: the model trained and validated on its rows before 2025-01-09 [0-9:]* UTC, so the forecasts there are in-sample" "$WORK/model.txt"
"$BIN/scaleahead-predict" -q --model "$WORK/tiny.h5" "$WORK/seed.csv" |
    $SIM -q $LOW --predictions - --csv "$WORK/piped.csv" "$WORK/seed.csv" >"$WORK/piped.txt"
check "sim --model: the same steps and actions as predict | sim --predictions -" \
    cmp -s "$WORK/model.csv" "$WORK/piped.csv"
check "sim --model: the same table (less the line naming the model or the predictions)" \
    sh -c "sed 's/; model .*//' '$WORK/model.txt' | grep -v 'in-sample' >'$WORK/model.cmp' &&
           sed 's/; predictions .*//' '$WORK/piped.txt' | cmp -s - '$WORK/model.cmp'"
check "sim --model: all runs the two forecast policies" \
    grep -qE '^policy +reactive +predictive +target +target-predictive$' "$WORK/model.txt"
check "sim --model: predictive acts on the forecasts (over 100 actions)" \
    [ "$(grep -c ',predictive,scale_' "$WORK/model.csv")" -gt 100 ]
# The sweep with a model: its table has a flaps column, and --csv,
# --csv-table, --json, --plots and --html all honour it.
SWEEP_LOW="--min 1 --base-instances 1 --up 25 --down 15 --target-cpu 20"
$SIM -q $SWEEP_LOW --model "$WORK/tiny.h5" --sweep-quantile 0.5,0.9 --csv "$WORK/sw.csv" \
    --csv-table "$WORK/sw_table.csv" --json "$WORK/sw.json" --plots "$WORK/swp" \
    --html "$WORK/sw.html" "$WORK/seed.csv" >"$WORK/sw.txt"
check "sweep: exits 0" [ $? -eq 0 ]
check "sweep: the table has a flaps column" \
    grep -qE '^policy +q +cost +hot min +overload min +slack % +under i-min +flaps +actions$' "$WORK/sw.txt"
check "sweep: --csv writes every step of the four runs under their labels" \
    [ "$(cut -d, -f6 "$WORK/sw.csv" | sort -u | tr '\n' ';')" = "Policy;predictive q0.5;predictive q0.9;reactive;target;" ]
check "sweep: --csv-table has one row per level and policy, with its level" \
    [ "$(cut -d, -f1-3 "$WORK/sw_table.csv" | tr '\n' ';')" = "policy,kind,quantile;predictive q0.5,predictive,0.5;predictive q0.9,predictive,0.9;reactive,reactive,;target,target,;" ]
check "sweep: --json lists the levels" grep -q '"quantile": 0.9,' "$WORK/sw.json"
check "sweep: the flaps of the table are the JSON's" \
    [ "$(awk '$1 == "target" { print $8 }' "$WORK/sw.txt")" = \
      "$(grep '"flaps"' "$WORK/sw.json" | tail -1 | tr -dc 0-9)" ]
check "sweep: --plots writes the frontier and the comparison" \
    sh -c "[ -s '$WORK/swp/frontier.gp' ] && [ -s '$WORK/swp/policy_comparison.gp' ]"
check "sweep: --html writes the page" grep -q '</html>' "$WORK/sw.html"
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
