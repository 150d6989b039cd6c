# t_reliability.sh — nothing lost, nothing silently wrong (issue 17): what
# an output path may be (device, FIFO, symlink, mode), outputs that would
# destroy an input, write errors on stdout, inputs that do not fit.
# Device nodes and FIFOs are made here, in $WORK, never under /dev.
. "$TOP/tests/lib.sh"

T="$(cd "$BIN" && pwd)/scaleahead"
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

# ---- 17.9 unbounded reads: devices refused, line and field length capped
# The reads below run under a 400 MB address-space cap, except under
# AddressSanitizer, which cannot start in one (it reserves terabytes of
# shadow address space).
cap_memory="ulimit -v 400000;"
case ${B:-build} in *san*) cap_memory= ;; esac
"$T-train" -q --data "$M" --arch original --hidden 4 --layers 1 --epochs 1 --threads 1 \
    -o "$WORK/tiny.h5" >/dev/null
MODEL="$WORK/tiny.h5"
if [ $can_mknod = 1 ]; then
    expect_exit "features: a character device as input is refused" 1 "zero: is a device" \
        timeout 20 "$T-features" -q "$WORK/zero"
    expect_exit "predict --last: a character device as input is refused" 1 "zero: is a device" \
        timeout 20 "$T-predict" -q --model "$MODEL" --last "$WORK/zero"
    expect_exit "sim --calendar: a character device is refused" 1 "zero: is a device" \
        timeout 20 "$T-sim" -q "$M" --calendar "$WORK/zero"
    expect_exit "features: endless NUL bytes on stdin are refused at once" 1 \
        "stdin(:1: a line is longer than 16777216 bytes|: looks like)" \
        sh -c "$cap_memory timeout 20 '$T-features' -q - <'$WORK/zero'"
fi
expect_exit "features: an endless header on stdin stops at the line cap" 1 \
    "stdin:1: a line is longer than" \
    sh -c "$cap_memory yes timestamp, | tr -d '\\n' | timeout 20 '$T-features' -q -"
expect_exit "features: endless quoted lines stop at the line cap" 1 "is longer than" \
    sh -c "(echo 'timestamp,cpu_utilization'; printf '\"'; yes abc) | timeout 20 '$T-features' -q -"

# ---- 17.10 --fill stops at --max-fill (default 1 h)
{
    echo "timestamp,value"
    awk 'BEGIN { t = 1735689600; for (i = 0; i < 60; i++) printf "%d,%d\n", t + 300 * i, 40 + i % 7;
                 t += 300 * 62;       for (i = 0; i < 60; i++) printf "%d,%d\n", t + 300 * i, 40 + i % 5;
                 t += 86400 * 365;    for (i = 0; i < 60; i++) printf "%d,%d\n", t + 300 * i, 40 + i % 3 }'
} >"$WORK/year_gap.csv"
"$T-features" --fill --target value "$WORK/year_gap.csv" -o "$WORK/f.csv" 2>"$WORK/fill.err"
# 180 rows; the first gap misses 2 rows (10 min), the second a year less 59 steps.
check "features --fill: a 10-minute gap is filled, a one-year gap is not (default 1 h)" \
    [ "$(($(wc -l <"$WORK/f.csv") - 1))" -eq 182 ]
check "features --fill: says what it filled" grep -q "forward-filled 1 gap (2 rows)" "$WORK/fill.err"
check "features --fill: says what it left" grep -q "1 gap longer than --max-fill 3600s left unfilled" "$WORK/fill.err"
"$T-features" -q --fill --max-fill 5m --target value "$WORK/year_gap.csv" -o "$WORK/f.csv"
check "features --max-fill 5m: the 10-minute gap stays a gap" [ "$(($(wc -l <"$WORK/f.csv") - 1))" -eq 180 ]
"$T-features" -q --fill --max-fill 400d --target value "$WORK/year_gap.csv" -o "$WORK/f.csv"
check "features --max-fill 400d: the year is filled" [ "$(($(wc -l <"$WORK/f.csv") - 1))" -eq $((182 + 365 * 288 - 60)) ]
expect_exit "--max-fill: a bad duration is a usage error" 2 "not a duration" \
    "$T-features" --fill --max-fill 1week "$WORK/year_gap.csv"

# ---- 17.11 a torn last line (a logger still writing) is not a value
head -c -1 "$M" >"$WORK/no_newline.csv"        # complete, only the final newline missing
head -c -4 "$M" >"$WORK/torn.csv"              # "...,4" cut inside the last number
"$T-predict" -q --model "$MODEL" --last "$M" >"$WORK/whole.out"
last_time=$(tail -1 "$M" | cut -d, -f1)
"$T-predict" --model "$MODEL" --last "$WORK/torn.csv" >"$WORK/torn.out" 2>"$WORK/torn.err"
check "predict --last: a torn last line is ignored with a note" \
    grep -q "torn.csv:577: the last line has no line end" "$WORK/torn.err"
# The forecast is for one step after the last row read: the torn row's own time.
check "predict --last: the forecast is made from the rows before it" \
    sh -c "grep -q '^$last_time,' '$WORK/torn.out' && ! grep -q '^$last_time,' '$WORK/whole.out'"
"$T-features" - <"$WORK/torn.csv" >"$WORK/f.csv" 2>"$WORK/torn.err"
check "features on stdin: a torn last line is ignored with a note" \
    sh -c "grep -q 'stdin:577: the last line has no line end' '$WORK/torn.err' && [ \$(wc -l <'$WORK/f.csv') = 576 ]"
# One rule (issue 25.15): a named file's unterminated last line is skipped
# as well — it may be a number cut short — whichever tool reads it.
"$T-features" "$WORK/no_newline.csv" >"$WORK/f.csv" 2>"$WORK/torn.err"
check "features on a named file: an unterminated last line is skipped with a note too" \
    sh -c "[ \$(wc -l <'$WORK/f.csv') = 576 ] && grep -q 'no_newline.csv:577: the last line has no line end' '$WORK/torn.err'"
printf 'timestamp,value\n0,1\n300,2\n600,3\n%s,4\n' $((600 + 86400 * 7300)) >"$WORK/twenty_years.csv"
expect_exit "features --max-fill 8000d: filling 20 years at 5 min is still refused" 1 \
    "twenty_years\.csv:5: column timestamp: the gap before .* is too long to fill" \
    "$T-features" --fill --max-fill 8000d --target value "$WORK/twenty_years.csv"
"$T-features" --fill --target value "$WORK/twenty_years.csv" >"$WORK/f.csv" 2>/dev/null
check "features --fill: the 20-year gap stays a gap by default" [ "$(wc -l <"$WORK/f.csv")" = 5 ]
# A file large enough for predict --last to read only its tail (a seek).
"$T-datagen" -q --profile seed --days 8 --seed 3 -o "$WORK/big.csv"
head -c -3 "$WORK/big.csv" >"$WORK/big_torn.csv"
last_time=$(tail -1 "$WORK/big.csv" | cut -d, -f1)
"$T-predict" --model "$MODEL" --last "$WORK/big_torn.csv" >"$WORK/torn.out" 2>"$WORK/torn.err"
"$T-predict" -q --model "$MODEL" --last "$WORK/big.csv" >"$WORK/whole.out"
"$T-predict" -q --model "$MODEL" --last "$WORK/big_torn.csv" --threads 1 >/dev/null
head -n -1 "$WORK/big.csv" >"$WORK/big_cut.csv"
"$T-predict" -q --model "$MODEL" --last "$WORK/big_cut.csv" >"$WORK/cut.out"
check "predict --last (tail read): a torn last line is ignored with a note" \
    grep -q "big_torn.csv:[0-9]*: the last line has no line end" "$WORK/torn.err"
check "predict --last (tail read): the same forecast as without the torn line" \
    cmp -s "$WORK/torn.out" "$WORK/cut.out"

# ---- 17.2 the output is checked before the work
slow() { timeout 20 "$T-train" -q --data "$M" --arch original --hidden 8 --layers 1 --epochs 100000 \
         --patience 100000 --threads 1 "$@"; }   # would run for hours if it started
expect_exit "train -o -: a usage error, at once" 2 "-o -: a model file is HDF5" slow -o -
expect_exit "train -o nodir/x.h5: refused before training" 1 "nodir/x\.h5: cannot write: folder .*nodir does not exist" \
    slow -o "$WORK/nodir/x.h5"
expect_exit "train -o a directory: refused before training" 1 "adir: is a directory" slow -o "$WORK/adir"
expect_exit "train -o its own data: refused before training" 1 "is also an input" slow -o "$M"
mkdir "$WORK/fresh"
(cd "$WORK/fresh" && "$T-train" -q --data "$M" --arch original --hidden 4 --layers 1 --epochs 1 \
    --threads 1 >/dev/null)
check "train without -o: creates models/ for the default models/model.h5" [ -s "$WORK/fresh/models/model.h5" ]

cp "$MODEL" "$WORK/keep.h5"
expect_exit "eval: --json over its own model is refused" 1 "keep\.h5: is also an input" \
    "$T-eval" -q --model "$WORK/keep.h5" --data "$M" --json "$WORK/keep.h5"
expect_exit "predict: -o over its own model is refused" 1 "keep\.h5: is also an input" \
    "$T-predict" -q --model "$WORK/keep.h5" "$M" -o "$WORK/keep.h5"
check "the model is intact after both refusals" cmp -s "$MODEL" "$WORK/keep.h5"

# ---- 17.5 an interrupted run does not pass for a finished one
cp "$MODEL" "$WORK/good.h5"
run_long() {
    rm -f "$WORK/long.err"   # signal_when_started must not see the last run's lines
    "$T-train" --data "$M" --arch original --hidden 16 --layers 1 --epochs 400 --patience 400 \
        --threads 1 "$@" >"$WORK/long.out" 2>"$WORK/long.err" &
    pid=$!
}
run_long -o "$WORK/good.h5"
signal_when_started $pid "$WORK/long.err" TERM
wait $pid
rc=$?
check "train: SIGTERM ends the run with status 143 (rc $rc)" [ $rc -eq 143 ]
check "train: an existing -o is kept when interrupted" cmp -s "$MODEL" "$WORK/good.h5"
check "train: the interrupted model goes to NAME.partial.h5" [ -s "$WORK/good.partial.h5" ]
check "train: the message says where, and that -o is kept" \
    grep -q "unfinished model is in .*good.partial.h5 (marked interrupted; .*good.h5 is kept)" "$WORK/long.err"
expect_exit "predict: an interrupted model is refused" 1 "training was interrupted .*--allow-interrupted" \
    "$T-predict" -q --model "$WORK/good.partial.h5" "$M"
expect_exit "eval: an interrupted model is refused" 1 "training was interrupted" \
    "$T-eval" -q --model "$WORK/good.partial.h5" --data "$M"
expect_exit "sim --model: an interrupted model is refused" 1 "training was interrupted" \
    "$T-sim" -q --model "$WORK/good.partial.h5" "$M"
"$T-predict" -q --allow-interrupted --model "$WORK/good.partial.h5" "$M" >"$WORK/p.csv" 2>"$WORK/p.err"
rc=$?
check "predict --allow-interrupted: runs, with a loud warning even under -q" \
    sh -c "[ $rc = 0 ] && [ \$(wc -l <'$WORK/p.csv') -gt 500 ] && grep -q 'WARNING: .*interrupted' '$WORK/p.err'"
run_long -o "$WORK/good.h5" --replace-interrupted
signal_when_started $pid "$WORK/long.err" INT
wait $pid
rc=$?
check "train --replace-interrupted: replaces -o when asked (rc $rc)" \
    sh -c "[ $rc = 130 ] && ! cmp -s '$MODEL' '$WORK/good.h5'"
run_long -o "$WORK/new.h5"
signal_when_started $pid "$WORK/long.err" INT
wait $pid
check "train: a new -o gets the interrupted model itself" \
    sh -c "[ -s '$WORK/new.h5' ] && [ ! -e '$WORK/new.partial.h5' ]"

# ---- 17.7 model file integrity: every flipped byte is a clean error or
# changes nothing (a CRC-32C over all datasets and attributes is verified)
"$T-train" -q --data "$M" --arch original --hidden 16 --layers 1 --epochs 2 --threads 1 \
    -o "$WORK/flip.h5" >/dev/null
"$T-predict" -q --model "$WORK/flip.h5" "$M" >"$WORK/ref.out"
size=$(stat -c %s "$WORK/flip.h5")
same=0 clean=0 crc=0 wrong=0 seed=7 i=0
while [ $i -lt 60 ]; do
    seed=$(((seed * 1103515245 + 12345) % 2147483648))
    pos=$((seed % size))
    cp "$WORK/flip.h5" "$WORK/f.h5"
    byte=$(od -An -tu1 -j$pos -N1 "$WORK/f.h5" | tr -d ' ')
    printf "\\$(printf %o $((byte ^ (1 << (seed / 7 % 8)))))" |
        dd of="$WORK/f.h5" bs=1 seek=$pos conv=notrunc 2>/dev/null
    "$T-predict" -q --model "$WORK/f.h5" "$M" >"$WORK/o.out" 2>"$WORK/o.err"
    rc=$?
    if [ $rc = 0 ] && cmp -s "$WORK/o.out" "$WORK/ref.out"; then
        same=$((same + 1))
    elif [ $rc = 1 ] && [ "$(wc -l <"$WORK/o.err")" = 1 ] && [ ! -s "$WORK/o.out" ]; then
        clean=$((clean + 1))
        grep -q "checksum mismatch" "$WORK/o.err" && crc=$((crc + 1))
    else
        wrong=$((wrong + 1))
        echo "flip at byte $pos: rc $rc, $(head -c 200 "$WORK/o.err")"
    fi
    i=$((i + 1))
done
check "model file: 60 flipped bytes, each a one-line error or the identical forecast ($same same, $clean errors, $wrong wrong)" \
    [ $wrong -eq 0 ]
check "model file: the checksum catches flips the HDF5 structure does not ($crc)" [ $crc -gt 5 ]

# ---- 17.8 forecasts that do not cover the replay
"$T-predict" -q --model "$MODEL" "$M" -o "$WORK/preds.csv"
awk -F, 'NR == 1 { print; next } { $1 = (substr($1, 1, 4) + 1) substr($1, 5); print }' OFS=, \
    "$WORK/preds.csv" >"$WORK/preds_next_year.csv"
expect_exit "sim --predictions: forecasts of another year are an error" 1 \
    "preds_next_year\.csv: no forecast falls on the replay's steps" \
    "$T-sim" -q --predictions "$WORK/preds_next_year.csv" "$M"
head -100 "$WORK/preds.csv" >"$WORK/preds_99.csv"
"$T-sim" --policy predictive --predictions "$WORK/preds_99.csv" "$M" >/dev/null 2>"$WORK/sim.err"
check "sim --predictions: 99 forecasts for 576 steps give a note with the share" \
    grep -q "preds_99.csv: forecasts cover 99 of 576 steps (17.2 %)" "$WORK/sim.err"

# ---- 17.13 units that do not fit the default thresholds
"$T-train" -q --data "$M" --target request_count --arch original --hidden 4 --layers 1 --epochs 1 \
    --threads 1 -o "$WORK/req.h5" >/dev/null
"$T-predict" -q --model "$WORK/req.h5" --last "$M" >/dev/null 2>"$WORK/units.err"
check "predict: a request-count target with the default thresholds warns once" \
    sh -c "[ \$(grep -c 'target request_count is not named as a percentage .*give --up and --down' '$WORK/units.err') = 1 ]"
"$T-predict" -q --model "$WORK/req.h5" --up 900 --down 100 --last "$M" >/dev/null 2>"$WORK/units.err"
check "predict: explicit thresholds silence it" [ ! -s "$WORK/units.err" ]
awk -F, 'NR == 1 { print; next } { $2 = $2 * 3; print }' OFS=, "$M" >"$WORK/m_x3.csv"
"$T-train" -q --data "$WORK/m_x3.csv" --arch original --hidden 4 --layers 1 --epochs 1 --threads 1 \
    -o "$WORK/x3.h5" >/dev/null
"$T-predict" -q --model "$WORK/x3.h5" --last "$WORK/m_x3.csv" >/dev/null 2>"$WORK/units.err"
check "predict: a cpu target whose training values pass 100 warns" \
    grep -q "target cpu_utilization is beyond 0-100" "$WORK/units.err"
"$T-predict" -q --model "$MODEL" --last "$M" >/dev/null 2>"$WORK/units.err"
check "predict: a CPU % target does not warn" [ ! -s "$WORK/units.err" ]

# ---- 17.12 numbers keep their precision
awk -F, 'NR == 1 { print; next } { $6 = 123456789 + NR; print }' OFS=, "$M" >"$WORK/big_counts.csv"
"$T-features" -q --features request_count,request_rolling_mean "$WORK/big_counts.csv" >"$WORK/f.csv"
check "features: a counter of 123456791 prints as read (not 123456792 from float32)" \
    grep -q "^[^,]*,123456791," "$WORK/f.csv"
awk -F, 'NR == 1 { print; next } { $2 = $2 / 50000; print }' OFS=, "$M" >"$WORK/tiny.csv"
"$T-train" -q --data "$WORK/tiny.csv" --arch original --hidden 4 --layers 1 --epochs 2 --threads 1 \
    -o "$WORK/tiny_target.h5" >"$WORK/train.out"
check "train: a test MAE near 1e-5 keeps significant digits" \
    grep -qE 'test: MAE (0\.0*[1-9][0-9]{2}|[0-9.]+e-).*persistence MAE (0\.0*[1-9][0-9]{2}|[1-9][0-9.]+e-)' "$WORK/train.out"
"$T-eval" -q --model "$WORK/tiny_target.h5" --data "$WORK/tiny.csv" >"$WORK/eval.out"
check "eval: MAE near 1e-5 is not printed as 0.0000" \
    sh -c "grep '^persistence ' '$WORK/eval.out' | awk '{ exit !(\$2 + 0 > 0) }'"
"$T-predict" -q --up 0.001 --down 0.0005 --model "$WORK/tiny_target.h5" "$WORK/tiny.csv" >"$WORK/p.csv"
check "predict: forecasts near 1e-3 keep their digits (many distinct values)" \
    [ "$(cut -d, -f3 "$WORK/p.csv" | sort -u | wc -l)" -gt 100 ]
check "predict: actuals print exactly as read" \
    sh -c "[ \"\$(sed -n 100p '$WORK/p.csv' | cut -d, -f2)\" = \"\$(grep \"^\$(sed -n 100p '$WORK/p.csv' | cut -d, -f1),\" '$WORK/tiny.csv' | cut -d, -f2)\" ]"

# ---- 17.15 wording
expect_exit "train --split 1,0: a usage error naming the flag" 2 "--split 1,0: want TRAIN,VAL fractions" \
    "$T-train" -q --data "$M" --split 1,0 -o "$WORK/s.h5"
head -4 "$M" >"$WORK/three.csv"
expect_exit "predict: too few rows, without a 'horizon 0'" 1 "three\.csv: 3 rows are too few for windows of 12 steps$" \
    "$T-predict" -q --model "$MODEL" "$WORK/three.csv"
"$T-datagen" --days 1 --profile seed -o "$WORK/d1.csv" 2>"$WORK/dg.err"
check "datagen: '1 day', not '1 days'" grep -q "(seed profile, 1 day, step 300 s, [0-9]* events\?)" "$WORK/dg.err"
expect_exit "a file name with bytes that are not UTF-8 is shown with '?', UTF-8 kept" 1 \
    "bad\?\?nameé\.csv: cannot open" "$T-features" -q "$WORK/bad$(printf '\377\376')name$(printf '\303\251').csv"
expect_exit "--seed range printed as a whole number" 2 "out of range \[0, 2147483647\]" \
    "$T-train" -q --seed -1 --data "$M"
"$T-datagen" -q --profile seed --days 240 --seed 3 -o "$WORK/long.csv"
"$T-predict" --model "$MODEL" "$WORK/long.csv" -o "$WORK/long_p.csv" 2>"$WORK/long_p.err"
check "predict: a long run (69,000 windows) reports progress on stderr" \
    sh -c "grep -q 'forecasts [0-9]*/[0-9]* windows' '$WORK/long_p.err' && [ \$(wc -l <'$WORK/long_p.csv') -gt 69000 ]"

# interrupt_at PID FILE TEXT WHAT: when FILE (the training's stderr) shows
# TEXT, sends SIGINT to PID (signal_when_seen) and checks that it exits 130
# naming --resume.
interrupt_at() {
    signal_when_seen "$1" "$2" "$3" INT
    wait "$1"
    rc=$?
    check "train $4: SIGINT exits 130 and names --resume (rc $rc)" \
        sh -c "[ $rc = 130 ] && grep -q 'finish it with: scaleahead-train --resume' '$2'"
}

# ---- 17.6 ensembles resume: finished members kept, unfinished ones go on
# from their state; the result equals a run never stopped, bit for bit
ens() { "$T-train" --data "$M" --ensemble --members 1,4 --epochs 4 --patience 4 --seq-len 12 \
        --threads 1 "$@"; }
ens -q -o "$WORK/ens_whole.h5" >/dev/null
rm -f "$WORK/ens.err"
# (not through the function: $! must be the tool itself, not a subshell)
"$T-train" --data "$M" --ensemble --members 1,4 --epochs 4 --patience 4 --seq-len 12 --threads 1 \
    -o "$WORK/ens.h5" >/dev/null 2>"$WORK/ens.err" &
# (wait for the second member's first epoch: the first has finished)
interrupt_at $! "$WORK/ens.err" 'ensemble 2/2 1/' --ensemble
if command -v h5dump >/dev/null 2>&1; then
    check "train --ensemble: member 0 finished, member 1 marked interrupted" \
        sh -c "h5dump -a /members/0/config/interrupted '$WORK/ens.h5' | grep -q '(0): 0' &&
               h5dump -a /members/1/config/interrupted '$WORK/ens.h5' | grep -q '(0): 1'"
fi
expect_exit "predict: an interrupted ensemble is refused" 1 "training was interrupted" \
    "$T-predict" -q --model "$WORK/ens.h5" --last "$M"
"$T-train" -q --resume "$WORK/ens.h5" -o "$WORK/ens.h5" >/dev/null
rc=$?
check "train --resume: finishes the ensemble in place (rc $rc)" [ $rc = 0 ]
if command -v h5dump >/dev/null 2>&1; then
    for k in 0 1; do
        h5dump -g /members/$k/weights "$WORK/ens_whole.h5" | tail -n +2 >"$WORK/wa"
        h5dump -g /members/$k/weights "$WORK/ens.h5" | tail -n +2 >"$WORK/wb"
        check "train --resume: ensemble member $k equals the uninterrupted run's, bit for bit" \
            cmp -s "$WORK/wa" "$WORK/wb"
    done
fi
"$T-predict" -q --model "$WORK/ens_whole.h5" --last "$M" >"$WORK/pa"
"$T-predict" -q --model "$WORK/ens.h5" --last "$M" >"$WORK/pb"
check "train --resume: the resumed ensemble forecasts the same" cmp -s "$WORK/pa" "$WORK/pb"

# ---- 17.6 grids resume: the interrupted file keeps every point and the
# table of those finished; --resume keeps them and trains the rest, and the
# file equals a grid never stopped (the table but for its seconds, the best
# point's config, history and weights bit for bit, scaler and metrics)
grid="--data $M --grid --grid-limit 3 --epochs 4 --patience 4 --seq-len 12 --threads 1"
"$T-train" -q $grid -o "$WORK/grid_whole.h5" >/dev/null
rm -f "$WORK/grid.err"
"$T-train" $grid -o "$WORK/grid.h5" >/dev/null 2>"$WORK/grid.err" &
# (wait for the second point's first epoch: the first has finished)
interrupt_at $! "$WORK/grid.err" 'grid 2/3 1/' --grid
if command -v h5dump >/dev/null 2>&1; then
    check "train --grid: the interrupted file keeps all 3 points, the first finished" \
        sh -c "h5dump -a /members/0/config/interrupted '$WORK/grid.h5' | grep -q '(0): 0' &&
               h5dump -a /members/1/config/interrupted '$WORK/grid.h5' | grep -q '(0): 1' &&
               h5dump -a /members/2/config/interrupted '$WORK/grid.h5' | grep -q '(0): 1'"
    check "train --grid: the interrupted table holds the finished point 0 alone" \
        sh -c "h5dump -d /grid '$WORK/grid.h5' | grep -qE '^ *1,0,' &&
               ! h5dump -d /grid '$WORK/grid.h5' | grep -qE '^ *[0-9]+,[12],'"
fi
"$T-train" -q --resume "$WORK/grid.h5" -o "$WORK/grid.h5" >/dev/null
rc=$?
check "train --resume: finishes the grid in place (rc $rc)" [ $rc = 0 ]
if command -v h5dump >/dev/null 2>&1; then
    for part in /grid /config /members/0 /metrics /scaler; do
        content "$WORK/grid_whole.h5" "$part" >"$WORK/ga"
        content "$WORK/grid.h5" "$part" >"$WORK/gb"
        check "train --resume: the grid's $part equals the uninterrupted run's" \
            sh -c "[ -s '$WORK/ga' ] && cmp -s '$WORK/ga' '$WORK/gb'"
    done
fi
