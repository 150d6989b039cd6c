#!/bin/sh
# Prints "OPENBLAS_CORETYPE=NAME" when OpenBLAS would fall back to its
# generic SSE3 (Prescott) kernels on a CPU it does not recognise but that
# has AVX-512 or AVX2 — as Debian's OpenBLAS 0.3.21 does on recent Xeons,
# at a third of the speed. Prints nothing when the variable is already set
# or OpenBLAS knows the CPU. Used by `make train`, `make bench` and
# friends; tests and CI never set it.
[ -n "${OPENBLAS_CORETYPE:-}" ] && exit 0
flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null)
core=""
case " $flags " in
    *" avx512f "*) core=SkylakeX ;;
    *" avx2 "*) case " $flags " in *" fma "*) core=Haswell ;; esac ;;
esac
[ -n "$core" ] || exit 0
# Ask OpenBLAS what it picked on its own (the variable is unset here).
case $(sh "$(dirname "$0")/openblas_core.sh") in
    Prescott|prescott|Core2|core2|Katmai|Northwood) echo "OPENBLAS_CORETYPE=$core" ;;
esac
