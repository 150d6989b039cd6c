#!/bin/sh
# t_man.sh — a man page for every tool and the dispatcher, written from the
# option table --help prints (TOOL --man, lib/cli/man.h): every long option
# of each --help is in its page, the page renders without a groff warning,
# and `make install` puts the pages under PREFIX/share/man/man1 where man
# finds them.
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1

# long_options FILE: the long options of a --help text, one a line (the
# option column of "  -x, --name ARG   help" and "      --name ARG   help").
long_options() {
    sed -n 's/^  \(-[A-Za-z0-9], \)\{0,1\} *--\([a-z0-9][a-z0-9-]*\).*/\2/p' "$1" | sort -u
}

# missing HELP PAGE: the long options of HELP that PAGE does not name as
# \-\-name (roff's spelling of --name).
missing() {
    for o in $(long_options "$1"); do
        grep -qF -- "\\-\\-$(echo "$o" | sed 's/-/\\-/g')\\fR" "$2" || echo "--$o"
    done
}

tools=$(ls "$BIN"/scaleahead "$BIN"/scaleahead-* 2>/dev/null)
check "man: the tools are built ($(echo $tools | wc -w))" [ "$(echo $tools | wc -w)" -ge 8 ]
for t in $tools; do
    name=$(basename "$t")
    "$t" --help >"$WORK/$name.help" 2>&1
    "$t" --man >"$WORK/$name.1" 2>"$WORK/$name.err"
    rc=$?
    n=$(long_options "$WORK/$name.help" | wc -l)
    miss=$(missing "$WORK/$name.help" "$WORK/$name.1")
    if [ "$rc" -ne 0 ] || ! grep -q '^\.SH NAME' "$WORK/$name.1"; then
        fail "man: $name --man exits $rc without a page: $(head -c 200 "$WORK/$name.err")"
    elif [ -z "$miss" ]; then
        ok "man: $name's page names all $n long options of its --help"
    else
        fail "man: $name's page lacks $(echo $miss)"
    fi
    if command -v groff >/dev/null 2>&1; then
        warn=$(groff -man -Tutf8 -ww -z "$WORK/$name.1" 2>&1 | head -3)
        check "man: $name's page renders without a warning${warn:+ ($warn)}" [ -z "$warn" ]
    fi
done

# The check itself: an option --help lists and the page lacks is caught.
printf '  -q, --quiet     x\n      --max-fill D   y\n      --seed N   z\n' >"$WORK/h"
printf '.TP\n\\fB\\-\\-quiet\\fR\n.TP\n\\fB\\-\\-max\\-fill\\fR \\fID\\fR\n' >"$WORK/p"
check "man: an option missing from a page is caught" [ "$(missing "$WORK/h" "$WORK/p")" = "--seed" ]

# make install: the pages land in PREFIX/share/man/man1 and man finds them
# (the build is not redone: all is taken as made).
if make --no-print-directory -s -o all install DESTDIR="$WORK/dest" PREFIX=/usr \
        BIN="$BIN" B="$B" >"$WORK/install.log" 2>&1; then
    n=$(ls "$WORK/dest/usr/share/man/man1" 2>/dev/null | grep -c '\.1$')
    check "man: make install puts $n pages in PREFIX/share/man/man1, one a tool" \
        [ "$n" -eq "$(echo $tools | wc -w)" ]
    if command -v man >/dev/null 2>&1; then
        found=$(MANPATH="$WORK/dest/usr/share/man" man -w scaleahead-train 2>/dev/null)
        check "man: man finds the installed scaleahead-train page" \
            [ "$found" = "$WORK/dest/usr/share/man/man1/scaleahead-train.1" ]
    fi
else
    fail "man: make install failed: $(tail -3 "$WORK/install.log" | tr '\n' ' ')"
fi
