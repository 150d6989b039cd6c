#!/bin/sh
# measured.sh WHAT — the line that opens a results file: what measured it,
# when, and on which machine (CPU, cores, the kernel path the tools chose,
# the load at the start, the commit), so a figure in docs/ never stands
# without them. BIN points at the tools (default bin).
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
[ -n "$cpu" ] || cpu=$(uname -m)
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo "?")
path=$("${BIN:-bin}/scaleahead-train" --version 2>/dev/null | sed -n 's/.*(kernel \(.*\))$/\1/p')
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo "not a git checkout")
printf 'Measured by %s on %s UTC: %s, %s cores, kernel path %s%s, load average %s at the start, commit %s.\n' \
    "$1" "$(date -u '+%Y-%m-%d %H:%M')" "$cpu" "$cores" "${path:-?}" \
    "${SCALEAHEAD_KERNEL:+ (forced)}" "${load:-?}" "$commit"
