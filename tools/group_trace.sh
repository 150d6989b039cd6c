#!/bin/sh
# group_trace.sh — an auto-scaling group's trace from a metrics CSV: the
# file's cpu_utilization, measured on N0 instances, is the load (demand
# cpu x N0 instance-percent); a target-tracking group serves it and the
# trace records what CloudWatch would: the group's average CPU over its
# in-service instances (capped at 100) and their count, so the CPU is held
# near the target by the group's own scaling, as in a real group's export.
#
# The group: ceil(observed demand / TARGET) instances wanted each step,
# clamped to [MIN, MAX]; more are launched at once and serve WARMUP steps
# later; fewer only down to the largest recommendation of the last STAB
# steps (a scale-in stabilisation window), the newest instance removed
# first. It starts with N0 in service.
#
# Usage: sh tools/group_trace.sh [-n N0] [-t TARGET] [-m MIN] [-M MAX]
#            [-w WARMUP] [-s STAB] [-c COLUMN] [IN.csv] > OUT.csv
#   defaults: N0 5, TARGET 50, MIN 2, MAX 30, WARMUP 2, STAB 3, COLUMN
#   instances (GroupInServiceInstances writes CloudWatch's name).
# Writes timestamp,cpu_utilization,COLUMN. Used by tests/t_seen.sh and
# bench/targets.sh.
set -eu
n0=5 target=50 min=2 max=30 warmup=2 stab=3 column=instances
while getopts n:t:m:M:w:s:c: opt; do
    case $opt in
    n) n0=$OPTARG ;; t) target=$OPTARG ;; m) min=$OPTARG ;; M) max=$OPTARG ;;
    w) warmup=$OPTARG ;; s) stab=$OPTARG ;; c) column=$OPTARG ;;
    *) echo "usage: group_trace.sh [-n N0] [-t TARGET] [-m MIN] [-M MAX] [-w WARMUP] [-s STAB] [-c COLUMN] [IN.csv]" >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
awk -F, -v n0="$n0" -v target="$target" -v lo="$min" -v hi="$max" -v warmup="$warmup" \
    -v stab="$stab" -v column="$column" '
function ceil(x,  c) { c = int(x); return c < x ? c + 1 : c }
NR == 1 {
    for (i = 1; i <= NF; i++) if ($i == "cpu_utilization") col = i
    if (!col) { print "group_trace.sh: no cpu_utilization column" > "/dev/stderr"; exit 1 }
    print "timestamp,cpu_utilization," column
    n = n0; for (k = 0; k < n; k++) launch[k] = -warmup   # all in service
    next
}
{
    t = NR - 2
    serving = 0
    for (k = 0; k < n; k++) serving += launch[k] <= t - warmup
    demand = $col * n0
    cpu = serving > 0 ? demand / serving : 100
    if (cpu > 100) cpu = 100
    printf "%s,%.3f,%d\n", $1, cpu, serving
    want = ceil(cpu * serving / target - 1e-9)
    if (want < lo) want = lo
    if (want > hi) want = hi
    rec[t] = want
    keep = want
    for (j = t - stab + 1; j < t; j++) if (j >= 0 && rec[j] > keep) keep = rec[j]
    if (want > n) { for (k = n; k < want; k++) launch[k] = t; n = want }
    else if (keep < n) n = keep          # the newest go first
}' "${1:--}"
