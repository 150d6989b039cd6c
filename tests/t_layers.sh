#!/bin/sh
# t_layers.sh — the library's layers (docs/design.md §11; docs/development.md "Source map"):
# every #include "DIR/x.h" in lib/LAYER/ names a layer LAYER may use, and no
# library file includes the command line (lib/cli/ is for the tools only).
# One check per layer, plus a self-test that the rule catches a climb.
. "$TOP/tests/lib.sh"

# allowed LAYER: the folders LAYER's files may include (itself among them).
allowed() {
    case $1 in
        base)     echo "base" ;;
        kernel)   echo "base kernel" ;;
        nn)       echo "base kernel nn" ;;
        series)   echo "base series" ;;
        import)   echo "base series import" ;;
        features) echo "base series features" ;;
        model)    echo "base kernel nn series features model" ;;
        eval)     echo "base kernel nn series features model eval" ;;
        train)    echo "base kernel nn series features model eval train" ;;
        sim)      echo "base kernel nn series features model eval sim" ;;
        fleet)    echo "base kernel nn series features model eval train fleet" ;;
        cli)      echo "base cli" ;;
        *)        echo "" ;;
    esac
}

# climbs DIR: prints "file: include" for each include in DIR that its layer
# may not use, and each quoted include without a folder.
climbs() {
    layer=$(basename "$1")
    ok_dirs=$(allowed "$layer")
    for f in "$1"/*.c "$1"/*.h; do
        [ -f "$f" ] || continue
        grep -o '^#include "[^"]*"' "$f" | sed 's/^#include "//; s/"$//' | while read -r inc; do
            dir=${inc%%/*}
            [ "$dir" = "$inc" ] && { echo "$f: \"$inc\" names no layer folder"; continue; }
            case " $ok_dirs " in
                *" $dir "*) ;;
                *) echo "$f: \"$inc\" climbs from $layer" ;;
            esac
        done
    done
}

for d in "$TOP"/lib/*/; do
    d=${d%/}
    layer=$(basename "$d")
    if [ -z "$(allowed "$layer")" ]; then
        fail "layers: lib/$layer is not a known layer (add it to tests/t_layers.sh and docs/design.md §11)"
        continue
    fi
    bad=$(climbs "$d")
    if [ -z "$bad" ]; then ok "layers: lib/$layer includes only $(allowed "$layer")"
    else fail "layers: $(echo "$bad" | head -3 | tr '\n' ';')"; fi
done
[ -z "$(ls "$TOP"/lib/*.c "$TOP"/lib/*.h 2>/dev/null)" ] && ok "layers: no source at lib/'s top" \
    || fail "layers: files at lib/'s top: $(ls "$TOP"/lib/*.[ch] | head -3 | tr '\n' ' ')"

# The rule itself: a file in a lower layer that includes a higher one is caught.
mkdir -p "$WORK/nn"
printf '#include "nn/net.h"\n#include "train/loop.h"\n' >"$WORK/nn/x.c"
out=$(climbs "$WORK/nn")
case $out in
    *'"train/loop.h" climbs from nn'*) ok "layers: a climb from nn to train is caught" ;;
    *) fail "layers: a climb from nn to train was not caught: '$out'" ;;
esac

# Rooms (docs/design.md §11, docs/style.md §17): no room holds more than 15
# .c files — past that it is two rooms.
for d in "$TOP"/lib/*/; do
    n_c=$(ls "$d"*.c 2>/dev/null | wc -l)
    room=$(basename "$d")
    check "rooms: lib/$room holds $n_c .c files (at most 15)" [ "$n_c" -le 15 ]
done

# pairs FILE...: "a b" for every two modules (a.c/a.h, b.c/b.h) of which
# each includes the other's header: two files that should be one, or one
# piece that belongs in a third. A header without a .c of its own
# (net_internal.h, csv_session.h) is private to the files of one module
# that share it, not a module: its includes do not count.
pairs() {
    mods=" $(for f in "$@"; do case $f in *.c) m=$(basename "$f"); echo "${m%.c}" ;; esac; done | tr '\n' ' ')"
    for f in "$@"; do
        mod=$(basename "$f"); mod=${mod%.*}
        grep -o '^#include "[^"]*\.h"' "$f" | sed 's/^#include "//; s/\.h"$//; s|.*/||' |
            while read -r inc; do
                case $mods in *" $mod "*) ;; *) continue ;; esac
                case $mods in *" $inc "*) [ "$inc" != "$mod" ] && echo "$mod $inc" ;; esac
            done
    done | sort -u | awk '{ e[$1 " " $2] = 1 } END { for (k in e) { split(k, p, " ");
        if (p[1] < p[2] && ((p[2] " " p[1]) in e)) print k } }'
}
mutual=$(pairs "$TOP"/lib/*/*.c "$TOP"/lib/*/*.h)
if [ -z "$mutual" ]; then ok "rooms: no two files include each other's headers"
else fail "rooms: files including each other's headers: $(echo "$mutual" | tr '\n' ';')"; fi
printf '#include "x/b.h"\n' >"$WORK/a.c"
printf '#include "x/a.h"\n' >"$WORK/b.h"
: >"$WORK/b.c"
printf '#include "x/p_session.h"\n' >"$WORK/p.c"
printf '#include "x/p.h"\n' >"$WORK/p_session.h"
check "rooms: a planted pair that includes each other is caught, a private header is not" \
    [ "$(pairs "$WORK/a.c" "$WORK/b.c" "$WORK/b.h" "$WORK/p.c" "$WORK/p_session.h")" = "a b" ]

# calls OBJECT...: "a.o b.o" for every two objects of which each calls a
# function the other defines (the same smell as above, seen by the linker).
calls() {
    for o in "$@"; do
        nm "$o" | awk -v f="$(basename "$o")" '$1 == "U" { print "U", $2, f } $2 == "T" { print "T", $3, f }'
    done | awk '$1 == "T" { def[$2] = $3 } $1 == "U" { n++; sym[n] = $2; user[n] = $3 }
        END { for (i = 1; i <= n; i++) if ((sym[i] in def) && def[sym[i]] != user[i]) e[user[i] " " def[sym[i]]] = 1
              for (k in e) { split(k, p, " "); if (p[1] < p[2] && ((p[2] " " p[1]) in e)) print k } }'
}
cd "$TOP" || exit 1
# The objects of today's sources only (a build folder may keep stale ones).
objs=$(for c in lib/*/*.c; do o=${B:-build}/${c%.c}.o; [ -f "$o" ] && echo "$o"; done)
if ! command -v nm >/dev/null 2>&1 || [ -z "$objs" ]; then
    ok "skip rooms: calls (no nm, or no objects in ${B:-build}/lib)"
else
    mutual=$(calls $objs)
    if [ -z "$mutual" ]; then ok "rooms: no two library files call each other ($(echo $objs | wc -w) objects)"
    else fail "rooms: files calling each other: $(echo "$mutual" | tr '\n' ';')"; fi
    printf 'int b(int);\nint a(int x) { return x ? b(x - 1) : 0; }\n' >"$WORK/ca.c"
    printf 'int a(int);\nint b(int x) { return x ? a(x - 1) : 1; }\n' >"$WORK/cb.c"
    ${CC:-cc} -c "$WORK/ca.c" -o "$WORK/ca.o" && ${CC:-cc} -c "$WORK/cb.c" -o "$WORK/cb.o"
    check "rooms: two planted files that call each other are caught" \
        [ "$(calls "$WORK/ca.o" "$WORK/cb.o")" = "ca.o cb.o" ]
fi
