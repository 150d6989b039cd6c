# t_blend.sh — blends of whole models (kind "blend", lib/model/blend.h):
# train --blend of two models with different features, windows and
# transforms forecasts the weighted mean of their forecasts; the file round
# trips with its checksum; damaged or inconsistent files and flags that do
# not go with --blend are refused with one line; predict (--last too),
# eval and sim load it like any model.
. "$TOP/tests/lib.sh"

T="$BIN/scaleahead-train"
P="$BIN/scaleahead-predict"
"$BIN/scaleahead-datagen" --days 6 --seed 3 -o "$WORK/s.csv" 2>/dev/null
"$T" -q "$WORK/s.csv" --arch linear --epochs 3 -o "$WORK/lin.h5" >/dev/null
"$T" -q "$WORK/s.csv" --arch robust --epochs 2 --features cpu_utilization,memory_utilization,hour \
    -o "$WORK/rob.h5" >/dev/null
"$T" -q "$WORK/s.csv" --blend "$WORK/lin.h5,$WORK/rob.h5" --blend-weights 1,3 -o "$WORK/b.h5" \
    >"$WORK/b.out"
check "blend: train --blend writes the file and says its weights and MAEs" \
    sh -c "[ -s '$WORK/b.h5' ] && grep -q '^blend of 2 models written to .*b.h5: weights 1,3; validation MAE [0-9.]* (alone: [0-9.]* [0-9.]*); test MAE' '$WORK/b.out'"

# The blend's forecast is (1 lin + 3 rob) / 4 at every window both parts
# forecast (rob's window is 36 rows, lin's 12: the blend starts where rob does).
"$P" -q --model "$WORK/lin.h5" "$WORK/s.csv" >"$WORK/lin.csv"
"$P" -q --model "$WORK/rob.h5" "$WORK/s.csv" >"$WORK/rob.csv"
"$P" -q --model "$WORK/b.h5" "$WORK/s.csv" >"$WORK/b.csv"
check "blend: forecasts (1 x linear + 3 x robust) / 4 at every window, from the window of the longer part" \
    awk -F, 'FILENAME ~ /lin.csv/ { lin[$1] = $3; next } FILENAME ~ /rob.csv/ { rob[$1] = $3; n_rob++; next }
        FNR > 1 { n++; d = $3 - (lin[$1] + 3 * rob[$1]) / 4; if (d < 0) d = -d
                  if (!($1 in rob) || d > 2e-6 * (1 + $3)) bad++ }   # 7 digits printed
        END { exit !(n > 1000 && n == n_rob - 1 && bad == 0) }' "$WORK/lin.csv" "$WORK/rob.csv" "$WORK/b.csv"
check "blend: every forecast has an interval around it" \
    awk -F, 'NR > 1 && !($4 <= $3 && $3 <= $5) { bad++ } END { exit bad > 0 }' "$WORK/b.csv"
"$P" -q --model "$WORK/b.h5" --last "$WORK/s.csv" >"$WORK/last.csv"
check "blend: predict --last forecasts the last window as the full run does" \
    [ "$(tail -1 "$WORK/last.csv" | cut -d, -f1,3)" = "$(tail -1 "$WORK/b.csv" | cut -d, -f1,3)" ]

# A part that reads every row (Holt-Winters, kept by auto on a noiseless
# series) makes predict --last read every row too.
"$BIN/scaleahead-datagen" --days 6 --seed 3 --noise 0 -o "$WORK/n.csv" 2>/dev/null
"$T" -q "$WORK/n.csv" --arch auto --candidates linear --epochs 1 -o "$WORK/hw.h5" >/dev/null
"$T" -q "$WORK/n.csv" --arch linear --epochs 1 -o "$WORK/nlin.h5" >/dev/null
"$T" -q "$WORK/n.csv" --blend "$WORK/hw.h5,$WORK/nlin.h5" -o "$WORK/nb.h5" >/dev/null
"$P" -q --model "$WORK/nb.h5" "$WORK/n.csv" >"$WORK/nb.csv"
"$P" -q --model "$WORK/nb.h5" --last "$WORK/n.csv" >"$WORK/nb_last.csv"
check "blend: with a Holt-Winters part predict --last forecasts the last window as the full run does" \
    sh -c "h5dump -a /parts/0/baseline/name '$WORK/nb.h5' | grep -q holt_winters &&
           [ \"\$(tail -1 '$WORK/nb_last.csv' | cut -d, -f1,3)\" = \"\$(tail -1 '$WORK/nb.csv' | cut -d, -f1,3)\" ]"

# The file: kind blend, each part a whole model with its weight, a checksum.
check "blend: the file holds kind blend, /parts/0 and /parts/1 with their weights and kinds, a checksum" \
    sh -c "h5dump -a /kind '$WORK/b.h5' | grep -q '\"blend\"' &&
           h5dump -a /parts/0/weight '$WORK/b.h5' | grep -q '(0): 1\$' &&
           h5dump -a /parts/1/weight '$WORK/b.h5' | grep -q '(0): 3\$' &&
           h5dump -a /parts/1/kind '$WORK/b.h5' | grep -q '\"lstm\"' &&
           h5dump -g /parts/1/transform '$WORK/b.h5' >/dev/null &&
           h5dump -a /checksum '$WORK/b.h5' | grep -q crc32c &&
           h5dump -a /config/features '$WORK/b.h5' | grep -q '\"cpu_utilization\", \"memory_utilization\", \"hour\"'"
"$T" -q "$WORK/s.csv" --blend "$WORK/lin.h5,$WORK/rob.h5" --blend-weights 1,3 -o "$WORK/b2.h5" >/dev/null
content "$WORK/b.h5" >"$WORK/c1"
content "$WORK/b2.h5" >"$WORK/c2"
check "blend: the same blend writes the same file (but its time stamp)" cmp -s "$WORK/c1" "$WORK/c2"

# Weights chosen on validation: of 1/2 and 0.1 .. 0.9, the one with the lowest MAE.
"$T" -q "$WORK/s.csv" --blend "$WORK/lin.h5,$WORK/rob.h5" -o "$WORK/auto.h5" >"$WORK/auto.out"
check "blend: without --blend-weights the first model's weight is one of 0.1 .. 0.9" \
    grep -qE 'weights 0\.[1-9],0\.[1-9]; ' "$WORK/auto.out"
check "blend: the chosen blend is no worse on validation than either model alone" \
    awk '{ for (i = 1; i <= NF; i++) if ($i == "MAE") { v = $(i + 1); break }
           sub(/.*alone: /, ""); sub(/\).*/, ""); split($0, a, " "); exit !(v <= a[1] && v <= a[2]) }' \
        "$WORK/auto.out"

# Damaged files are refused with one line.
cp "$WORK/b.h5" "$WORK/bad.h5"
/usr/bin/python3 - "$WORK/bad.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    f["parts/1"].attrs["weight"] = 2.0
PY
expect_exit "blend: a changed part weight fails the checksum" 1 'checksum mismatch' \
    "$P" -q --model "$WORK/bad.h5" "$WORK/s.csv"
/usr/bin/python3 - "$WORK/bad.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    del f.attrs["checksum"]
    f["parts/1"].attrs["weight"] = -1.0
PY
expect_exit "blend: a negative weight is refused" 1 'bad.h5: part 1: weight -1 is not finite and >= 0' \
    "$P" -q --model "$WORK/bad.h5" "$WORK/s.csv"
cp "$WORK/b.h5" "$WORK/bad.h5"
/usr/bin/python3 - "$WORK/bad.h5" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r+") as f:
    del f.attrs["checksum"]
    f["parts/1/config"].attrs["horizon"] = 3
PY
expect_exit "blend: a part that forecasts another horizon is refused" 1 \
    'bad.h5: part 1: its horizon is not the blend.s' "$P" -q --model "$WORK/bad.h5" "$WORK/s.csv"
cp "$WORK/b.h5" "$WORK/bad.h5"
/usr/bin/python3 - "$WORK/bad.h5" <<'PY'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r+") as f:
    del f.attrs["checksum"]
    f.copy("parts", "parts/1/parts")
    f["parts/1"].attrs.create("kind", np.bytes_("blend"))
PY
expect_exit "blend: a blend inside a blend is refused" 1 'bad.h5: .*a part cannot be of kind blend' \
    "$P" -q --model "$WORK/bad.h5" "$WORK/s.csv"

# Flags: what --blend cannot honour is refused.
expect_exit "blend: --blend-weights needs --blend" 2 '--blend-weights weighs the models of --blend' \
    "$T" "$WORK/s.csv" --blend-weights 1,2 -o "$WORK/x.h5"
expect_exit "blend: --blend with a training flag is refused" 2 '--epochs: --blend blends trained models' \
    "$T" "$WORK/s.csv" --blend "$WORK/lin.h5,$WORK/rob.h5" --epochs 3 -o "$WORK/x.h5"
expect_exit "blend: as many weights as models" 2 '--blend-weights 1: give 2 weights' \
    "$T" "$WORK/s.csv" --blend "$WORK/lin.h5,$WORK/rob.h5" --blend-weights 1 -o "$WORK/x.h5"
expect_exit "blend: a missing model file is refused" 1 'nope.h5' \
    "$T" "$WORK/s.csv" --blend "$WORK/lin.h5,$WORK/nope.h5" -o "$WORK/x.h5"
"$T" -q "$WORK/s.csv" --arch linear --epochs 1 --horizon 2 -o "$WORK/h2.h5" >/dev/null
expect_exit "blend: models of different horizons are refused" 1 'part 1: its horizon is not the blend.s' \
    "$T" "$WORK/s.csv" --blend "$WORK/lin.h5,$WORK/h2.h5" -o "$WORK/x.h5"
check "blend: nothing is written when refused" [ ! -e "$WORK/x.h5" ]

# eval and sim load a blend like any model.
"$BIN/scaleahead-eval" --model "$WORK/b.h5" --data "$WORK/s.csv" >"$WORK/eval.out" 2>&1
check "blend: eval measures it on the test part beside the baselines" \
    sh -c "grep -q '^evaluation of blend' '$WORK/eval.out' && grep -qE '^model +[0-9.]+' '$WORK/eval.out'"
check "blend: sim replays it" sh -c "'$BIN/scaleahead-sim' --model '$WORK/b.h5' '$WORK/s.csv' >/dev/null 2>&1"
