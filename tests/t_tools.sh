# t_tools.sh — train, eval and predict end to end on a small generated file:
# the model file's layout, the report's rows, the predictions' shape, the
# pipeline from stdin, and the one-line errors of misuse.
. "$TOP/tests/lib.sh"

"$BIN/scaleahead-datagen" --profile seed --days 4 --seed 7 -o "$WORK/m.csv" 2>/dev/null
rows=$(($(wc -l <"$WORK/m.csv") - 1))
check "datagen: 4 days = 1152 rows" [ "$rows" -eq 1152 ]

train() { "$BIN/scaleahead-train" -q --data "$WORK/m.csv" --arch original --hidden 8 --layers 1 \
          --seq-len 12 --epochs 3 --threads 2 "$@"; }
train -o "$WORK/a.h5" >"$WORK/train.out"
check "train: writes the model file" [ -s "$WORK/a.h5" ]
check "train: summary has test MAE beside persistence" grep -q "persistence MAE" "$WORK/train.out"
check "train: no temporary left" [ -z "$(ls -A "$WORK" | grep '^\.')" ]

if command -v h5dump >/dev/null 2>&1; then
    h5dump -A "$WORK/a.h5" >"$WORK/dump" 2>&1
    check "model file: format attribute" grep -q '"scaleahead-model"' "$WORK/dump"
    h5dump -H "$WORK/a.h5" >"$WORK/dump" 2>&1
    check "model file: lstm.weight_ih_l0 is (4H, I) = (32, 4)" \
        sh -c "grep -A3 'lstm.weight_ih_l0' '$WORK/dump' | grep -q '( 32, 4 )'"
    check "model file: fc.weight is (1, H)" sh -c "grep -A3 '\"fc.weight\"' '$WORK/dump' | grep -q '( 1, 8 )'"
    check "model file: history per epoch" sh -c "grep -A3 'val_loss' '$WORK/dump' | grep -q '( 3 )'"
fi

# The same seed gives the same weights, whatever the thread count.
train -o "$WORK/b.h5" --threads 1 >/dev/null
if command -v h5dump >/dev/null 2>&1; then
    h5dump -g /weights "$WORK/a.h5" | tail -n +2 >"$WORK/wa"
    h5dump -g /weights "$WORK/b.h5" | tail -n +2 >"$WORK/wb"
    check "train: 1 and 2 threads give identical weights" cmp -s "$WORK/wa" "$WORK/wb"
fi

"$BIN/scaleahead-eval" --model "$WORK/a.h5" --json "$WORK/ev.json" >"$WORK/eval.out"
check "eval: table has the model and four baselines" \
    sh -c "grep -q '^model ' '$WORK/eval.out' && grep -q '^persistence ' '$WORK/eval.out' && grep -q '^seasonal_naive ' '$WORK/eval.out' && grep -q '^linear_ar ' '$WORK/eval.out' && grep -q '^holt_winters ' '$WORK/eval.out'"
check "eval: JSON has mae, r2 and the split" \
    sh -c "grep -q '\"mae\"' '$WORK/ev.json' && grep -q '\"split\": \"test\"' '$WORK/ev.json'"
# The test part is 15 % of W = 1152 - 12 - 1 + 1 windows.
W=$((1152 - 12))
n_test=$((W - W * 85 / 100))
check "eval: measured on the $n_test test windows" grep -q "$n_test windows" "$WORK/eval.out"

# --adapt-gamma 0: --last is plain split conformal, as the whole file is without ACI
"$BIN/scaleahead-predict" --model "$WORK/a.h5" --adapt-gamma 0 "$WORK/m.csv" >"$WORK/p.csv"
check "predict: header" [ "$(head -1 "$WORK/p.csv")" = "timestamp,actual,predicted,lower,upper,decision" ]
check "predict: one line per input window (n - T + 1)" [ "$(($(wc -l <"$WORK/p.csv") - 1))" -eq $((1152 - 12 + 1)) ]
check "predict: the last forecast is for the step after the data, actual empty" \
    sh -c "tail -1 '$WORK/p.csv' | grep -q '^2025-01-10 00:00:00,,'"
"$BIN/scaleahead-predict" --model "$WORK/a.h5" --last "$WORK/m.csv" >"$WORK/last.csv"
check "predict --last: one forecast, equal to the full run's last" \
    [ "$(tail -1 "$WORK/last.csv")" = "$(tail -1 "$WORK/p.csv")" ]
"$BIN/scaleahead-datagen" --profile seed --days 4 --seed 7 2>/dev/null |
    "$BIN/scaleahead-predict" --model "$WORK/a.h5" --last - >"$WORK/pipe.csv"
check "predict: reads a pipeline on stdin" cmp -s "$WORK/pipe.csv" "$WORK/last.csv"
"$BIN/scaleahead" predict --model "$WORK/a.h5" --last "$WORK/m.csv" >"$WORK/disp.csv"
check "dispatcher: scaleahead predict runs scaleahead-predict" cmp -s "$WORK/disp.csv" "$WORK/last.csv"

expect_exit "train: no data is a usage error" 2 "no data" "$BIN/scaleahead-train"
expect_exit "train: unknown arch" 2 "unknown" "$BIN/scaleahead-train" --data "$WORK/m.csv" --arch big
expect_exit "train: --epochs -1" 2 "epochs" "$BIN/scaleahead-train" --data "$WORK/m.csv" --epochs -1
expect_exit "train: --split 0.9,0.2" 2 "split" "$BIN/scaleahead-train" --data "$WORK/m.csv" --split 0.9,0.2
expect_exit "train: --seq-len longer than the data" 1 "too few" \
    "$BIN/scaleahead-train" -q --data "$WORK/m.csv" --seq-len 100000
expect_exit "train: unwritable output" 1 "cannot write" \
    "$BIN/scaleahead-train" -q --data "$WORK/m.csv" --arch original --hidden 4 --layers 1 --epochs 1 -o /nonexistent/dir/m.h5
expect_exit "predict: missing model" 1 "nope.h5" "$BIN/scaleahead-predict" --model "$WORK/nope.h5" "$WORK/m.csv"
cut -d, -f1,2 "$WORK/m.csv" >"$WORK/cpu_only.csv"
expect_exit "predict: data without a feature the model needs" 1 "network_in" \
    "$BIN/scaleahead-predict" --model "$WORK/a.h5" "$WORK/cpu_only.csv"
awk -F, 'NR == 1 || NR % 2 == 0' "$WORK/m.csv" >"$WORK/ten_min.csv"
expect_exit "predict: data at another step" 1 "600s apart" \
    "$BIN/scaleahead-predict" --model "$WORK/a.h5" "$WORK/ten_min.csv"
expect_exit "eval: unknown split" 2 "split" "$BIN/scaleahead-eval" --model "$WORK/a.h5" --split best

# A model trained here forecasts the same in PyTorch (weights named as its state_dict).
if /usr/bin/python3 -c 'import torch, h5py' 2>/dev/null; then
    feats=$(h5dump -a /config/features "$WORK/a.h5" | grep -o '"[a-z_]*"' | tail -n +2 | tr -d '"' | paste -sd, -)
    "$BIN/scaleahead-features" --features "$feats" "$WORK/m.csv" >"$WORK/f.csv"
    /usr/bin/python3 "$TOP/tests/parity/torch_predict.py" "$WORK/a.h5" "$WORK/f.csv" >"$WORK/torch.csv"
    cut -d, -f1,3 "$WORK/p.csv" | tail -n +2 >"$WORK/ours.csv"
    check "PyTorch gives the same forecasts as scaleahead-predict (within 2e-4)" awk -F, '
        NR == FNR { want[$1] = $2; next }
        { if (!($1 in want) || (want[$1] - $2) ^ 2 > 4e-8) bad++; n++ }
        END { exit !(n > 1000 && !bad) }' "$WORK/ours.csv" "$WORK/torch.csv"
fi

# Same data, seed and threads: the same file, byte for byte, but for its creation time.
if command -v h5dump >/dev/null 2>&1; then
    train -o "$WORK/c.h5" >/dev/null
    h5dump "$WORK/a.h5" | tail -n +2 | grep -v '(0): "[0-9-]*T[0-9:]*Z"' >"$WORK/da"
    h5dump "$WORK/c.h5" | tail -n +2 | grep -v '(0): "[0-9-]*T[0-9:]*Z"' >"$WORK/dc"
    check "train: same data, seed and threads give the same file" cmp -s "$WORK/da" "$WORK/dc"
    check "train: and the bytes differ only in the creation time" \
        sh -c "[ \$(cmp -l '$WORK/a.h5' '$WORK/c.h5' | wc -l) -le 19 ]"
fi

# Ctrl-C: training stops after the current batch and saves the best weights,
# marked, with its state; --resume finishes it with the weights of a run
# never stopped (here on another thread count). The signal is sent once the
# first epoch is reported, to a run of 20 epochs that cannot end before it.
small() { "$BIN/scaleahead-train" -q --data "$WORK/m.csv" --arch original --hidden 32 --layers 2 \
          --seq-len 24 --epochs 20 --patience 20 "$@"; }
small --threads 2 -o "$WORK/whole.h5" >/dev/null
# (not through the function: $! must be the tool itself, not a subshell)
"$BIN/scaleahead-train" --data "$WORK/m.csv" --arch original --hidden 32 --layers 2 \
    --seq-len 24 --epochs 20 --patience 20 --threads 2 -o "$WORK/int.h5" >"$WORK/int.out" 2>"$WORK/int.err" &
pid=$!
signal_when_started "$pid" "$WORK/int.err" INT
wait "$pid"
rc=$?
check "train: SIGINT ends the run with status 130" [ "$rc" -eq 130 ]
check "train: SIGINT still writes the model" [ -s "$WORK/int.h5" ]
check "train: the summary says interrupted" grep -q "(interrupted)" "$WORK/int.out"
check "train: says where the unfinished model is and how to finish it" \
    grep -q "interrupted: the unfinished model is in .*int.h5.*--resume" "$WORK/int.err"
"$BIN/scaleahead-train" -q --resume "$WORK/int.h5" --threads 1 -o "$WORK/resumed.h5" >"$WORK/res.out"
check "train --resume: finishes the run" sh -c "[ -s '$WORK/resumed.h5' ] && ! grep -q interrupted '$WORK/res.out'"
if command -v h5dump >/dev/null 2>&1; then
    check "train: the file is marked interrupted and keeps its state" \
        sh -c "h5dump -a /config/interrupted '$WORK/int.h5' | grep -q '(0): 1' && h5dump -H '$WORK/int.h5' | grep -q 'GROUP \"resume\"'"
    h5dump -g /weights "$WORK/whole.h5" | tail -n +2 >"$WORK/w_whole"
    h5dump -g /weights "$WORK/resumed.h5" | tail -n +2 >"$WORK/w_resumed"
    check "train --resume: the same weights as a run never stopped" cmp -s "$WORK/w_whole" "$WORK/w_resumed"
fi
expect_exit "train --resume: a finished model has nothing to resume" 1 "nothing to resume" \
    "$BIN/scaleahead-train" -q --resume "$WORK/whole.h5"
expect_exit "train --resume: with --data is a usage error" 2 "resume" \
    "$BIN/scaleahead-train" -q --resume "$WORK/int.h5" --data "$WORK/m.csv"

# A named pipe as the model would block the open forever: refused at once.
if mkfifo "$WORK/pipe.h5" 2>/dev/null; then
    expect_exit "predict: a named pipe as the model is refused, not waited on" 1 "not a regular file" \
        timeout 10 "$BIN/scaleahead-predict" --model "$WORK/pipe.h5" "$WORK/m.csv"
fi

# The cosine schedule (docs/train.md, "make train's schedule"): recorded in /config, its rate
# history rising in epoch 1 and falling after; an unknown schedule is a
# usage error.
train -o "$WORK/cos.h5" --schedule cosine --lr 0.003 >/dev/null
if command -v h5dump >/dev/null 2>&1; then
    check "train --schedule cosine: /config schedule = cosine" \
        sh -c "h5dump -a /config/schedule '$WORK/cos.h5' | grep -q '\"cosine\"'"
    check "train: a plateau run records schedule = plateau" \
        sh -c "h5dump -a /config/schedule '$WORK/a.h5' | grep -q '\"plateau\"'"
fi
expect_exit "train --schedule bogus: usage error" 2 "schedule bogus: want plateau or cosine" \
    train -o "$WORK/bad.h5" --schedule bogus
