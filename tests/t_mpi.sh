# t_mpi.sh — scale-out under Open MPI with the MPI build (bin-mpi/): the
# jobs of an ensemble and of a grid dealt to 2 ranks, and one model trained
# data-parallel on 2 ranks, each against the single-process run of the
# default build with the same seeds. Skipped where Open MPI is absent.
. "$TOP/tests/lib.sh"
: "${MPI_BIN:=bin-mpi}"

# The files are compared bit for bit with the default build's, which under
# SAN=1 is built differently (-O1, no -march=native: other rounding); the
# MPI build is never sanitized, so these run in the plain pass only.
case $B in
*-san*) ok "mpi tests skipped under SAN=1 (they compare against the plain build)"; exit 0 ;;
esac

if ! command -v mpirun >/dev/null 2>&1 || ! command -v h5dump >/dev/null 2>&1; then
    ok "mpi tests skipped (no mpirun)"
    exit 0
fi
if [ ! -x "$MPI_BIN/scaleahead-train" ]; then # make test builds it where mpicc is
    ok "mpi tests skipped (no $MPI_BIN/scaleahead-train: make MPI=1 needs mpicc)"
    exit 0
fi
root=""
[ "$(id -u)" -eq 0 ] && root="--allow-run-as-root"
mpi2() { mpirun $root --oversubscribe -np 2 "$MPI_BIN/scaleahead-train" "$@"; }

# same_within FILE_A FILE_B TOL: the /weights of both files, token by
# token, equal words and numbers within TOL.
same_within() {
    h5dump -m %.9g -y -w 0 -g /weights "$1" | tail -n +2 | tr -s ' ,{}()/' '\n' >"$WORK/wa"
    h5dump -m %.9g -y -w 0 -g /weights "$2" | tail -n +2 | tr -s ' ,{}()/' '\n' >"$WORK/wb"
    [ "$(wc -l <"$WORK/wa")" -eq "$(wc -l <"$WORK/wb")" ] && [ "$(wc -l <"$WORK/wa")" -gt 100 ] &&
        paste "$WORK/wa" "$WORK/wb" | awk -F'\t' -v tol="$3" '
            $1 ~ /^-?[0-9.]+(e[-+]?[0-9]+)?$/ { d = $1 - $2; if (d > tol || -d > tol) bad = 1; next }
            $1 != $2 { bad = 1 }
            END { exit bad }'
}

"$BIN/scaleahead-datagen" --profile seed --days 3 --seed 11 -o "$WORK/m.csv" 2>/dev/null

# Ensemble: member 1 on rank 0, member 4 on rank 1, gathered by rank 0.
ens="--data $WORK/m.csv --ensemble --members 1,4 --epochs 1 --seq-len 12 --threads 1"
"$BIN/scaleahead-train" -q $ens -o "$WORK/ens1.h5" >/dev/null
mpi2 $ens -o "$WORK/ens2.h5" >"$WORK/ens2.out" 2>"$WORK/ens2.err"
check "mpi ensemble: 2 ranks write the file" [ -s "$WORK/ens2.h5" ]
content "$WORK/ens1.h5" >"$WORK/a"
content "$WORK/ens2.h5" >"$WORK/b"
check "mpi ensemble: the file equals the single-process one (but for created)" \
    sh -c "grep -q 'GROUP \"1\"' '$WORK/b' && cmp -s '$WORK/a' '$WORK/b'"
check "mpi ensemble: one summary, from rank 0" [ "$(grep -c 'model written to' "$WORK/ens2.out")" -eq 1 ]
check "mpi ensemble: rank 1 prints no progress (only rank 0's member 1/2)" \
    sh -c "grep -q 'ensemble 1/2' '$WORK/ens2.err' && ! grep -q 'ensemble 2/2' '$WORK/ens2.err'"

# Grid: points 0 and 2 on rank 0, point 1 on rank 1.
grid="--data $WORK/m.csv --grid --grid-limit 3 --epochs 1 --seq-len 12 --threads 1 -q"
"$BIN/scaleahead-train" $grid -o "$WORK/grid1.h5" >/dev/null
mpi2 $grid -o "$WORK/grid2.h5" >"$WORK/grid2.out" 2>&1
content "$WORK/grid1.h5" >"$WORK/a"
content "$WORK/grid2.h5" >"$WORK/b"
check "mpi grid: the file equals the single-process one (but for created and seconds)" \
    sh -c "grep -q '^ *3,[0-9],96,2,' '$WORK/b' && cmp -s '$WORK/a' '$WORK/b'"
check "mpi grid: the table ranks all three points" [ "$(grep -cE '^[123],' "$WORK/grid2.out")" -eq 3 ]

# Data-parallel: batch 32 is two chunks of 16, one per rank; batch 48 with
# dropout puts chunks 0 and 2 on rank 0 and chunk 1 on rank 1.
dp="--data $WORK/m.csv --arch original --hidden 8 --layers 1 --seq-len 12"
"$BIN/scaleahead-train" $dp -q --epochs 2 --threads 1 -o "$WORK/dp1.h5" >/dev/null
mpi2 $dp -q --epochs 2 --threads 1 --data-parallel -o "$WORK/dp2.h5" >/dev/null 2>&1
check "mpi data-parallel: weights equal the single-process run within 1e-5" \
    same_within "$WORK/dp1.h5" "$WORK/dp2.h5" 1e-5
content "$WORK/dp1.h5" >"$WORK/a"
content "$WORK/dp2.h5" >"$WORK/b"
check "mpi data-parallel: the whole file is bit-identical too" cmp -s "$WORK/a" "$WORK/b"
dp3="$dp -q --epochs 2 --layers 2 --dropout 0.2 --batch 48"
"$BIN/scaleahead-train" $dp3 --threads 2 -o "$WORK/dp3.h5" >/dev/null
mpi2 $dp3 --threads 2 --data-parallel -o "$WORK/dp4.h5" >/dev/null 2>&1
check "mpi data-parallel: 3 chunks on 2 ranks, dropout, 2 threads each: weights within 1e-5" \
    same_within "$WORK/dp3.h5" "$WORK/dp4.h5" 1e-5
"$BIN/scaleahead-train" $dp -q --epochs 2 --threads 1 --seed 43 -o "$WORK/dp5.h5" >/dev/null
if same_within "$WORK/dp1.h5" "$WORK/dp5.h5" 1e-5; then
    fail "mpi data-parallel: the comparison does not tell seed 42 from seed 43"
else
    ok "mpi data-parallel: the comparison tells seed 42 from seed 43"
fi

mpi2 $dp -q --epochs 2 --threads 1 -o "$WORK/no.h5" >"$WORK/out" 2>"$WORK/err"
rc=$?
check "mpi: one model on 2 ranks without --data-parallel is a usage error" \
    sh -c "[ $rc -eq 2 ] && grep -q 'needs --data-parallel' '$WORK/err' && [ ! -e '$WORK/no.h5' ]"

# Stop request: mpirun forwards SIGUSR1 to both ranks; they agree on the
# batch to stop at and rank 0 saves the best weights, marked interrupted.
mpirun $root --oversubscribe -np 2 "$MPI_BIN/scaleahead-train" $dp --threads 1 --data-parallel \
    --epochs 100000 --patience 100000 -o "$WORK/stop.h5" >/dev/null 2>"$WORK/stop.err" &
job=$!
tries=0
while ! grep -q ' 1/100000 ' "$WORK/stop.err" 2>/dev/null && [ $tries -lt 300 ]; do
    sleep 0.1
    tries=$((tries + 1))
done
kill -USR1 $job
wait $job
rc=$?
check "mpi data-parallel: SIGUSR1 to mpirun stops both ranks, rank 0 saves, interrupted, status 130" \
    sh -c "[ $rc -eq 130 ] && h5dump -a /config/interrupted '$WORK/stop.h5' | grep -q '(0): 1'"

# Fleet: the series dealt to 2 ranks, largest first, one thread each, after
# the global model trained by both (its batches shared); the table (but for
# the seconds), global.h5 and every model equal the single-process run's;
# a bad series fails its row on whichever rank took it.
mkdir -p "$WORK/fleet"
for s in 1 2 3 4 5; do
    "$BIN/scaleahead-datagen" --days $((2 + s % 3)) --seed $s -o "$WORK/fleet/s$s.csv" 2>/dev/null
done
printf 'timestamp,cpu_utilization\n2025-01-06 00:00:00,5\n' >"$WORK/fleet/bad.csv"
fl="--fleet $WORK/fleet --global --epochs 2 --threads 1 -q"
"$BIN/scaleahead-train" $fl -o "$WORK/fleet1" >/dev/null 2>&1
mpi2 $fl -o "$WORK/fleet2" >"$WORK/fleet2.out" 2>"$WORK/fleet2.err"
rc=$?
check "mpi fleet: 2 ranks exit 1 (one bad series), one report from rank 0" \
    sh -c "[ $rc -eq 1 ] && [ \$(grep -c '^fleet ' '$WORK/fleet2.out') -eq 1 ]"
cut -d, -f1-8,10- "$WORK/fleet1/fleet.csv" >"$WORK/a"
cut -d, -f1-8,10- "$WORK/fleet2/fleet.csv" >"$WORK/b"
check "mpi fleet: the table equals the single-process one (but for seconds)" \
    sh -c "[ \$(grep -c ',ok,' '$WORK/b') -eq 5 ] && cmp -s '$WORK/a' '$WORK/b'"
same=1
for s in 1 2 3 4 5 global; do
    content "$WORK/fleet1/$([ $s = global ] && echo global || echo s$s).h5" >"$WORK/a"
    content "$WORK/fleet2/$([ $s = global ] && echo global || echo s$s).h5" >"$WORK/b"
    cmp -s "$WORK/a" "$WORK/b" || same=0
done
check "mpi fleet: global.h5 and every model equal the single-process ones" \
    sh -c "[ $same -eq 1 ] && [ -s '$WORK/fleet2/global.h5' ]"
