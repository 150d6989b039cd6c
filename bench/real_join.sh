#!/bin/sh
# bench/real_join.sh REAL OUT — the three series of one instance in REAL
# (825cc2 CPU, 257a54 network in, 8c0756 ELB requests) joined on timestamp
# into one multi-metric file OUT with the header
# timestamp,cpu_utilization,network_in,request_count. An inner join: a
# timestamp missing from any file is a gap, which windows do not cross.
set -e
real=$1
out=$2
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp".*' EXIT
tail -n +2 "$real/ec2_cpu_utilization_825cc2.csv" | sort >"$tmp.cpu"
tail -n +2 "$real/ec2_network_in_257a54.csv" | sort >"$tmp.net"
tail -n +2 "$real/elb_request_count_8c0756.csv" | sort >"$tmp.req"
{
    echo "timestamp,cpu_utilization,network_in,request_count"
    join -t, "$tmp.cpu" "$tmp.net" | join -t, - "$tmp.req"
} >"$out"
