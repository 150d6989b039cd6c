# t_reliability.sh — nothing lost, nothing silently wrong (issue 17): what
# an output path may be (device, FIFO, symlink, mode), outputs that would
# destroy an input, write errors on stdout, inputs that do not fit.
# Device nodes and FIFOs are made here, in $WORK, never under /dev.
. "$TOP/tests/lib.sh"

T="$BIN/scaleahead"
M="$WORK/m.csv"
"$T-datagen" -q --profile seed --days 2 --seed 3 -o "$M"
can_mknod=0
mknod "$WORK/full" c 1 7 2>/dev/null && mknod "$WORK/null" c 1 3 2>/dev/null &&
    mknod "$WORK/zero" c 1 5 2>/dev/null && can_mknod=1

# ---- 17.1 what an output path may be
if [ $can_mknod = 1 ]; then
    for tool in "features $M" "datagen --days 1" "sim $M --csv"; do
        name=${tool%% *}
        # shellcheck disable=SC2086
        case $tool in *--csv) $T-$tool "$WORK/null" -q >"$WORK/out" ;; *) $T-$tool -q -o "$WORK/null" ;; esac
        rc=$?
        check "$name: -o a character device writes through it (rc $rc)" \
            sh -c "[ $rc = 0 ] && [ -c '$WORK/null' ] && [ \$(stat -c %t:%T '$WORK/null') = 1:3 ]"
    done
fi
mkfifo "$WORK/fifo"
(timeout 20 cat "$WORK/fifo" >"$WORK/from_fifo") &
reader=$!
timeout 20 "$T-features" -q "$M" -o "$WORK/fifo"
rc=$?
wait $reader
check "features: -o a FIFO writes into it (rc $rc)" sh -c "[ $rc = 0 ] && [ -p '$WORK/fifo' ] && \
    [ \$(wc -l <'$WORK/from_fifo') = 577 ]"
echo old >"$WORK/target.csv"
chmod 640 "$WORK/target.csv"
ln -s target.csv "$WORK/link.csv"
"$T-features" -q "$M" -o "$WORK/link.csv"
check "features: -o a symlink keeps the link" [ -L "$WORK/link.csv" ]
check "features: -o a symlink replaces its target" [ "$(wc -l <"$WORK/target.csv")" = 577 ]
check "features: an existing file keeps its mode (640)" [ "$(stat -c %a "$WORK/target.csv")" = 640 ]
(umask 027 && "$T-predict" --help >/dev/null && "$T-datagen" -q --days 1 -o "$WORK/new027.csv")
(umask 002 && "$T-datagen" -q --days 1 -o "$WORK/new002.csv")
check "datagen: a new file honours umask 027 (640)" [ "$(stat -c %a "$WORK/new027.csv")" = 640 ]
check "datagen: a new file honours umask 002 (664)" [ "$(stat -c %a "$WORK/new002.csv")" = 664 ]
mkdir "$WORK/adir"
expect_exit "features: -o a directory is refused" 1 "adir: is a directory" \
    "$T-features" -q "$M" -o "$WORK/adir"

# ---- 17.3 an output that is an input
cp "$M" "$WORK/in.csv"
expect_exit "features: -o its own input is refused" 1 "in\.csv: is also an input" \
    "$T-features" -q "$WORK/in.csv" -o "$WORK/in.csv"
ln -s in.csv "$WORK/link_in.csv"
expect_exit "features: input via a symlink, output the file: refused" 1 "same file as the input" \
    "$T-features" -q "$WORK/link_in.csv" -o "$WORK/in.csv"
ln "$WORK/in.csv" "$WORK/hard_in.csv"
expect_exit "features: a hard link of the input is refused" 1 "same file as the input" \
    "$T-features" -q "$WORK/hard_in.csv" -o "$WORK/in.csv"
expect_exit "features: stdin redirected from the output is refused" 1 "same file as the input stdin" \
    sh -c "'$T-features' -q - -o '$WORK/in.csv' <'$WORK/in.csv'"
expect_exit "sim: --csv its own input is refused" 1 "is also an input" \
    "$T-sim" -q "$WORK/in.csv" --csv "$WORK/in.csv"
expect_exit "datagen: -o and --calendar-out the same file is refused" 1 "already an output" \
    "$T-datagen" -q --days 1 -o "$WORK/d.csv" --calendar-out "$WORK/./d.csv"
check "the input is intact after every refusal" cmp -s "$M" "$WORK/in.csv"
check "datagen: nothing written when refused" [ ! -e "$WORK/d.csv" ]

# ---- 17.4 write errors on stdout name errno and fail
if [ $can_mknod = 1 ]; then
    for tool in "sim $M" "features $M" "datagen --days 1" "sim --help"; do
        expect_exit "${tool%% *}: stdout on a full device fails and names errno ($tool)" 1 \
            "write error on standard output: No space left on device" \
            sh -c "'$T-'$tool -q >'$WORK/full'"
    done
    expect_exit "features: -o a full device fails and names errno" 1 \
        "full: write failed: No space left on device" "$T-features" -q "$M" -o "$WORK/full"
fi
