#!/bin/sh
# openblas_core.sh — the one OpenBLAS probe: prints the name of the kernel
# set OpenBLAS chooses on this machine (openblas_get_corename(): Haswell,
# SkylakeX, Prescott, ...), under the environment it runs in (so a set
# OPENBLAS_CORETYPE counts). Exits 1, printing nothing, when the probe
# cannot be compiled. tools/blas_core.sh and tools/valgrind.sh ask it.
dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
printf 'char *openblas_get_corename(void);\n#include <stdio.h>\nint main(void){puts(openblas_get_corename());return 0;}\n' >"$dir/c.c"
${CC:-cc} "$dir/c.c" -o "$dir/c" -lopenblas 2>/dev/null || exit 1
"$dir/c"
