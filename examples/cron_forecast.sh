#!/bin/sh
# cron_forecast.sh — predictive scaling from cron, forecast-only by default.
#
# Every run: fetch the last day of an Auto Scaling group's metrics from
# CloudWatch (the series named by --metric), import them
# (scaleahead-import), forecast the next step with a trained model
# (scaleahead-predict --last --fill --format decision), size the fleet for
# the forecast's upper bound within the group's min and max, and print the
# command that would set it:
#
#   aws autoscaling set-desired-capacity --auto-scaling-group-name ASG --desired-capacity N
#   kubectl scale deployment/NAME --replicas=N          (with --deployment NAME)
#
# Nothing is changed unless --apply is given: run it forecast-only for a
# while, compare what it prints with what happened, then add --apply. Data
# older than --max-age (predict's default: three steps) is refused: a job
# that acts must not act on a feed that stopped.
#
#   */5 * * * * /srv/scaleahead/examples/cron_forecast.sh --model /srv/models/web.h5 --asg web
#
# Options (each also from the environment variable named in brackets):
#   --model FILE          trained model (scaleahead-train on an import of the
#                         same metrics) [MODEL]
#   --asg NAME            Auto Scaling group: the CloudWatch dimension and the
#                         group to size [ASG]
#   --deployment NAME     print/run kubectl scale for this deployment [DEPLOYMENT]
#   --metric COLUMN=METRIC[:NAMESPACE]
#                         a series to fetch and the model column it fills
#                         (repeatable; default cpu_utilization=CPUUtilization,
#                         namespace AWS/EC2; a demand model also wants
#                         instances=GroupInServiceInstances:AWS/AutoScaling)
#   --instances N         current fleet size (default: the group's desired
#                         capacity, or the deployment's replicas) [INSTANCES]
#   --min N, --max N      the fleet's bounds (default: the group's MinSize and
#                         MaxSize; none for a deployment) [MIN, MAX]
#   --target-cpu PCT      per-instance CPU % to stay at or below (default 60)
#                         [TARGET_CPU]
#   --capacity-per-instance R   a model of a rate: what one instance serves
#   --max-age DURATION    refuse data whose newest row is older (e.g. 15m; 0 =
#                         no limit) [MAX_AGE]
#   --cloudwatch-json FILE  a saved get-metric-data export to use instead of
#                         calling aws (the tests use one; also handy to replay
#                         an incident) [CLOUDWATCH_JSON]
#   --apply               run the command instead of only printing it
#   SCALEAHEAD (environment) the folder of the scaleahead-* tools (default: PATH)
# Exit status: 0 when a command was printed (or run), 1 on any failure
# (stale data, a failed call), 2 on a usage error.
set -eu
usage() { echo "cron_forecast.sh: $*" >&2; exit 2; }
apply=0 metrics="" capacity=""
MODEL=${MODEL:-} ASG=${ASG:-} DEPLOYMENT=${DEPLOYMENT:-} INSTANCES=${INSTANCES:-}
MIN=${MIN:-} MAX=${MAX:-} TARGET_CPU=${TARGET_CPU:-60} MAX_AGE=${MAX_AGE:-}
CLOUDWATCH_JSON=${CLOUDWATCH_JSON:-}
while [ $# -gt 0 ]; do
    [ $# -ge 2 ] || case $1 in --apply) ;; *) usage "$1 needs a value" ;; esac
    case $1 in
    --apply) apply=1; shift; continue ;;
    --model) MODEL=$2 ;;
    --asg) ASG=$2 ;;
    --deployment) DEPLOYMENT=$2 ;;
    --metric) metrics="$metrics $2" ;;
    --instances) INSTANCES=$2 ;;
    --min) MIN=$2 ;;
    --max) MAX=$2 ;;
    --target-cpu) TARGET_CPU=$2 ;;
    --capacity-per-instance) capacity=$2 ;;
    --max-age) MAX_AGE=$2 ;;
    --cloudwatch-json) CLOUDWATCH_JSON=$2 ;;
    *) usage "unknown option $1" ;;
    esac
    shift 2
done
[ -n "$MODEL" ] || usage "give --model FILE (a trained model)"
[ -n "$ASG$DEPLOYMENT" ] || usage "give --asg NAME or --deployment NAME"
[ -n "$metrics" ] || metrics="cpu_utilization=CPUUtilization"
bin=${SCALEAHEAD:+$SCALEAHEAD/}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. The last day of the series, as CloudWatch gives them; each is imported
#    by its label (the metric name) into the column the model reads.
queries="" columns="" i=0
for m in $metrics; do
    column=${m%%=*} source=${m#*=}
    [ "$column" != "$m" ] && [ -n "$column" ] && [ -n "$source" ] ||
        usage "--metric $m: want COLUMN=METRIC[:NAMESPACE]"
    name=${source%%:*} namespace=AWS/EC2
    [ "$name" != "$source" ] && namespace=${source#*:}
    queries="$queries${queries:+,}$(printf '{"Id":"m%d","Label":"%s","MetricStat":{"Metric":{"Namespace":"%s","MetricName":"%s","Dimensions":[{"Name":"AutoScalingGroupName","Value":"%s"}]},"Period":300,"Stat":"Average"}}' \
        "$i" "$name" "$namespace" "$name" "${ASG:-ASG}")"
    columns="$columns --column $column=$name"
    i=$((i + 1))
done
if [ -n "$CLOUDWATCH_JSON" ]; then
    cp "$CLOUDWATCH_JSON" "$tmp/cw.json"
else
    [ -n "$ASG" ] || usage "--deployment needs --cloudwatch-json (the series come from CloudWatch)"
    aws cloudwatch get-metric-data --output json \
        --start-time "$(date -u -d '-1 day' +%Y-%m-%dT%H:%M:%SZ)" \
        --end-time "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
        --metric-data-queries "[$queries]" >"$tmp/cw.json"
fi

# 2. Into the metrics CSV the model reads (UTC, one 5-minute grid).
# shellcheck disable=SC2086
"${bin}scaleahead-import" -q --step 300 $columns "$tmp/cw.json" -o "$tmp/metrics.csv"

# 3. The current fleet and its bounds.
if [ -n "$DEPLOYMENT" ]; then
    [ -n "$INSTANCES" ] ||
        INSTANCES=$(kubectl get "deployment/$DEPLOYMENT" -o jsonpath='{.spec.replicas}')
elif [ -z "$INSTANCES" ] || [ -z "$MIN" ] || [ -z "$MAX" ]; then
    # shellcheck disable=SC2046
    set -- $(aws autoscaling describe-auto-scaling-groups --auto-scaling-group-names "$ASG" \
        --query 'AutoScalingGroups[0].[DesiredCapacity,MinSize,MaxSize]' --output text)
    [ $# -eq 3 ] || { echo "cron_forecast.sh: cannot read the size of group $ASG" >&2; exit 1; }
    INSTANCES=${INSTANCES:-$1} MIN=${MIN:-$2} MAX=${MAX:-$3}
fi

# 4. The decision for the next step: ACTION COUNT.
set -- --instances "$INSTANCES" --target-cpu "$TARGET_CPU"
[ -n "$MIN" ] && set -- "$@" --min "$MIN"
[ -n "$MAX" ] && set -- "$@" --max "$MAX"
[ -n "$capacity" ] && set -- "$@" --capacity-per-instance "$capacity"
[ -n "$MAX_AGE" ] && set -- "$@" --max-age "$MAX_AGE"
decision=$("${bin}scaleahead-predict" -q --model "$MODEL" --last --fill --format decision \
    "$@" "$tmp/metrics.csv")
want=${decision#* }

# 5. The command (run only with --apply).
if [ -n "$DEPLOYMENT" ]; then
    set -- kubectl scale "deployment/$DEPLOYMENT" "--replicas=$want"
else
    set -- aws autoscaling set-desired-capacity --auto-scaling-group-name "$ASG" \
        --desired-capacity "$want"
fi
echo "$*"
[ "$apply" -eq 1 ] && "$@"
exit 0
