#!/bin/sh
# cron_forecast.sh — predictive scaling from cron, forecast-only by default.
#
# Every run: fetch the last day of CPUUtilization and NetworkIn of an Auto
# Scaling group from CloudWatch, import it (scaleahead-import), forecast the
# next step with a trained model (scaleahead-predict --last), size the fleet
# for the forecast's upper bound, and print the command that would set it:
#
#   aws autoscaling set-desired-capacity --auto-scaling-group-name ASG --desired-capacity N
#   kubectl scale deployment/NAME --replicas=N          (with DEPLOYMENT=NAME)
#
# Nothing is changed unless --apply is given: run it forecast-only for a
# while, compare what it prints with what happened, then add --apply.
#
#   */5 * * * * MODEL=/srv/models/web.h5 ASG=web INSTANCES=4 /srv/scaleahead/examples/cron_forecast.sh
#
# Environment:
#   MODEL        trained model (scaleahead-train on an import of the same metrics)
#   ASG          Auto Scaling group (the CloudWatch dimension and the target)
#   DEPLOYMENT   print/run kubectl scale for this deployment instead of aws
#   INSTANCES    current fleet size (default: asked from aws or kubectl)
#   TARGET_CPU   per-instance CPU % to stay at or below (default 60)
#   CLOUDWATCH_JSON  a saved get-metric-data export to use instead of calling
#                aws (the tests use one; also handy to replay an incident)
#   SCALEAHEAD   folder of the scaleahead-* tools (default: on PATH)
# Exit status: 0 when a command was printed (or run), 1 on any failure.
set -eu
apply=0
[ "${1:-}" = --apply ] && apply=1
: "${MODEL:?set MODEL to a trained model file}"
TARGET_CPU=${TARGET_CPU:-60}
bin=${SCALEAHEAD:+$SCALEAHEAD/}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. The last day of metrics, as CloudWatch gives it.
if [ -n "${CLOUDWATCH_JSON:-}" ]; then
    cp "$CLOUDWATCH_JSON" "$tmp/cw.json"
else
    : "${ASG:?set ASG (or CLOUDWATCH_JSON)}"
    query() { printf '{"Id":"%s","MetricStat":{"Metric":{"Namespace":"AWS/EC2","MetricName":"%s","Dimensions":[{"Name":"AutoScalingGroupName","Value":"%s"}]},"Period":300,"Stat":"Average"}}' "$1" "$2" "$ASG"; }
    aws cloudwatch get-metric-data --output json \
        --start-time "$(date -u -d '-1 day' +%Y-%m-%dT%H:%M:%SZ)" \
        --end-time "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
        --metric-data-queries "[$(query cpu CPUUtilization),$(query net NetworkIn)]" >"$tmp/cw.json"
fi

# 2. Into the metrics CSV the model reads (UTC, one 5-minute grid).
"${bin}scaleahead-import" -q --step 300 --column cpu_utilization=cpu --column network_in=net \
    "$tmp/cw.json" -o "$tmp/metrics.csv"

# 3. The current fleet size.
if [ -z "${INSTANCES:-}" ]; then
    if [ -n "${DEPLOYMENT:-}" ]; then
        INSTANCES=$(kubectl get "deployment/$DEPLOYMENT" -o jsonpath='{.spec.replicas}')
    else
        INSTANCES=$(aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$ASG" \
            --query 'AutoScalingGroups[0].DesiredCapacity' --output text)
    fi
fi

# 4. The forecast for the next step, as the instance count it needs.
want=$("${bin}scaleahead-predict" -q --model "$MODEL" --last --format decision \
    --instances "$INSTANCES" --target-cpu "$TARGET_CPU" "$tmp/metrics.csv")

# 5. The command (run only with --apply).
if [ -n "${DEPLOYMENT:-}" ]; then
    set -- kubectl scale "deployment/$DEPLOYMENT" "--replicas=$want"
else
    set -- aws autoscaling set-desired-capacity --auto-scaling-group-name "${ASG:-ASG}" \
        --desired-capacity "$want"
fi
echo "$*"
[ "$apply" -eq 1 ] && "$@"
exit 0
