#!/bin/sh
# t_links.sh — which shared libraries each tool loads. scaleahead-predict
# only forecasts: it must not load OpenBLAS or LAPACKE (with them its
# `--last` took 3 ms longer: docs/performance.md), so no forward-only file
# may call BLAS (lib/nn/net_forward.c, lstm_infer.c; docs/development.md "Source map").
# The training tool must still load OpenBLAS, which shows the check reads
# the right thing.
. "$TOP/tests/lib.sh"

# needed TOOL: the shared libraries TOOL's binary names (DT_NEEDED).
needed() {
    readelf -d "$BIN/scaleahead-$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'
}

if ! command -v readelf >/dev/null 2>&1; then
    ok "skip links (no readelf)"
    exit 0
fi
predict=$(needed predict)
train=$(needed train)
check "predict links libraries (readelf works)" [ -n "$predict" ]
check "predict loads no OpenBLAS/BLAS ($(echo $predict))" \
    sh -c "! echo '$predict' | grep -qiE 'blas'"
check "predict loads no LAPACK/LAPACKE" sh -c "! echo '$predict' | grep -qiE 'lapack'"
check "train loads OpenBLAS (the check sees BLAS where it is)" \
    sh -c "echo '$train' | grep -qiE 'openblas'"
