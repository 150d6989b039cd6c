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
