#!/bin/sh
# figure.sh OUT CMD... — runs CMD (a script that measures something and
# prints its result as Markdown) and writes OUT: the measured.sh line naming
# CMD, the date and the machine, then CMD's output. OUT appears whole or
# not at all: a failed CMD leaves the old OUT in place. docs/ quotes OUT
# through `make docs` (tools/docs_figures.sh).
set -eu
out=$1
shift
tmp=$out.tmp.$$
trap 'rm -f "$tmp"' EXIT
{
    sh "$(dirname "$0")/measured.sh" "\`$*\`"
    echo
    "$@"
} >"$tmp"
mv "$tmp" "$out"
trap - EXIT
echo "figure: wrote $out" >&2
