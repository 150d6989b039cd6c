# t_model.sh — a model file written by scaleahead reads in h5dump and loads
# into PyTorch with the exact state_dict names and shapes (docs/design.md §7).
. "$TOP/tests/lib.sh"
PY=/usr/bin/python3
LOADER=$TOP/tests/parity/check_model_load.py

SA_MODEL_OUT=$WORK "$B/tests/test_model" >"$WORK/samples.log" 2>&1
check "sample models written" test -s "$WORK/lstm.h5" -a -s "$WORK/ensemble.h5"

h5dump -H "$WORK/lstm.h5" >"$WORK/lstm.dump" 2>&1
check "h5dump: /weights/lstm.weight_ih_l0 present" \
    grep -A 2 'DATASET "lstm.weight_ih_l0"' "$WORK/lstm.dump" -q
check "h5dump: shape (16, 3)" \
    sh -c "grep -A 2 'DATASET \"lstm.weight_ih_l0\"' '$WORK/lstm.dump' | grep -q 'H5T_IEEE_F32LE' &&
           grep -A 2 'DATASET \"lstm.weight_ih_l0\"' '$WORK/lstm.dump' | grep -q '( 16, 3 )'"
check "h5dump: bias is 1-D (16)" \
    sh -c "grep -A 2 'DATASET \"lstm.bias_hh_l0\"' '$WORK/lstm.dump' | grep -q 'SIMPLE { ( 16 ) / ( 16 ) }'"
check "h5dump: format attribute" \
    sh -c "h5dump -a /format '$WORK/lstm.h5' | grep -q '\"scaleahead-model\"'"
check "h5dump: ensemble members 0 and 1" \
    sh -c "h5dump -H '$WORK/ensemble.h5' | grep -q 'GROUP \"1\"'"

if $PY -c 'import torch, h5py' 2>/dev/null; then
    check "PyTorch loads lstm.h5 (strict state_dict)" \
        sh -c "$PY '$LOADER' '$WORK/lstm.h5' >'$WORK/py1' 2>&1 && grep -q 'loaded into torch (328 parameters)' '$WORK/py1'"
    check "PyTorch loads both ensemble members" \
        sh -c "$PY '$LOADER' '$WORK/ensemble.h5' --forward >'$WORK/py2' 2>&1 && [ \$(grep -c 'loaded into torch' '$WORK/py2') -eq 2 ]"
    for arch in robust linear; do
        "$BIN/scaleahead-train" -q --data "$DATA/metrics_small.csv" --arch $arch \
            --epochs 1 -o "$WORK/$arch.h5" >/dev/null 2>&1
        check "PyTorch loads a $arch model (highway, input stage) and runs it" \
            sh -c "$PY '$LOADER' '$WORK/$arch.h5' --forward >'$WORK/py_$arch' 2>&1 &&
                   grep -q 'highway.weight' '$WORK/py_$arch' && grep -q 'forward(0.5 window)' '$WORK/py_$arch'"
    done
    $PY "$LOADER" "$TOP/tests/bad/model/missing_tensor.h5" >"$WORK/py3" 2>&1
    rc=$?
    check "the loader exits 1 on a missing tensor" \
        sh -c "[ $rc -eq 1 ] && grep -q 'MISSING lstm.bias_hh_l1' '$WORK/py3'"
else
    ok "PyTorch checks skipped: no torch/h5py for $PY"
fi
