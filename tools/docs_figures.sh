#!/bin/sh
# docs_figures.sh — writes measured figures into the documents. A document
# marks each quoted result with
#
#   <!-- figures: bench/NAME.EXT -->
#   ...
#   <!-- /figures -->
#
# and everything between the two lines is the rendering of that file, which
# a measuring script wrote with the date and the machine (tools/figure.sh,
# make bench, make realdata): a .md file as it is (its title line, if it
# has one, in bold), bench/results.csv as a
# table (bench/results_table.sh), anything else in a code block.
#
#   sh tools/docs_figures.sh FILE...           rewrite the blocks of FILE...
#   sh tools/docs_figures.sh --check FILE...   list the files whose blocks
#                                              differ from their sources (exit 1)
#   sh tools/docs_figures.sh --render SOURCE   print one rendering
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)

render() {
    case $1 in /*) src=$1 ;; *) src=$top/$1 ;; esac   # relative to the checkout
    [ -f "$src" ] || { echo "docs_figures: $1: no such file (its measuring script writes it)" >&2; return 1; }
    case $1 in
    *.csv) sh "$top/bench/results_table.sh" "$src" ;;
    *.md) sed '1s/^# \(.*\)$/**\1**/' "$src" ;;   # its own title: bold, not a heading of the document
    *) printf '```\n'; cat "$src"; printf '```\n' ;;
    esac
}

# rewrite FILE OUT: FILE with every block re-rendered, into OUT.
rewrite() {
    awk -v me="$0" '
        /^```/ && !skip { fence = !fence }   # a marker shown in a code block is not one
        /^<!-- figures: [^ ]+ -->$/ && !fence {
            print; fflush()
            if (system("sh \"" me "\" --render " $3) != 0) exit 1
            skip = 1; next
        }
        /^<!-- \/figures -->$/ && !fence { skip = 0 }
        !skip { print }
        END { if (skip) { print "docs_figures: " FILENAME ": a figures block is not closed" > "/dev/stderr"; exit 1 } }
    ' "$1" >"$2"
}

case ${1:-} in
--render) render "$2"; exit $? ;;
--check)
    shift
    stale=""
    for f in "$@"; do
        rewrite "$f" "$f.check.$$" || { rm -f "$f.check.$$"; exit 2; }
        cmp -s "$f" "$f.check.$$" || stale="$stale $f"
        rm -f "$f.check.$$"
    done
    [ -z "$stale" ] && exit 0
    echo "docs_figures: out of date with their sources:$stale (run make docs)" >&2
    exit 1 ;;
esac
for f in "$@"; do
    rewrite "$f" "$f.tmp.$$" || { rm -f "$f.tmp.$$"; exit 1; }
    if cmp -s "$f" "$f.tmp.$$"; then rm -f "$f.tmp.$$"
    else mv "$f.tmp.$$" "$f"; echo "docs_figures: updated $f" >&2; fi
done
