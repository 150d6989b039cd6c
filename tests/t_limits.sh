#!/bin/sh
# t_limits.sh — one set of limits (docs/style.md §14, issue 13.4): the sizes the
# command line accepts are the ones the network and the model file accept,
# so a size beyond them is refused before any data is read or any epoch is
# run, and the largest allowed size trains and saves.
. "$TOP/tests/lib.sh"

"$BIN/scaleahead-datagen" --profile seed --days 2 --seed 3 -o "$WORK/m.csv" 2>/dev/null

# Beyond the limit: refused up front as a usage error, before the data file
# (which does not exist here) is even opened.
expect_exit "train --layers 9: refused before any work" 2 "^scaleahead-train: --layers: 9 is out of range \[0, 8\]" \
    "$BIN/scaleahead-train" -q --data "$WORK/missing.csv" --layers 9 -o "$WORK/l9.h5"
check "train --layers 9: no model file" [ ! -e "$WORK/l9.h5" ]
expect_exit "train --hidden 2049: refused before any work" 2 "--hidden: 2049 is out of range \[0, 2048\]" \
    "$BIN/scaleahead-train" -q --data "$WORK/missing.csv" --hidden 2049 -o "$WORK/h.h5"
expect_exit "train --head 2049: refused before any work" 2 "--head: 2049 is out of range \[-1, 2048\]" \
    "$BIN/scaleahead-train" -q --data "$WORK/missing.csv" --head 2049 -o "$WORK/h.h5"

# The largest layer count and head width: trains, saves, and loads again.
"$BIN/scaleahead-train" -q --data "$WORK/m.csv" --arch original --layers 8 --hidden 2 \
    --head 2048 --seq-len 3 --epochs 1 --batch 64 -o "$WORK/max.h5" >"$WORK/max.out" 2>"$WORK/max.err"
rc=$?
check "train --layers 8 --head 2048: exit 0 ($(head -c 200 "$WORK/max.err"))" [ "$rc" -eq 0 ]
check "train --layers 8 --head 2048: the model file is written" [ -s "$WORK/max.h5" ]
if command -v h5dump >/dev/null 2>&1; then
    check "train --layers 8: the file holds 8 layers" \
        sh -c "h5dump -a /config/layers '$WORK/max.h5' | grep -q '(0): 8'"
    check "train --layers 8: lstm.weight_hh_l7 is (8, 2)" \
        sh -c "h5dump -H -d /weights/lstm.weight_hh_l7 '$WORK/max.h5' | grep -q '( 8, 2 )'"
    check "train --head 2048: fc1.weight is (2048, 2)" \
        sh -c "h5dump -H -d /weights/fc1.weight '$WORK/max.h5' | grep -q '( 2048, 2 )'"
fi
"$BIN/scaleahead-predict" --model "$WORK/max.h5" --last "$WORK/m.csv" >"$WORK/pred.csv" 2>"$WORK/pred.err"
check "predict: the largest model loads and forecasts" sh -c "[ \$(wc -l <'$WORK/pred.csv') -eq 2 ]"
