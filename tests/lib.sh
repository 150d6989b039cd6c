# lib.sh — helpers for the shell tests (sourced). Each check prints
# "ok NAME" or "FAIL NAME: why", as the C harness does.
# BIN points at the built tools; WORK is a scratch directory removed at exit.
set -u
: "${BIN:=bin}"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
DATA=$TOP/tests/data
REAL=$TOP/../shared/data/real

ok()   { echo "ok $*"; }
fail() { echo "FAIL $*"; }

# check NAME CMD...: passes when CMD succeeds.
check() { n=$1; shift; if "$@"; then ok "$n"; else fail "$n"; fi; }

# expect_exit NAME CODE PATTERN CMD...: CMD must exit with CODE and print
# exactly one stderr line matching PATTERN (grep -E).
expect_exit() {
    n=$1 code=$2 pat=$3
    shift 3
    "$@" >"$WORK/out" 2>"$WORK/err"
    rc=$?
    lines=$(wc -l <"$WORK/err")
    if [ "$rc" -ne "$code" ]; then
        fail "$n: exit $rc, wanted $code; stderr: $(head -c 300 "$WORK/err")"
    elif [ "$lines" -ne 1 ]; then
        fail "$n: $lines stderr lines, wanted one: $(head -c 300 "$WORK/err")"
    elif ! grep -qE -- "$pat" "$WORK/err"; then
        fail "$n: stderr '$(cat "$WORK/err")' does not match '$pat'"
    else
        ok "$n"
    fi
}

# content FILE [OBJECT]: the whole file (or its group or dataset OBJECT) as
# h5dump shows it, less the `created` timestamp, the checksum, the file
# name, and the wall-time column of the grid table (with the table's
# length, which a wall time of 10 s or more changes): what must not differ
# between runs of the same training.
content() {
    case "${2:-}" in
    "") h5dump "$1" ;;
    /grid) h5dump -d "$2" "$1" | grep -v STRSIZE ;;
    *) h5dump -g "$2" "$1" ;;
    esac | tail -n +2 | grep -vE '"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]+Z"|"crc32c:' |
        sed -E 's/^( *[0-9]+,[0-9]+,([^,]*,){7})[^,]*$/\1/'
}

# signal_when_started PID FILE SIG: waits (up to 20 s) until FILE shows the
# first progress line of a training ("NAME 1/"), then sends SIG to PID while
# it is stopped (SIGSTOP ... SIGCONT), so the signal lands at a known point
# of a run that cannot have finished, however fast the machine.
signal_when_started() {
    signal_when_seen "$1" "$2" '[a-z]+ 1/[0-9]+ ' "$3"
}

# signal_when_seen PID FILE REGEX SIG: as signal_when_started, when FILE
# shows REGEX (extended), e.g. the first epoch of a grid's second point.
signal_when_seen() {
    _i=0
    while ! grep -qE "$3" "$2" 2>/dev/null && [ $_i -lt 2000 ]; do
        sleep 0.01
        _i=$((_i + 1))
    done
    kill -STOP "$1" && kill "-$4" "$1" && kill -CONT "$1"
}
