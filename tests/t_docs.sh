#!/bin/sh
# t_docs.sh — the documents stand on their own: README.md is a front page
# (at most 300 lines, `make test` and the import quickstart in its first
# 60), every relative link in README.md and docs/*.md reaches a file and,
# with a #fragment, a heading of it; every "docs/NAME.md" the code, the
# tests and the documents cite exists; and nothing cites the DESIGN.md or
# STYLE.md that are not in the repository (they are docs/design.md and
# docs/style.md).
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1

# --- README as a front page -------------------------------------------------
lines=$(wc -l <README.md)
check "docs: README.md is $lines lines (at most 300)" [ "$lines" -le 300 ]
head -60 README.md >"$WORK/head60"
check "docs: README's first 60 lines have make train and make test" \
    sh -c "grep -q '^make train' '$WORK/head60' && grep -q '^make test' '$WORK/head60'"
check "docs: README's first 60 lines have the import quickstart with PATH" \
    sh -c "grep -q 'export PATH=\$PWD/bin:\$PATH' '$WORK/head60' && grep -q '^scaleahead-import ' '$WORK/head60'"

# --- links -------------------------------------------------------------------
# slugs FILE: the GitHub anchors of FILE's headings (outside code fences):
# lower case, punctuation dropped, spaces to '-'. Non-ASCII bytes are
# dropped too, which is right for the dashes and symbols the headings use.
slugs() {
    awk '/^```/ { fence = !fence; next } !fence && /^#+ / { sub(/^#+ /, ""); print }' "$1" |
        LC_ALL=C tr 'A-Z' 'a-z' | LC_ALL=C sed 's/[^a-z0-9 _-]//g; s/ /-/g'
}

# links FILE: "target" of every [text](target) of FILE outside code fences
# that is not a URL.
links() {
    awk '/^```/ { fence = !fence; next } !fence' "$1" |
        grep -o '\](\([^)]*\))' | sed 's/^](//; s/)$//' |
        grep -v '^[a-z][a-z]*:' || true
}

bad=""
n=0
for doc in README.md docs/*.md; do
    dir=$(dirname "$doc")
    for target in $(links "$doc"); do
        n=$((n + 1))
        file=${target%%#*}
        frag=""
        case $target in *'#'*) frag=${target#*#} ;; esac
        if [ -z "$file" ]; then path=$doc; else path=$dir/$file; fi
        if [ ! -e "$path" ]; then
            bad="$bad $doc:($target): no such file;"
        elif [ -n "$frag" ] && [ -f "$path" ] && ! slugs "$path" | grep -qxF -- "$frag"; then
            bad="$bad $doc:($target): no such heading;"
        fi
    done
done
if [ -z "$bad" ]; then ok "docs: all $n relative links reach a file and heading"
else fail "docs: broken links:$bad"; fi

# The checker itself: a link to a missing heading is caught.
printf '# A title\n\n## Some heading — here\n\n[x](#some-heading--here) [y](#missing)\n' >"$WORK/t.md"
got=$(for t in $(links "$WORK/t.md"); do slugs "$WORK/t.md" | grep -qxF -- "${t#\#}" || echo "$t"; done)
check "docs: the link check finds a missing heading and passes a present one" [ "$got" = "#missing" ]

# --- citations ---------------------------------------------------------------
# Every file git knows, less the fixtures: "docs/NAME.md" it cites exists
# (an upper-case NAME is a placeholder, as here).
files=$(git ls-files 2>/dev/null | grep -v '^tests/bad/\|^tests/data/\|\.json$\|\.csv$\|\.h5$')
[ -n "$files" ] || files=$(find . -type f \( -name '*.[ch]' -o -name '*.sh' -o -name '*.py' -o -name '*.md' -o -name Makefile \) | sed 's|^\./||')
missing=$(for f in $files; do
    [ -f "$f" ] && grep -o 'docs/[A-Za-z0-9_-]*\.md' "$f" | grep -v '^docs/[A-Z]*\.md$' | sed "s|^|$f: |"
done | sort -u | while IFS= read -r line; do
    doc=${line##*: }
    [ -f "$doc" ] || echo "$line"
done)
if [ -z "$missing" ]; then ok "docs: every docs/NAME.md cited exists"
else fail "docs: cited but missing: $(echo "$missing" | head -5 | tr '\n' ';')"; fi

# DESIGN.md and STYLE.md are outside the repository: nothing may cite them.
cites=$(for f in $files; do
    [ -f "$f" ] && grep -n 'DESIGN\.md\|STYLE\.md' "$f" | sed "s|^|$f:|"
done | grep -v '^tests/t_docs.sh:' | head -5)
if [ -z "$cites" ]; then ok "docs: no citation of a DESIGN.md or STYLE.md outside the repository"
else fail "docs: cited outside the repository (cite docs/design.md §N, docs/style.md §N): $(echo "$cites" | cut -c1-120 | tr '\n' ';')"; fi

# --- figures -----------------------------------------------------------------
# A figure in a document comes from the file its script measured, with the
# date and the machine (tools/docs_figures.sh, make docs): every figures
# block equals its source's rendering, and every source names both.
check "docs: every figures block equals what make docs writes from its source" \
    sh tools/docs_figures.sh --check README.md docs/*.md
sources=$(cat README.md docs/*.md | awk '/^```/ { fence = !fence } !fence' |
    sed -n 's/^<!-- figures: \([^ ]*\) -->$/\1/p' | sort -u)
undated=$(for src in $sources; do
    head -5 "$src" | grep -qE '20[0-9][0-9]-[01][0-9]-[0-3][0-9]' &&
        head -12 "$src" | grep -qE 'AMD|Intel|EPYC|Xeon|ARM|CPU|cores' || echo "$src"
done)
check "docs: every measured source names its date and machine ($(echo $sources | wc -w) sources)${undated:+: not $(echo $undated)}" \
    [ -z "$undated" ] && [ -n "$sources" ]
# The check itself: a hand edit inside a block is caught.
printf 'a measured line, 2026-01-01, AMD EPYC\n' >"$WORK/src.md"
printf '# t\n<!-- figures: %s -->\na measured line, 2026-01-01, AMD EPYC\n<!-- /figures -->\n' "$WORK/src.md" >"$WORK/fresh.md"
sed 's/EPYC$/EPYC (typed by hand)/' "$WORK/fresh.md" >"$WORK/stale.md"
check "docs: a block edited by hand is caught, an untouched one passes" \
    sh -c "sh tools/docs_figures.sh --check '$WORK/fresh.md' && ! sh tools/docs_figures.sh --check '$WORK/stale.md' 2>/dev/null"

# --- the quickstart works as written -----------------------------------------
# The commands of README's "Your metrics" block, run as a user would from
# the top of a checkout (the tools on PATH; `make tools` and the export of
# PATH are this test's own setup): each must succeed, and the last print a
# decision.
awk '/^## Your metrics/ { on = 1 } on && /^```sh$/ { code = 1; next } code && /^```$/ { exit }
     code' README.md >"$WORK/quick.sh"
check "docs: README's quickstart block found ($(wc -l <"$WORK/quick.sh") lines)" \
    grep -q '^scaleahead-import ' "$WORK/quick.sh"
mkdir -p "$WORK/clone/models"
ln -s "$TOP/examples" "$WORK/clone/examples"
grep -v '^make tools\|^export PATH' "$WORK/quick.sh" >"$WORK/clone/run.sh"
(cd "$WORK/clone" && PATH="$TOP/$BIN:$PATH" sh -e run.sh >out 2>err)
rc=$?
check "docs: README's quickstart runs as written (rc $rc$( [ $rc = 0 ] || echo ": $(tail -2 "$WORK/clone/err" | tr '\n' ' ')"))" [ $rc = 0 ]
check "docs: the quickstart ends with a decision" \
    grep -qxE '(scale_up|scale_down|hold) [0-9]+' "$WORK/clone/out"

# --- the maps stay whole -------------------------------------------------------
# Every room of lib/ has its row in design.md §11, and every .c file of the
# library is named in development.md's source map.
unmapped=$(for d in lib/*/; do r=$(basename "$d"); grep -q "^| $r |" docs/design.md || echo "room $r"; done
           for f in lib/*/*.c; do b=$(basename "$f" .c); grep -qw "$b" docs/development.md || echo "$f"; done)
check "docs: every room is in design.md §11 and every lib/ file in the source map${unmapped:+ (missing: $(echo $unmapped))}" \
    [ -z "$unmapped" ]
