# t_examples.sh — examples/cron_forecast.sh as cron would run it, with a
# captured CloudWatch get-metric-data export (tests/import/cloudwatch_day.json,
# newest first) and stand-ins for aws and kubectl that record their calls:
# the series it fetches come from --metric, the group's size and bounds from
# describe-auto-scaling-groups, the decision from predict --format decision
# (clamped to the group's min and max, --fill across a late point); it
# prints the scaling command, runs nothing that changes the group unless
# --apply, refuses stale data, and fails on a missing model.
. "$TOP/tests/lib.sh"
CW=$TOP/tests/import/cloudwatch_day.json
EX=$TOP/examples/cron_forecast.sh
case $BIN in /*) bin=$BIN ;; *) bin=$TOP/$BIN ;; esac

"$BIN/scaleahead-import" -q --step 300 --column cpu_utilization=cpu --column network_in=net \
    "$CW" -o "$WORK/day.csv"
"$BIN/scaleahead-train" -q --data "$WORK/day.csv" --features cpu_utilization,network_in \
    --arch original --hidden 4 --layers 1 --seq-len 12 --epochs 2 --threads 1 \
    -o "$WORK/m.h5" >/dev/null
check "a model trained on the imported day" [ -s "$WORK/m.h5" ]
# What predict decides on the same data for a group of 4 in [2, 6] (the
# export is from 2025: --max-age 0 lets it be read).
want=$("$BIN/scaleahead-predict" -q --model "$WORK/m.h5" --last --fill --format decision \
       --max-age 0 --instances 4 --min 2 --max 6 --target-cpu 60 "$WORK/day.csv")
count=${want#* }

# Stand-ins: each call is recorded; describe says desired 4, min 2, max 6;
# get-metric-data answers with the captured export; kubectl get says 4.
mkdir "$WORK/stub"
cat >"$WORK/stub/aws" <<EOF
#!/bin/sh
echo "aws \$*" >>"$WORK/called"
case "\$*" in
*describe-auto-scaling-groups*) printf '4\t2\t6\n' ;;
*get-metric-data*) cat "$CW" ;;
esac
EOF
cat >"$WORK/stub/kubectl" <<EOF
#!/bin/sh
echo "kubectl \$*" >>"$WORK/called"
case "\$*" in get*) echo 4 ;; esac
EOF
chmod +x "$WORK/stub/aws" "$WORK/stub/kubectl"
run() { env PATH="$WORK/stub:$PATH" SCALEAHEAD="$bin" sh "$EX" --model "$WORK/m.h5" \
        --metric cpu_utilization=CPUUtilization --metric network_in=NetworkIn "$@"; }

out=$(run --asg web --max-age 0)
check "dry run prints the aws command for the decision ($want)" \
    [ "$out" = "aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity $count" ]
check "the series come from --metric: the query asks for CPUUtilization and NetworkIn of group web" \
    sh -c "grep 'get-metric-data' '$WORK/called' | grep -q '\"MetricName\":\"CPUUtilization\",\"Dimensions\":\\[{\"Name\":\"AutoScalingGroupName\",\"Value\":\"web\"}\\]' &&
           grep 'get-metric-data' '$WORK/called' | grep -q '\"MetricName\":\"NetworkIn\"'"
check "the size and bounds come from describe-auto-scaling-groups" \
    grep -q "describe-auto-scaling-groups --auto-scaling-group-names web" "$WORK/called"
check "dry run changes nothing" sh -c "! grep -q set-desired-capacity '$WORK/called'"
rm -f "$WORK/called"

clamped=$("$BIN/scaleahead-predict" -q --model "$WORK/m.h5" --last --fill --format decision \
          --max-age 0 --instances 4 --min 5 --max 6 "$WORK/day.csv")
out=$(run --asg web --max-age 0 --min 5 --cloudwatch-json "$CW")
check "--min 5: the count clamped to the group's bounds (${clamped#* })" \
    sh -c "[ '${clamped#* }' -ge 5 ] && [ '$out' = 'aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity ${clamped#* }' ]"
rm -f "$WORK/called"

out=$(run --deployment web --max-age 0 --cloudwatch-json "$CW")
check "--deployment web prints kubectl scale, the replicas from kubectl" \
    sh -c "[ '$out' = 'kubectl scale deployment/web --replicas=$(
        "$BIN/scaleahead-predict" -q --model "$WORK/m.h5" --last --fill --format decision \
            --max-age 0 --instances 4 "$WORK/day.csv" | cut -d' ' -f2)' ] &&
           grep -q 'kubectl get deployment/web' '$WORK/called'"
rm -f "$WORK/called"

run --asg web --max-age 0 --apply >/dev/null
check "--apply runs the printed command" \
    sh -c "grep set-desired-capacity '$WORK/called' | grep -qx 'aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity $count'"
rm -f "$WORK/called"

# One late point: the export lacks the value 20 minutes back in both series.
/usr/bin/python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
for r in d['MetricDataResults']:
    del r['Timestamps'][4], r['Values'][4]
json.dump(d, open(sys.argv[2], 'w'))" "$CW" "$WORK/late.json"
out=$(run --asg web --max-age 0 --cloudwatch-json "$WORK/late.json" 2>"$WORK/err")
check "a late point: --fill forward-fills it and the run still decides" \
    sh -c "echo '$out' | grep -qE '^aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity [0-9]+\$'"

run --asg web --cloudwatch-json "$CW" >"$WORK/o" 2>"$WORK/e"
rc=$?
check "stale data (the export ends in 2025): exit 1, nothing printed, predict says why" \
    sh -c "[ $rc -eq 1 ] && [ ! -s '$WORK/o' ] && grep -q 'the newest row, 2025-01-06 23:55:00 UTC, is .* old, more than --max-age 15m' '$WORK/e'"
env PATH="$WORK/stub:$PATH" SCALEAHEAD="$bin" sh "$EX" --model "$WORK/nothere.h5" --asg web \
    --max-age 0 --cloudwatch-json "$CW" >"$WORK/o" 2>"$WORK/e"
rc=$?
check "a missing model fails the run: exit $rc, nothing printed, the error names it" \
    sh -c "[ $rc -ne 0 ] && [ ! -s '$WORK/o' ] && grep -q nothere.h5 '$WORK/e'"
env PATH="$WORK/stub:$PATH" sh "$EX" --asg web >"$WORK/o" 2>"$WORK/e"
rc=$?
check "no --model: a usage error (exit 2)" sh -c "[ $rc -eq 2 ] && grep -q 'give --model FILE' '$WORK/e'"
check "nothing changed the group in the failed runs" sh -c "! grep -q set-desired-capacity '$WORK/called' 2>/dev/null"
