#!/bin/sh
# valgrind.sh — a valgrind memcheck of one full small cycle: datagen, train,
# eval, predict, sim (and two refused inputs, whose error paths must not
# leak either). Exits non-zero when any run has an invalid read or write, a
# use of an uninitialised value in our code, or a leak "definitely lost" or
# "indirectly lost"; prints one line per run.
#
# The tools are built for it into build-vg/ and bin-vg/ with -O1 -g; the
# kernels run their AVX2 path (SCALEAHEAD_KERNEL=avx2, or generic where the
# CPU has no AVX2): valgrind cannot decode AVX-512. OPENBLAS_CORETYPE is
# left as the environment has it (the workplace sets it on CPUs where
# OpenBLAS needs it). Where OpenBLAS itself would pick AVX-512 kernels,
# which valgrind cannot run, only the tools that load no BLAS run under
# memcheck (datagen and the three predict runs, on a model the normal
# build trains), the line "valgrind.sh: partial: ..." says which were left
# out, and the exit status is that of those runs; with none left it exits 3
# (skipped). Usage: sh tools/valgrind.sh [WORKDIR]   (default: a temp dir)
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 1
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind.sh: valgrind is not installed (apt-get install valgrind)" >&2
    exit 2
fi
VB=build-vg
VBIN=$TOP/bin-vg
TOOLS="datagen train eval predict sim"
targets=
for t in $TOOLS; do targets="$targets bin-vg/scaleahead-$t"; done
make --no-print-directory -s -j2 B=$VB BIN=bin-vg OPT="-O1 -g" $targets >/dev/null || {
    echo "valgrind.sh: cannot build the tools into bin-vg/" >&2
    exit 2
}

. "$TOP/tools/work_dir.sh"
W=$DIR
export OPENBLAS_NUM_THREADS=1
if grep -q ' avx2 ' /proc/cpuinfo 2>/dev/null; then
    export SCALEAHEAD_KERNEL=avx2
else
    export SCALEAHEAD_KERNEL=generic
fi
blas_ok=1
case $(sh "$TOP/tools/openblas_core.sh") in
SkylakeX | Cooperlake | SapphireRapids) blas_ok=0 ;;
esac
status=0

# vg NAME EXPECTED_EXIT TOOL ARGS...: runs the tool under memcheck.
vg() {
    name=$1 want=$2 tool=$3
    shift 3
    valgrind -q --tool=memcheck --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
        --log-file="$W/vg-$name.log" \
        "$VBIN/scaleahead-$tool" "$@" >"$W/$name.out" 2>"$W/$name.err"
    rc=$?
    if [ "$rc" -eq "$want" ] && [ ! -s "$W/vg-$name.log" ]; then
        echo "valgrind $name: clean (exit $rc)"
    else
        status=1
        echo "valgrind $name: exit $rc (wanted $want); memcheck says: $(grep -m3 -E 'Invalid|uninitialised|definitely|indirectly|Process terminating' "$W/vg-$name.log" | tr '\n' ' ')"
        sed 's/^/    /' "$W/vg-$name.log" | head -40
    fi
}

TRAIN_ARGS="-q --data $W/m.csv --arch attention --hidden 4 --layers 2 --seq-len 8 --batch 32 --epochs 2 --threads 1 -o $W/m.h5"
vg datagen 0 datagen -q --profile seed --days 2 --seed 5 -o "$W/m.csv" --calendar-out "$W/cal.csv"
if [ $blas_ok = 1 ]; then
    # shellcheck disable=SC2086  # the arguments hold no spaces
    vg train 0 train $TRAIN_ARGS
    vg eval 0 eval -q --model "$W/m.h5" --json "$W/e.json" --threads 1
else
    # shellcheck disable=SC2086
    "$VBIN/scaleahead-train" $TRAIN_ARGS >"$W/train.out" 2>"$W/train.err" || {
        echo "valgrind.sh: scaleahead-train (not under valgrind) failed: $(head -c 200 "$W/train.err")" >&2
        exit 2
    }
fi
vg predict 0 predict -q --model "$W/m.h5" --threads 1 -o "$W/p.csv" "$W/m.csv"
vg predict-last 0 predict -q --model "$W/m.h5" --last -o "$W/p1.csv" "$W/m.csv"
if [ $blas_ok = 1 ]; then
    vg sim 0 sim -q --policy all --predictions "$W/p.csv" --calendar "$W/cal.csv" \
        --csv "$W/c.csv" --html "$W/r.html" "$W/m.csv"
fi
vg predict-bad-model 1 predict -q --model "$TOP/tests/bad/model/wrong_shape.h5" "$W/m.csv"
vg predict-bad-data 1 predict -q --model "$W/m.h5" "$TOP/tests/bad/csv/duplicate_timestamp.csv"
[ $blas_ok = 1 ] ||
    echo "valgrind.sh: partial: OpenBLAS runs AVX-512 kernels here, which valgrind cannot decode: train, eval and sim (which load it) left out"
exit $status
