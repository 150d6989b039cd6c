# t_examples.sh — examples/cron_forecast.sh as cron would run it, with a
# captured CloudWatch get-metric-data export (tests/import/cloudwatch_day.json,
# newest first) standing in for the aws call: it prints the scaling command
# for the forecast's instance count, runs nothing unless --apply, and with
# --apply runs exactly that command (aws and kubectl are stubs here).
. "$TOP/tests/lib.sh"
CW=$TOP/tests/import/cloudwatch_day.json
EX=$TOP/examples/cron_forecast.sh

"$BIN/scaleahead-import" -q --step 300 --column cpu_utilization=cpu --column network_in=net \
    "$CW" -o "$WORK/day.csv"
"$BIN/scaleahead-train" -q --data "$WORK/day.csv" --features cpu_utilization,network_in \
    --arch original --hidden 4 --layers 1 --seq-len 12 --epochs 2 --threads 1 \
    -o "$WORK/m.h5" >/dev/null
check "a model trained on the imported day" [ -s "$WORK/m.h5" ]
want=$("$BIN/scaleahead-predict" -q --model "$WORK/m.h5" --last --format decision \
       --instances 4 --target-cpu 60 "$WORK/day.csv")

# Stubs that record how they were called (the example must not call them
# in a dry run; it must not need them with CLOUDWATCH_JSON and INSTANCES).
mkdir "$WORK/stub"
for tool in aws kubectl; do
    printf '#!/bin/sh\necho "%s $*" >>"%s/called"\n' "$tool" "$WORK" >"$WORK/stub/$tool"
    chmod +x "$WORK/stub/$tool"
done
run() { env PATH="$WORK/stub:$PATH" SCALEAHEAD="$TOP/$BIN" MODEL="$WORK/m.h5" \
        CLOUDWATCH_JSON="$CW" INSTANCES=4 "$@"; }

out=$(run ASG=web sh "$EX")
check "dry run prints the aws command for the forecast's instance count ($want)" \
    [ "$out" = "aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity $want" ]
check "dry run calls nothing" [ ! -e "$WORK/called" ]
out=$(run DEPLOYMENT=web sh "$EX")
check "DEPLOYMENT=web prints kubectl scale" [ "$out" = "kubectl scale deployment/web --replicas=$want" ]
run ASG=web sh "$EX" --apply >/dev/null
check "--apply runs the printed command" \
    [ "$(cat "$WORK/called")" = "aws autoscaling set-desired-capacity --auto-scaling-group-name web --desired-capacity $want" ]
env PATH="$WORK/stub:$PATH" SCALEAHEAD="$TOP/$BIN" MODEL="$WORK/nothere.h5" CLOUDWATCH_JSON="$CW" \
    INSTANCES=4 ASG=web sh "$EX" >"$WORK/o" 2>"$WORK/e"
rc=$?
check "a missing model fails the run: exit $rc, nothing printed, the error names it" \
    sh -c "[ $rc -ne 0 ] && [ ! -s '$WORK/o' ] && grep -q nothere.h5 '$WORK/e'"
