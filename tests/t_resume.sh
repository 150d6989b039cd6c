# t_resume.sh — interrupts and resumes that strand nothing (issue 25.4,
# 25.10, 25.13): a signal after the last epoch leaves the finished model in
# -o; --arch auto stopped part-way is marked, refused, and finished by
# --resume into the model an uninterrupted run writes; --resume refuses the
# flags it would not honour and data read differently.
. "$TOP/tests/lib.sh"

T="$BIN/scaleahead"
M="$WORK/m.csv"
"$T-datagen" -q --profile seed --days 3 --seed 3 -o "$M"

# ---- 25.10 SIGINT after the last epoch: the run had finished; the model
# goes to -o (not NAME.partial.h5) and the summary names it. The test and
# validation parts are large, so measuring them after the epoch takes a
# while for the signal to land in.
"$T-datagen" -q --profile seed --days 20 --seed 4 -o "$WORK/big.csv"
cp "$M" "$WORK/late.h5"   # an existing -o: an unfinished run would go beside it
rm -f "$WORK/late.err"
"$T-train" --data "$WORK/big.csv" --arch original --hidden 96 --layers 2 --seq-len 36 \
    --split 0.02,0.49 --epochs 1 --threads 1 -o "$WORK/late.h5" >"$WORK/late.out" 2>"$WORK/late.err" &
signal_when_seen $! "$WORK/late.err" 'lstm 1/1 ' INT
wait $!
rc=$?
check "train: SIGINT after the last epoch still writes -o and exits 0 (rc $rc)" \
    sh -c "[ $rc = 0 ] && [ ! -e '$WORK/late.partial.h5' ] && ! cmp -s '$M' '$WORK/late.h5'"
check "train: ... and says the interrupt came after training had finished" \
    grep -q "the interrupt came after training had finished" "$WORK/late.err"
check "train: the summary names the file written" grep -q "model written to .*late.h5$" "$WORK/late.out"
"$T-predict" -q --model "$WORK/late.h5" --last "$WORK/big.csv" >"$WORK/late.pred" 2>"$WORK/late.perr"
check "predict: the model is a finished one (no --allow-interrupted needed)" [ -s "$WORK/late.pred" ]

# ---- 25.13 --resume finishes the interrupted run with its own settings:
# data read otherwise than by the interrupted run is refused
awk 'NR < 400 || NR > 405' "$M" >"$WORK/gap.csv"   # half an hour missing
rm -f "$WORK/int.err"
"$T-train" --data "$WORK/gap.csv" --arch original --hidden 16 --layers 1 --epochs 400 --patience 400 \
    --threads 1 -o "$WORK/int.h5" >/dev/null 2>"$WORK/int.err" &
signal_when_started $! "$WORK/int.err" INT
wait $!
expect_exit "train --resume: --epochs is refused, not ignored" 2 "--epochs: --resume finishes" \
    "$T-train" -q --resume "$WORK/int.h5" --epochs 7 -o "$WORK/r.h5"
expect_exit "train --resume: data read with --fill unlike the interrupted run is refused" 1 \
    "read differently than by the interrupted run" \
    "$T-train" -q --resume "$WORK/int.h5" --fill --threads 1 -o "$WORK/r.h5"
check "train --resume: nothing written when refused" [ ! -e "$WORK/r.h5" ]

# ---- 25.4 --arch auto stopped in its second candidate: the file is marked
# (kind auto-partial, every candidate as it was left), refused by predict
# even with --allow-interrupted, and the --resume it suggests finishes it
# into the file an uninterrupted run writes, bit for bit but its timestamp
auto="--data $M --arch auto --epochs 6 --patience 6 --threads 1"
# shellcheck disable=SC2086
"$T-train" -q $auto -o "$WORK/auto_whole.h5" >"$WORK/auto_whole.out"
cp "$M" "$WORK/auto.h5"   # an existing -o: the stopped run goes beside it
rm -f "$WORK/auto.err"
# shellcheck disable=SC2086
"$T-train" $auto -o "$WORK/auto.h5" >"$WORK/auto.out" 2>"$WORK/auto.err" &
signal_when_seen $! "$WORK/auto.err" 'candidate robust-seasonal' INT
wait $!
rc=$?
check "train --arch auto: SIGINT exits 130 and names --resume (rc $rc)" \
    sh -c "[ $rc = 130 ] && grep -q 'finish it with: scaleahead-train --resume .*auto.partial.h5 -o .*auto.h5' '$WORK/auto.err'"
check "train --arch auto: -o is kept, the stopped run is in NAME.partial.h5" \
    sh -c "cmp -s '$M' '$WORK/auto.h5' && [ -s '$WORK/auto.partial.h5' ]"
check "train --arch auto: the summary names the partial file" \
    grep -q "auto.partial.h5 holds each as it was left" "$WORK/auto.out"
if command -v h5dump >/dev/null 2>&1; then
    check "train --arch auto: the partial file is of kind auto-partial, its candidates marked" \
        sh -c "h5dump -a kind '$WORK/auto.partial.h5' | grep -q '\"auto-partial\"' &&
               h5dump -a /members/1/config/interrupted '$WORK/auto.partial.h5' | grep -q '(0): 1'"
fi
for flag in "" --allow-interrupted; do
    expect_exit "predict ${flag:-without flags}: a stopped --arch auto run is refused" 1 \
        "stopped before its candidates were compared.*--resume" \
        "$T-predict" -q $flag --model "$WORK/auto.partial.h5" "$M"
done
expect_exit "eval: a stopped --arch auto run is refused" 1 "stopped before its candidates" \
    "$T-eval" -q --model "$WORK/auto.partial.h5"
next=$(sed -n 's/.*finish it with: scaleahead-train //p' "$WORK/auto.err")
# shellcheck disable=SC2086
"$T-train" -q $next --threads 1 >"$WORK/auto_resumed.out"
rc=$?
check "train --resume: the suggested command finishes the --arch auto run (rc $rc)" [ $rc = 0 ]
if command -v h5dump >/dev/null 2>&1; then
    content "$WORK/auto_whole.h5" >"$WORK/aa"
    content "$WORK/auto.h5" >"$WORK/ab"
    check "train --resume: the file equals the uninterrupted --arch auto run's" \
        sh -c "[ -s '$WORK/aa' ] && cmp -s '$WORK/aa' '$WORK/ab'"
fi
check "train --resume: the same choice and validation table" \
    sh -c "grep '^auto:\|^[0-9],' '$WORK/auto_whole.out' >'$WORK/ta'; grep '^auto:\|^[0-9],' '$WORK/auto_resumed.out' >'$WORK/tb'; [ -s '$WORK/ta' ] && cmp -s '$WORK/ta' '$WORK/tb'"
