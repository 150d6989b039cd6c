# t_kernel.sh — the kernel path chosen at run time (lib/base/kernel_path.h):
# --version names it, SCALEAHEAD_KERNEL forces a narrower one the CPU
# supports, a name that is no path or one the CPU cannot run is said once
# and ignored, and training on the generic path gives the same weights
# for 1 and 2 threads. (The kernels themselves are checked on every path
# against the naive references by test_fastpath, test_grad, test_parity
# and test_train.)
. "$TOP/tests/lib.sh"

version() { "$BIN/scaleahead-train" --version 2>"$WORK/err"; }
v=$(version)
check "--version names the kernel path ($v)" \
    sh -c "echo '$v' | grep -qE '^scaleahead-train [0-9.]+ \\(kernel (avx512|avx2|generic)\\)$'"
v=$(SCALEAHEAD_KERNEL=generic version)
check "SCALEAHEAD_KERNEL=generic is taken ($v)" sh -c "echo '$v' | grep -q '(kernel generic)$'"
default=$(version | sed 's/.*(kernel \(.*\))$/\1/')
v=$(SCALEAHEAD_KERNEL=sse9 version)
check "SCALEAHEAD_KERNEL=sse9: the default path, one note" \
    sh -c "echo '$v' | grep -q '(kernel $default)$' && [ \$(wc -l <'$WORK/err') -eq 1 ] &&
           grep -q 'SCALEAHEAD_KERNEL=sse9 is not a kernel path' '$WORK/err'"
if grep -q ' avx2 ' /proc/cpuinfo 2>/dev/null && grep -q ' fma ' /proc/cpuinfo; then
    v=$(SCALEAHEAD_KERNEL=avx2 version)
    check "SCALEAHEAD_KERNEL=avx2 is taken on a CPU with AVX2 and FMA ($v)" \
        sh -c "echo '$v' | grep -q '(kernel avx2)$'"
fi
if ! grep -q ' avx512f ' /proc/cpuinfo 2>/dev/null; then
    v=$(SCALEAHEAD_KERNEL=avx512 version)
    check "SCALEAHEAD_KERNEL=avx512 on a CPU without it: the default path, a note" \
        sh -c "echo '$v' | grep -q '(kernel $default)$' && grep -q 'cannot run it' '$WORK/err'"
fi

"$BIN/scaleahead-datagen" -q --profile seed --days 2 --seed 3 -o "$WORK/m.csv"
train() { SCALEAHEAD_KERNEL=generic "$BIN/scaleahead-train" -q --data "$WORK/m.csv" \
          --arch original --hidden 6 --layers 2 --seq-len 8 --epochs 2 "$@" >/dev/null; }
train --threads 1 -o "$WORK/a.h5" && train --threads 2 -o "$WORK/b.h5"
if command -v h5dump >/dev/null 2>&1; then
    h5dump -g /weights "$WORK/a.h5" | tail -n +2 >"$WORK/wa"
    h5dump -g /weights "$WORK/b.h5" | tail -n +2 >"$WORK/wb"
    check "generic path: 1 and 2 threads give identical weights" cmp -s "$WORK/wa" "$WORK/wb"
fi

# Portable: AVX and later instructions (ymm/zmm registers, VEX-encoded
# FMA) appear only in the kernels chosen at run time, never in code every
# CPU runs; a -march=native build fails this on an AVX machine.
if command -v objdump >/dev/null 2>&1; then
    objdump -d --no-show-raw-insn "$BIN/scaleahead-train" | awk '
        /^[0-9a-f]+ <.*>:$/ { fn = $2 }
        /%[yz]mm|vfmadd/ { n[fn]++ }
        END { for (f in n) print f }' | sort >"$WORK/avx_functions"
    check "scaleahead-train: AVX instructions only in the dispatched kernels ($(tr '\n' ' ' <"$WORK/avx_functions"))" \
        sh -c "! grep -vxE '<(gemm_nn_kernel|cell_forward|cell_infer|cell_backward)>:' '$WORK/avx_functions' >/dev/null && [ -s '$WORK/avx_functions' ]"
fi
