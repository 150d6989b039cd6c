# t_ensemble.sh — ensembles and grid search end to end on a small file:
# members in the file, concurrent runs equal to sequential ones, the band in
# predict, coverage in eval, the grid table.
. "$TOP/tests/lib.sh"

"$BIN/scaleahead-datagen" --profile seed --days 3 --seed 11 -o "$WORK/m.csv" 2>/dev/null
ens() { "$BIN/scaleahead-train" -q --data "$WORK/m.csv" --ensemble --members 1,4 --epochs 1 \
        --seq-len 12 "$@"; }
ens --threads 1 -o "$WORK/seq.h5" >"$WORK/train.out"
ens --threads 2 -o "$WORK/par.h5" >/dev/null
check "ensemble: the summary lists both members" [ "$(grep -c '^member[14] ' "$WORK/train.out")" -eq 2 ]
if command -v h5dump >/dev/null 2>&1; then
    h5dump -H "$WORK/seq.h5" >"$WORK/dump"
    check "ensemble: /members/0 and /members/1 in the file, no /members/2" \
        sh -c "grep -q 'GROUP \"1\"' '$WORK/dump' && ! grep -q 'GROUP \"2\"' '$WORK/dump'"
    check "ensemble: member 1 is the seed's (96 hidden): weight_hh_l0 is (384, 96)" \
        sh -c "h5dump -H -d /members/0/weights/lstm.weight_hh_l0 '$WORK/seq.h5' | grep -q '( 384, 96 )'"
    h5dump -g /members "$WORK/seq.h5" | tail -n +2 >"$WORK/a"
    h5dump -g /members "$WORK/par.h5" | tail -n +2 >"$WORK/b"
    check "ensemble: members trained concurrently equal members trained one by one" cmp -s "$WORK/a" "$WORK/b"
fi

"$BIN/scaleahead-predict" --model "$WORK/seq.h5" "$WORK/m.csv" >"$WORK/p.csv"
check "predict: an ensemble adds std, lower, upper" \
    [ "$(head -1 "$WORK/p.csv")" = "timestamp,actual,predicted,std,lower,upper,decision" ]
check "predict: the conformal interval lies around the mean, symmetric" awk -F, '
    NR > 1 { if ($5 > $3 || $6 < $3 || (($3 - $5) - ($6 - $3)) ^ 2 > 1e-6) bad = 1 }
    END { exit bad }' "$WORK/p.csv"

"$BIN/scaleahead-eval" --model "$WORK/seq.h5" --json "$WORK/ev.json" --plots "$WORK/plots" >"$WORK/ev.out"
check "eval: each member and the ensemble are reported" \
    sh -c "grep -q '^member_0 ' '$WORK/ev.out' && grep -q '^member_1 ' '$WORK/ev.out' && grep -q '^ensemble ' '$WORK/ev.out'"
check "eval: the band's coverage is reported against its nominal 90%" grep -q "coverage .*(nominal 90.0%)" "$WORK/ev.out"
check "eval: the JSON carries the band" grep -q '"ensemble_band"' "$WORK/ev.json"
check "eval: the band plot is written" [ -s "$WORK/plots/ensemble_band.gp" ]

"$BIN/scaleahead-train" -q --data "$WORK/m.csv" --grid --grid-limit 3 --epochs 1 --seq-len 12 \
    -o "$WORK/grid.h5" >"$WORK/grid.out"
check "grid: the table ranks the three configurations" [ "$(grep -cE '^[123],' "$WORK/grid.out")" -eq 3 ]
check "grid: ranked by best validation loss" awk -F, '
    /^[0-9]+,/ { if (NR > 1 && seen && $9 + 0 < last) bad = 1; last = $9 + 0; seen = 1 }
    END { exit bad }' "$WORK/grid.out"
if command -v h5dump >/dev/null 2>&1; then
    check "grid: the table is saved in the file as /grid" sh -c "h5dump -d /grid '$WORK/grid.h5' | grep -q 'best_val_loss'"
fi
expect_exit "ensemble: --members out of range" 2 "member" "$BIN/scaleahead-train" --data "$WORK/m.csv" --ensemble --members 7
expect_exit "ensemble: --weighted without --ensemble" 2 "need --ensemble" "$BIN/scaleahead-train" --data "$WORK/m.csv" --weighted

ens --threads 2 --weighted -o "$WORK/w.h5" >/dev/null
"$BIN/scaleahead-eval" --model "$WORK/w.h5" >"$WORK/w.out"
check "eval: --weighted shows the weighted and the equal-weight ensemble" \
    sh -c "grep -q '^ensemble_weighted ' '$WORK/w.out' && grep -q '^ensemble_equal ' '$WORK/w.out'"
if command -v h5dump >/dev/null 2>&1; then
    check "ensemble: weights by inverse validation MSE sum to 1" sh -c "
        h5dump -a /members/0/weight '$WORK/w.h5' | awk '/\(0\)/ {print \$2}' >'$WORK/w0'
        h5dump -a /members/1/weight '$WORK/w.h5' | awk '/\(0\)/ {print \$2}' >'$WORK/w1'
        awk -v a=\$(cat '$WORK/w0') -v b=\$(cat '$WORK/w1') 'BEGIN { exit !(a != b && (a + b - 1) ^ 2 < 1e-12) }'"
fi
