# t_valgrind.sh — tools/valgrind.sh (memcheck of a full small cycle and two
# refused inputs) as part of make test: one "ok" per clean run. Skipped when
# valgrind is missing, and in the sanitizer build (make test SAN=1), where
# ASan and LeakSanitizer already watch every test.
. "$TOP/tests/lib.sh"
case $B in
*-san*) ok "valgrind: skipped under SAN=1 (ASan checks the same runs)"; exit 0 ;;
esac
if ! command -v valgrind >/dev/null 2>&1; then
    ok "valgrind: skipped, not installed"
    exit 0
fi
sh "$TOP/tools/valgrind.sh" "$WORK/vg" >"$WORK/vg.out" 2>&1
rc=$?
if [ "$rc" -eq 3 ]; then
    ok "valgrind: skipped, $(tail -1 "$WORK/vg.out" | sed 's/^valgrind.sh: //')"
    exit 0
fi
sed -n 's/^valgrind \([^:]*\): clean.*/ok valgrind \1: no invalid access, no leak/p' "$WORK/vg.out"
grep '^valgrind ' "$WORK/vg.out" | grep -v ': clean' | sed 's/^/FAIL /'
n=$(grep -c ': clean' "$WORK/vg.out")
# every run, or only the BLAS-free ones where OpenBLAS runs AVX-512
want=8
if grep -q '^valgrind.sh: partial' "$WORK/vg.out"; then
    want=5
    ok "valgrind: $(grep '^valgrind.sh: partial' "$WORK/vg.out" | sed 's/^valgrind.sh: partial: //')"
fi
check "valgrind: all $want runs clean (exit $rc)" [ "$rc" -eq 0 -a "$n" -eq "$want" ]
