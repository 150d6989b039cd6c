#!/bin/sh
# Runs every C test program (build/tests/test_*) and every shell test
# (tests/t_*.sh), counts "ok"/"FAIL" lines, and closes with
# "N passed, N failed". A program that crashes or exits non-zero without a
# FAIL line counts as one failure. Needs BIN and B from the Makefile.
B=${B:-build}
BIN=${BIN:-bin}
export BIN B
TOP=$(cd "$(dirname "$0")/.." && pwd)
export TOP
# Under SAN=1, HDF5's own leaks on damaged files are not ours (tests/lsan.supp).
: "${LSAN_OPTIONS:=suppressions=$TOP/tests/lsan.supp:print_suppressions=0}"
export LSAN_OPTIONS
cd "$TOP" || exit 1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
pass=0
fail=0

run_one() {
    name=$1
    shift
    out=$(mktemp)
    "$@" >"$out" 2>&1
    rc=$?
    p=$(grep -c '^ok ' "$out")
    f=$(grep -c '^FAIL ' "$out")
    grep '^FAIL ' "$out"
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "FAIL $name: exited with status $rc"
        tail -5 "$out" | sed 's/^/    /'
        f=1
    fi
    echo "$name: $p passed, $f failed" >&2
    pass=$((pass + p))
    fail=$((fail + f))
    rm -f "$out"
}

for t in "$B"/tests/test_*; do
    [ -x "$t" ] || continue
    case $t in *.d|*.o) continue ;; esac
    run_one "$(basename "$t")" "$t"
done
for t in tests/t_*.sh; do
    [ -f "$t" ] || continue
    run_one "$(basename "$t")" sh "$t"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
