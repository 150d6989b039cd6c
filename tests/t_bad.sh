# t_bad.sh — the bad-input corpus (tests/bad/, listed in tests/bad/README.md).
# Every tool that reads a kind of input is run on every bad file of that kind
# (tests/bad/files.txt) and on every case of tests/bad/cases.txt. Each run
# must: end within 20 s (no hang), not die of a signal, exit with the code
# the table gives (1 data, 2 usage), print exactly one stderr line matching
# the table's pattern, and leave nothing in its output directory — neither
# the output file nor a hidden temporary.
. "$TOP/tests/lib.sh"
BAD=$TOP/tests/bad
case $BIN in /*) ;; *) BIN=$TOP/$BIN ;; esac   # cases run in another directory
OUT=$WORK/out        # every output of a case goes here; it must stay empty
# Long runs (a sanitizer build) may take longer than a plain one.
LIMIT=${SA_BAD_TIMEOUT:-20}

# run_case NAME CODE PATTERN COMMAND: COMMAND is a tool name without the
# scaleahead- prefix and its arguments, evaluated by the shell (so $BAD,
# $OUT, $M, $MODEL, $WORK and redirections work); it runs inside $OUT so a
# default output path would be caught too. $OUT/dir is an existing empty
# directory, for "-o on a directory".
run_case() {
    n=$1 code=$2 pat=$3 cmd=$4
    rm -rf "$OUT"
    mkdir -p "$OUT/dir"
    (cd "$OUT" && eval "timeout -k 5 $LIMIT \"\$BIN/scaleahead-\"$cmd") </dev/null >"$WORK/case.out" 2>"$WORK/case.err"
    rc=$?
    lines=$(wc -l <"$WORK/case.err")
    left=$(cd "$OUT" && ls -A . dir | grep -v -e '^dir$' -e '^\.:$' -e '^dir:$' -e '^$')
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        fail "$n: still running after ${LIMIT}s (hang)"
    elif [ "$rc" -ge 128 ]; then
        fail "$n: killed by signal $((rc - 128)); stderr: $(tail -c 300 "$WORK/case.err")"
    elif [ "$rc" -ne "$code" ]; then
        fail "$n: exit $rc, wanted $code; stderr: $(head -c 300 "$WORK/case.err")"
    elif [ "$lines" -ne 1 ]; then
        fail "$n: $lines stderr lines, wanted one: $(head -c 300 "$WORK/case.err")"
    elif ! grep -qE -- "$pat" "$WORK/case.err"; then
        fail "$n: stderr '$(cat "$WORK/case.err")' does not match '$pat'"
    elif [ -n "$left" ]; then
        fail "$n: left behind: $(echo $left)"
    else
        ok "$n"
    fi
}

# Inputs made here: a small good data set, a tiny model trained on it, and
# the variants of the data that the model must refuse.
M=$WORK/m.csv
MODEL=$WORK/tiny.h5
"$BIN/scaleahead-datagen" -q --profile seed --days 2 --seed 3 -o "$M"
"$BIN/scaleahead-train" -q --data "$M" --arch original --hidden 4 --layers 1 --seq-len 12 \
    --epochs 1 --threads 1 -o "$MODEL" >/dev/null
check "setup: data and a tiny model" [ -s "$M" -a -s "$MODEL" ]
cut -d, -f1,2 "$M" >"$WORK/cpu_only.csv"
awk -F, 'NR == 1 || NR % 2 == 0' "$M" >"$WORK/ten_min.csv"
awk 'NR == 300 { held = $0; next } NR == 301 { print; print held; next } 1' "$M" >"$WORK/swapped.csv"
head -101 "$M" >"$WORK/rows100.csv"
head -10 "$M" >"$WORK/rows9.csv"
head -c 6000 "$MODEL" >"$WORK/cut.h5"
# A 1 MB field (text in a number column) and a quoted field holding a newline.
{
    head -3 "$M"
    printf '2025-01-06 00:10:00,'
    head -c 1048576 /dev/zero | tr '\0' x
    printf ',1,2,3,4,0\n'
} >"$WORK/huge_field.csv"
{
    head -3 "$M"
    printf '2025-01-06 00:10:00,"61\n2",1,2,3,4,0\n'
} >"$WORK/newline_in_field.csv"

# Every file of tests/bad/files.txt through every tool that reads its kind.
while IFS='|' read -r file pat; do
    file=$(echo "$file" | sed 's/^ *//; s/ *$//')
    pat=$(echo "$pat" | sed 's/^ *//; s/ *$//')
    case $file in ''|'#'*) continue ;; esac
    f=$BAD/$file
    [ -f "$f" ] || { fail "$file: listed in files.txt but missing"; continue; }
    want="$(basename "$file" | sed 's/\./\\./g').*$pat"
    case $file in
    csv/*)
        run_case "features $file" 1 "$want" "features '$f' -o \$OUT/f.csv"
        run_case "train $file" 1 "$want" "train -q --data '$f' --arch original --hidden 4 --layers 1 --epochs 1 -o \$OUT/m.h5"
        run_case "eval $file" 1 "$want" "eval -q --model \$MODEL --data '$f' --json \$OUT/e.json"
        run_case "predict $file" 1 "$want" "predict -q --model \$MODEL '$f' -o \$OUT/p.csv"
        run_case "sim $file" 1 "$want" "sim -q '$f' --csv \$OUT/c.csv --html \$OUT/r.html"
        ;;
    calendar/*)
        run_case "datagen $file" 1 "$want" "datagen -q --days 1 --calendar '$f' -o \$OUT/m.csv --calendar-out \$OUT/c.csv"
        run_case "features $file" 1 "$want" "features --features cpu_utilization,sale_at_target --calendar '$f' \$M -o \$OUT/f.csv"
        run_case "train $file" 1 "$want" "train -q --data \$M --calendar '$f' --arch original --hidden 4 --layers 1 --epochs 1 -o \$OUT/m.h5"
        run_case "sim $file" 1 "$want" "sim -q --calendar '$f' \$M --csv \$OUT/c.csv"
        ;;
    predictions/*)
        run_case "sim --predictions $file" 1 "$want" "sim -q --predictions '$f' \$TOP/tests/data/sim_step.csv --csv \$OUT/c.csv"
        ;;
    model/*)
        run_case "predict --model $file" 1 "$want" "predict -q --model '$f' \$M -o \$OUT/p.csv"
        run_case "eval --model $file" 1 "$want" "eval -q --model '$f' --data \$M --json \$OUT/e.json"
        ;;
    *) fail "$file: no tools for this kind of file" ;;
    esac
done <"$BAD/files.txt"

# Every case of tests/bad/cases.txt.
while IFS='|' read -r name code pat cmd; do
    name=$(echo "$name" | sed 's/^ *//; s/ *$//')
    case $name in ''|'#'*) continue ;; esac
    code=$(echo "$code" | tr -d ' ')
    pat=$(echo "$pat" | sed 's/^ *//; s/ *$//')
    cmd=$(echo "$cmd" | sed 's/^ *//')
    run_case "$name" "$code" "$pat" "$cmd"
done <"$BAD/cases.txt"
