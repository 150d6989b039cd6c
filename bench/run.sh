#!/bin/sh
# bench/run.sh — what `make bench` runs (after building the library and the
# tools and `make bench-tools`, which builds the programs of bench/ into
# $B/bench/ with the Makefile's flags): measures every figure, prints one line per figure
#     bench: NAME VALUE UNIT   [target: met | missed by N% | info]
# and writes them to bench/results.csv
# (machine,kernel,blas_core,name,value,unit,target,status) after comment
# lines describing the run. Each figure is the median of several runs after
# a warm-up (see each program). A figure whose tool or library piece is
# missing is reported as "bench: NAME skipped (reason)".
#
# Row sets: every row names the CPU model, the kernel path of the dispatch
# (lib/base/kernel_path.h) and the OpenBLAS core it ran with. The widest
# path the CPU has is measured in full; then the kernel figures (GEMM peak,
# step product, training, inference, predict --last, PyTorch) again on each
# narrower path the CPU supports, forced with SCALEAHEAD_KERNEL and the
# OpenBLAS core of such a machine (avx2: Haswell; generic: Nehalem), to show
# their relative speed (BENCH_PATHS=0: the widest only). Rows of other
# machines or paths already in the file are kept; this run's replace theirs.
#
# Environment: BIN (tools, default bin), B (objects, default build),
# CC (default cc), BENCH_OUT (default bench/results.csv), BENCH_TORCH=0 to
# leave out the PyTorch comparison, BENCH_PYTHON (default /usr/bin/python3).
set -u
BIN=${BIN:-bin}
B=${B:-build}
CC=${CC:-cc}
PY=${BENCH_PYTHON:-/usr/bin/python3}
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 1
OUT=${BENCH_OUT:-bench/results.csv}
BB=$B/bench
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
CSV=$TMP/results.csv
NOTES=$TMP/notes
: >"$CSV"
: >"$NOTES"
START=$(date +%s)

note() { echo "# $*" >>"$NOTES"; }

# The row set figures are recorded under (record): set by row_set.
MACHINE=$(grep -m1 'model name' /proc/cpuinfo | sed 's/^[^:]*: *//; s/,/;/g')
KERNEL="" BLASCORE=""
: >"$TMP/sets"

# build NAME: the bench program $BB/NAME, built by `make bench-tools`; 0 when
# it is there, else the reason is kept in $TMP/why.
build() {
    [ -x "$BB/$1" ] && return 0
    echo "$BB/$1 not built (make bench-tools)" >"$TMP/why"
    return 1
}

# target_of NAME: prints "OP VALUE" (>= or <) for figures with a target.
target_of() {
    case $1 in
        eff_train_*) echo ">= 0.6" ;;
        ratio_train_* | ratio_infer_*) echo ">= 2" ;;
        predict_last_ms | predict_last_steps12_ms) echo "< 10" ;;
        train_steps12_vs_1_*) echo "< 1.5" ;;
        train_peak_rss_15d_mb) echo "< 40" ;;
        fleet_peak_rss_mb) echo "< 200" ;;
        fleet_predict_last_ms_per_series) echo "< 3.3" ;;
        datagen_rows_s) echo ">= 1000000" ;;
        features_rows_s) echo ">= 5000000" ;;
        info_*) echo "info" ;;
        *) echo "" ;;
    esac
}

# record NAME VALUE UNIT: prints the figure with its target status and adds
# it to the CSV; the value is also kept in $TMP/v.NAME for later ratios.
record() {
    name=$1 value=$2 unit=$3
    echo "$value" >"$TMP/v.$name"
    tgt=$(target_of "$name")
    status=""
    case $tgt in
        "") ;;
        info) status="info" ;;
        *)
            status=$(echo "$value $tgt" | awk '{
                v = $1; op = $2; t = $3
                if (op == ">=") { if (v >= t) print "target met"; else printf "missed by %.0f%%\n", (1 - v / t) * 100 }
                else { if (v < t) print "target met"; else printf "missed by %.0f%%\n", (v / t - 1) * 100 }
            }') ;;
    esac
    if [ -n "$status" ] && [ "$status" != info ]; then
        printf 'bench: %s %s %s   (target %s: %s)\n' "$name" "$value" "$unit" "$tgt" "$status"
    elif [ "$status" = info ]; then
        printf 'bench: %s %s %s   (info)\n' "$name" "$value" "$unit"
    else
        printf 'bench: %s %s %s\n' "$name" "$value" "$unit"
    fi
    [ "$tgt" = info ] && tgt=""
    echo "$MACHINE,$KERNEL,$BLASCORE,$name,$value,$unit,$tgt,$status" >>"$CSV"
}

# skip NAME REASON
skip() {
    echo "bench: $1 skipped ($2)"
    echo "$MACHINE,$KERNEL,$BLASCORE,$1,,,$(target_of "$1"),skipped: $(echo "$2" | tr ',' ';')" >>"$CSV"
}

# collect PREFIX CMD...: runs a bench program; its "bench: NAME VALUE UNIT"
# lines are recorded (names prefixed by PREFIX), its "#" lines kept as
# notes. Returns the program's status.
collect() {
    prefix=$1
    shift
    "$@" >"$TMP/run.out" 2>"$TMP/run.err"
    rc=$?
    grep '^#' "$TMP/run.out" | sed 's/^# *//' | while IFS= read -r l; do note "$l"; done
    grep '^bench: ' "$TMP/run.out" >"$TMP/run.lines"
    while read -r _ n v u; do
        record "$prefix$n" "$v" "$u"
    done <"$TMP/run.lines"
    [ $rc -ne 0 ] && sed 's/^/    /' "$TMP/run.err" | tail -3 >&2
    return $rc
}

# div A B [SCALE]: A / B * SCALE with 4 significant digits.
div() { awk -v a="$1" -v b="$2" -v s="${3:-1}" 'BEGIN { printf "%.4g\n", a / b * s }'; }

# median: the median of the numbers on stdin, one a line.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

tool() { [ -x "$BIN/scaleahead-$1" ]; }

# ---- the machine ---------------------------------------------------------
CPU=$(grep -m1 'model name' /proc/cpuinfo | sed 's/^[^:]*: *//')
note "machine: $CPU, $(nproc) online CPUs, $(uname -sr)"
note "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
note "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
note "compiler: $($CC --version | head -1)"
note "OPENBLAS_CORETYPE: ${OPENBLAS_CORETYPE:-unset}"

build runchild || { echo "bench: cannot build bench/runchild.c: $(cat "$TMP/why")" >&2; exit 1; }

note "FLOP convention: per sequence forward = sum over layers of T*2*4H*(in_k + H) + attention 4*T*H + head 2*H*D + 2*D; training = 3 x forward (backward counted as 2 x forward); element-wise work not counted"
note "training: train_run (shuffle, batch split over all CPUs with single-threaded BLAS, dropout, backward, clip 1.0, Adam), one epoch of 384 random windows (6 batches) per timed run"
TORCH=1
if [ "${BENCH_TORCH:-1}" = 0 ]; then
    TORCH=0 WHY_NO_TORCH="BENCH_TORCH=0"
elif ! "$PY" -c 'import torch' 2>/dev/null; then
    TORCH=0 WHY_NO_TORCH="$PY cannot import torch"
else
    note "PyTorch: $("$PY" -c 'import torch; print(torch.__version__)'), same presets, MSE + Adam + clip_grad_norm_, best of torch.set_num_threads(1) and ($(nproc)); on a forced path with ATEN_CPU_CAPABILITY of that path (avx2, default)"
fi
HAVE_TRAIN=0 HAVE_INFER=0
build bench_train && HAVE_TRAIN=1 || cp "$TMP/why" "$TMP/why_train"
build bench_infer && HAVE_INFER=1 || cp "$TMP/why" "$TMP/why_infer"
if tool datagen; then
    "$BIN/scaleahead-datagen" -q --days 15 --seed 42 -o "$TMP/d15.csv"
fi

# row_set: names the row set of the environment as it is now: the kernel
# path scaleahead-train reports and the OpenBLAS core sgemm_peak reports.
row_set() {
    KERNEL=$("$BIN/scaleahead-train" --version 2>/dev/null | sed -n 's/.*(kernel \(.*\))$/\1/p')
    KERNEL=${KERNEL:-unknown}
    BLASCORE=unknown
    if build sgemm_peak; then
        "$BB/sgemm_peak" 64 >"$TMP/core.out" 2>/dev/null
        BLASCORE=$(sed -n 's/^# openblas core: //p' "$TMP/core.out")
    fi
    echo "$MACHINE,$KERNEL,$BLASCORE" >>"$TMP/sets"
    note "row set $MACHINE / kernel $KERNEL / OpenBLAS $BLASCORE: $1"
}

# kernel_figures: everything the kernel path and the BLAS core change.
kernel_figures() {
    # ---- sgemm peak --------------------------------------------------------
    if build sgemm_peak; then
        collect "" "$BB/sgemm_peak" 1024
    else
        skip sgemm_peak "$(cat "$TMP/why")"
    fi
    PEAK=$(cat "$TMP/v.sgemm_peak" 2>/dev/null || echo "")
    # ---- the LSTM's per-step product: gemm_nn against OpenBLAS ---------------
    if build bench_step; then
        collect "" "$BB/bench_step" 16 128
    else
        skip step_gemm_kernel_gflops "$(cat "$TMP/why")"
    fi
    # ---- training and inference, and PyTorch on the same networks ---------
    # Each preset's own figures and PyTorch's are taken one after the other,
    # so a change in the machine's load between them weighs less on the ratios.
    for arch in optimized attention; do
        arch_figures "$arch"
    done
    predict_last
    for arch in robust attention auto; do
        path_cost "$arch"
    done
}

# arch_figures ARCH: training and inference of one preset, PyTorch's, ratios.
arch_figures() {
    arch=$1
    if [ $HAVE_TRAIN = 1 ]; then
        if collect "" "$BB/bench_train" "$arch" 384 && [ -n "$PEAK" ]; then
            record "eff_train_$arch" "$(div "$(cat "$TMP/v.train_${arch}_gflops")" "$PEAK")" "of_sgemm_peak"
        fi
    else
        skip "train_${arch}_seq_s" "$(cat "$TMP/why_train")"
    fi
    if [ $HAVE_INFER = 1 ]; then
        collect "" "$BB/bench_infer" "$arch" 1024
    else
        skip "infer_${arch}_win_s" "$(cat "$TMP/why_infer")"
    fi
    if [ $TORCH = 0 ]; then
        skip "torch_$arch" "$WHY_NO_TORCH"
        return
    fi
    collect "" "$PY" bench/torch_bench.py --arch "$arch" --threads "1,$(nproc)"
    for kind in train infer; do
        unit=$([ $kind = train ] && echo seq_s || echo win_s)
        ours=$TMP/v.${kind}_${arch}_$unit theirs=$TMP/v.torch_${kind}_${arch}_$unit
        if [ -s "$ours" ] && [ -s "$theirs" ]; then
            record "ratio_${kind}_$arch" "$(div "$(cat "$ours")" "$(cat "$theirs")")" "x"
        else
            skip "ratio_${kind}_$arch" "a figure is missing"
        fi
        rm -f "$ours" "$theirs"
    done
}

# time_predict MODEL TIMES: 10 timed runs of predict --last on 15 days
# after a warm-up, their wall times into TIMES; PRED_RSS the peak memory.
time_predict() {
    for r in 0 1 2 3 4 5 6 7 8 9 10; do
        "$BB/runchild" "$BIN/scaleahead-predict" -q --model "$1" --last "$TMP/d15.csv" \
            >"$TMP/pred.out" 2>"$TMP/pred.err"
        [ $r -gt 0 ] && cut -d' ' -f1 "$TMP/pred.out"
        [ $r -eq 1 ] && PRED_RSS=$(cut -d' ' -f2 "$TMP/pred.out")
    done >"$2"
}

# predict_last: scaleahead-predict --last on 15 days, whole process.
predict_last() {
    if ! tool train || ! tool predict || ! tool datagen; then
        skip predict_last_ms "needs scaleahead-datagen, -train and -predict in $BIN"
        return
    fi
    # a model of the attention preset's shape, trained briefly on 400 rows
    head -n 400 "$TMP/d15.csv" >"$TMP/small.csv"
    if ! "$BIN/scaleahead-train" -q --data "$TMP/small.csv" --arch attention --epochs 1 \
        -o "$TMP/model.h5" >"$TMP/train.out" 2>"$TMP/train.err"; then
        skip predict_last_ms "scaleahead-train failed: $(head -c 200 "$TMP/train.err")"
        return
    fi
    time_predict "$TMP/model.h5" "$TMP/pred.times"
    record predict_last_ms "$(div "$(median <"$TMP/pred.times")" 1 1000)" "ms"
    record predict_last_min_ms "$(sort -g "$TMP/pred.times" | head -1 | awk '{ print $1 * 1000 }')" "ms"
    record predict_last_peak_rss_mb "$(div "${PRED_RSS:-0}" 1024)" "MB"
    # the same with a forecast path of 12 steps (issue 23): 12 rows, 12 intervals
    if ! "$BIN/scaleahead-train" -q --data "$TMP/small.csv" --arch attention --epochs 1 --steps 12 \
        -o "$TMP/model12.h5" >"$TMP/train.out" 2>"$TMP/train.err"; then
        skip predict_last_steps12_ms "scaleahead-train --steps 12 failed: $(head -c 200 "$TMP/train.err")"
        return
    fi
    time_predict "$TMP/model12.h5" "$TMP/pred12.times"
    record predict_last_steps12_ms "$(div "$(median <"$TMP/pred12.times")" 1 1000)" "ms"
}

# path_cost ARCH: whole-process time of scaleahead-train for a 12-step path
# against one step, same preset (or auto, the default of a path), data and
# epochs (issue 23.8).
path_cost() {
    arch=$1
    tool train || { skip "train_steps12_vs_1_$arch" "needs scaleahead-train in $BIN"; return; }
    for steps in 1 12; do
        for r in 0 1 2 3; do   # run 0 is the warm-up
            res=$("$BB/runchild" "$BIN/scaleahead-train" -q --data "$TMP/d15.csv" --arch "$arch" \
                --epochs 3 --patience 100 --steps $steps -o "$TMP/cost.h5" 2>"$TMP/train.err")
            [ "$(echo "$res" | cut -d' ' -f3)" = 0 ] || { echo fail; break; }
            [ $r -gt 0 ] && echo "$res" | cut -d' ' -f1
        done >"$TMP/cost$steps.times"
    done
    if grep -q fail "$TMP/cost1.times" "$TMP/cost12.times"; then
        skip "train_steps12_vs_1_$arch" "scaleahead-train failed: $(head -c 200 "$TMP/train.err")"
        return
    fi
    one=$(median <"$TMP/cost1.times") twelve=$(median <"$TMP/cost12.times")
    record "train_steps1_${arch}_s" "$one" "s"
    record "train_steps12_${arch}_s" "$twelve" "s"
    record "train_steps12_vs_1_$arch" "$(div "$twelve" "$one")" "x"
}
note "predict --last --steps 12: the same with an attention-preset model of a 12-step path (12 rows and intervals)"
note "path cost: scaleahead-train --arch ARCH --epochs 3 --patience 100 on the 15-day CSV, --steps 12 against --steps 1, whole-process wall time (data, training, calibration, test), median of 3 after a warm-up"
note "predict --last: attention-preset model, 15-day CSV (4320 rows), whole-process wall time, median (and minimum) of 10 after a warm-up"
note "step product: pre (16, 512) += h (16, 128) . w_hh^T, 1 thread: gemm_nn (lib/kernel/gemm.h, the active kernel path), cblas_sgemm NN on the transposed weights, cblas_sgemm NT (what lstm.c called before gemm_nn)"

# ---- the widest path, as the tools run by default -------------------------
row_set "as the tools run by default"
kernel_figures
NATIVE_KERNEL=$KERNEL NATIVE_CORE=$BLASCORE

# A DYNAMIC_ARCH OpenBLAS that does not recognise the CPU falls back to an
# old generic kernel (make bench sets OPENBLAS_CORETYPE through
# tools/blas_core.sh; a direct run may not): say so.
case $NATIVE_CORE in
    Prescott | Core2 | Nehalem | Penryn | Dunnington | Atom | Katmai | Coppermine | Northwood | Banias)
        note "OpenBLAS picked the generic '$NATIVE_CORE' kernels; make bench sets OPENBLAS_CORETYPE (tools/blas_core.sh)" ;;
esac

# ---- data tools (no kernel inside) -----------------------------------------
if tool datagen; then
    for r in 0 1 2 3 4 5; do   # run 0 is the warm-up
        t=$("$BB/runchild" "$BIN/scaleahead-datagen" -q --days 365 --seed 42 -o "$TMP/d365.csv" 2>/dev/null | cut -d' ' -f1)
        [ $r -gt 0 ] && echo "$t"
    done >"$TMP/datagen.times" 2>/dev/null
    ROWS=$(($(wc -l <"$TMP/d365.csv") - 1))
    note "datagen: --days 365, $ROWS rows, whole-process wall time"
    record datagen_rows_s "$(div "$ROWS" "$(median <"$TMP/datagen.times")")" "rows/s"
else
    skip datagen_rows_s "no $BIN/scaleahead-datagen"
fi
if build bench_features; then
    collect "" "$BB/bench_features" 1000000
else
    skip features_rows_s "$(cat "$TMP/why")"
fi

# ---- training memory -------------------------------------------------------
if ! tool train || ! tool datagen; then
    skip train_peak_rss_15d_mb "needs scaleahead-datagen and -train in $BIN"
    skip train_peak_rss_365d_mb "needs scaleahead-datagen and -train in $BIN"
else
    # peak resident memory of training the optimized preset for one epoch;
    # the 365-day run is interrupted (SIGINT: stop after this batch, then
    # validate, test and save as usual) to keep the bench short
    for days in 15 365; do
        int=""
        [ $days = 365 ] && int="-i 3"
        res=$("$BB/runchild" $int "$BIN/scaleahead-train" -q --data "$TMP/d$days.csv" \
            --arch optimized --epochs 1 -o "$TMP/m$days.h5" 2>"$TMP/train.err")
        # interrupted on purpose, train exits 1 after saving (a tool that did
        # not finish never exits 0); its peak memory is measured all the same
        if [ "$(echo "$res" | cut -d' ' -f3)" = 0 ] ||
            { [ -n "$int" ] && grep -q 'interrupted' "$TMP/train.err"; }; then
            record "train_peak_rss_${days}d_mb" "$(div "$(echo "$res" | cut -d' ' -f2)" 1024)" "MB"
        else
            skip "train_peak_rss_${days}d_mb" "scaleahead-train failed: $(head -c 200 "$TMP/train.err")"
        fi
    done
    note "training memory: scaleahead-train --arch optimized --epochs 1 on datagen output (365 days: SIGINT after 3 s, then validation, test and save), ru_maxrss"
fi

# ---- fleets ----------------------------------------------------------------
# train --fleet --global on a synthetic fleet (datagen --fleet: 8 series of
# 14 to 11 days, 5-minute steps), on one thread and on every CPU: series a
# second and the scaling; its peak memory; predict --fleet --last. The
# issue-24 targets on real VMs are bench/fleet_targets.sh's (make fleet-targets).
if tool train && tool datagen && tool predict; then
    "$BIN/scaleahead-datagen" -q --fleet 8 --days 14 --seed 5 -o "$TMP/fleet"
    for threads in 1 $(nproc); do
        rm -rf "$TMP/fleet_out"
        res=$("$BB/runchild" "$BIN/scaleahead-train" -q --fleet "$TMP/fleet" --global \
            --threads "$threads" -o "$TMP/fleet_out" 2>"$TMP/fleet.err")
        wall=$(echo "$res" | cut -d' ' -f1)
        echo "$wall" >"$TMP/fleet_wall_$threads"
        [ "$threads" = 1 ] && record fleet_series_s_1thread "$(div 8 "$wall")" "series/s"
    done
    if [ "$(echo "$res" | cut -d' ' -f3)" = 0 ]; then
        record fleet_series_s "$(div 8 "$(cat "$TMP/fleet_wall_$(nproc)")")" "series/s"
        record info_fleet_scaling "$(div "$(cat "$TMP/fleet_wall_1")" "$(cat "$TMP/fleet_wall_$(nproc)")")" "x ($(nproc) threads / 1)"
        record fleet_peak_rss_mb "$(div "$(echo "$res" | cut -d' ' -f2)" 1024)" "MB"
        for r in 0 1 2 3 4 5; do
            t=$("$BB/runchild" "$BIN/scaleahead-predict" -q --fleet "$TMP/fleet_out" --last \
                "$TMP/fleet" -o "$TMP/fleet_last.csv" | cut -d' ' -f1)
            [ $r -gt 0 ] && echo "$t"
        done >"$TMP/fleet_last.times"
        record fleet_predict_last_ms_per_series "$(div "$(median <"$TMP/fleet_last.times")" 8 1000)" "ms"
        note "fleets: datagen --fleet 8 --days 14 (8 series of 14 to 11 days), train --fleet --global (auto: linear + baselines + the global model, its tuned copy, and the blends of each with the series' own choice) whole-process wall on 1 and $(nproc) threads, peak RSS; predict --fleet --last, median of 5"
    else
        skip fleet_series_s "train --fleet failed: $(head -c 200 "$TMP/fleet.err")"
    fi
else
    skip fleet_series_s "needs scaleahead-datagen, -train and -predict in $BIN"
fi

# ---- the narrower paths this CPU also runs, forced ------------------------
if [ "${BENCH_PATHS:-1}" != 0 ]; then
    for path in avx2 generic; do
        [ "$path" = "$NATIVE_KERNEL" ] && continue
        [ "$NATIVE_KERNEL" = generic ] && break
        [ "$path" = avx2 ] && [ "$NATIVE_KERNEL" != avx512 ] && continue
        core=$([ $path = avx2 ] && echo Haswell || echo Nehalem)
        aten=$([ $path = avx2 ] && echo avx2 || echo default)
        export SCALEAHEAD_KERNEL=$path OPENBLAS_CORETYPE=$core ATEN_CPU_CAPABILITY=$aten
        row_set "forced on this CPU (SCALEAHEAD_KERNEL=$path OPENBLAS_CORETYPE=$core ATEN_CPU_CAPABILITY=$aten), as a machine without the wider sets would run"
        kernel_figures
        unset SCALEAHEAD_KERNEL OPENBLAS_CORETYPE ATEN_CPU_CAPABILITY
    done
fi

# ---- results.csv -----------------------------------------------------------
# Rows of row sets this run did not measure stay; the header lines describe
# this run.
note "bench wall time: $(($(date +%s) - START)) s; load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
{
    cat "$NOTES"
    echo "machine,kernel,blas_core,name,value,unit,target,status"
    if [ -f "$OUT" ]; then
        grep -v '^#' "$OUT" | tail -n +2 | awk -F, 'NR == FNR { mine[$0] = 1; next }
            !(($1 "," $2 "," $3) in mine)' "$TMP/sets" -
    fi
    cat "$CSV"
} >"$TMP/out.csv" && mv "$TMP/out.csv" "$OUT"
echo "bench: wrote $OUT ($(wc -l <"$CSV") figures; row sets: $(cut -d, -f2,3 "$TMP/sets" | tr '\n' ' '))"
