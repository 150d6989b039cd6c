#!/bin/sh
# t_functions.sh — a function is one screen (docs/style.md §15): no function
# in lib/ or in a tool's main.c is longer than 80 lines, counted from the
# line that names it to its closing brace. Functions are found the way this
# code is written: the name and '(' start a line at column 0, the body
# opens with '{' and closes with '}' at column 0 (an option table or other
# data inside a function counts: split it into groups, lib/cli/cli.h
# cli_table).
. "$TOP/tests/lib.sh"
cd "$TOP" || exit 1
MAX=80

# lengths FILE...: "LINES FILE:LINE SIGNATURE" for every function.
lengths() {
    awk '
        FNR == 1 { sig = 0; inside = 0 }
        /^[A-Za-z_].*[A-Za-z0-9_][ \t]*\(/ && !/;[ \t]*$/ { sig = FNR; name = $0 }
        /^\{/ { start = (sig && FNR - sig < 12) ? sig : FNR; inside = 1; fname = name }
        /^\}/ && inside { print FNR - start + 1, FILENAME ":" start, fname; inside = 0; sig = 0 }
    ' "$@"
}

files=$(ls lib/*/*.c */main.c 2>/dev/null)
count=$(lengths $files | wc -l)
long=$(lengths $files | awk -v max=$MAX '$1 > max' | sort -rn)
check "functions: found the functions of lib/ and the tools ($count)" [ "$count" -gt 100 ]
if [ -z "$long" ]; then ok "functions: none of the $count is longer than $MAX lines"
else fail "functions: longer than $MAX lines: $(echo "$long" | cut -c1-100 | tr '\n' ';')"; fi

# The rule itself: a planted 81-line function (signature over two lines) is
# caught at its signature, an 80-line one and a prototype are not.
{
    echo "static int long_one(int a,"
    echo "                    int b)"
    echo "{"
    i=0; while [ $i -lt 77 ]; do echo "    a += b;"; i=$((i + 1)); done
    echo "}"
    echo "int proto(int a);"
    echo "int fits(void)"
    echo "{"
    i=0; while [ $i -lt 77 ]; do echo "    ;"; i=$((i + 1)); done
    echo "}"
} >"$WORK/planted.c"
got=$(lengths "$WORK/planted.c" | awk -v max=$MAX '$1 > max { print $1, $2 }')
check "functions: a planted 81-line function is caught, an 80-line one passes ($got)" \
    [ "$got" = "81 $WORK/planted.c:1" ]
