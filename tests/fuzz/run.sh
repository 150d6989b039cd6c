#!/bin/sh
# run.sh — what `make fuzz` runs: builds the libFuzzer targets of
# tests/fuzz/fuzz_*.c against the library compiled with clang (ASan + UBSan
# + fuzzer coverage, into build-fuzz/, apart from the gcc builds), then runs
# each for FUZZ_SECONDS (default 60) on the seeds of tests/fuzz/corpus/NAME/
# and prints how many executions each survived. New inputs found go to
# build-fuzz/corpus/NAME/, crashes to build-fuzz/crash-*. Exits non-zero when
# a target crashes (or cannot be built). FUZZ_TARGETS="csv model" runs some.
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 1
SECONDS_EACH=${FUZZ_SECONDS:-60}
TARGETS=${FUZZ_TARGETS:-csv timestamp calendar model import_json import_csv time_any}
OUT=build-fuzz
CC=${FUZZ_CC:-clang}

if ! command -v "$CC" >/dev/null 2>&1; then
    echo "fuzz: $CC not found; install clang (apt-get install clang)" >&2
    exit 1
fi
# libFuzzer's runtime ships apart from clang on Debian/Ubuntu.
probe=$(mktemp -d)
printf 'int LLVMFuzzerTestOneInput(const char *d, long n) { return 0; }\n' >"$probe/p.c"
if ! "$CC" -fsanitize=fuzzer "$probe/p.c" -o "$probe/p" 2>/dev/null; then
    v=$("$CC" --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -1)
    echo "fuzz: libFuzzer runtime missing; installing libclang-rt-$v-dev" >&2
    SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO apt-get install -y "libclang-rt-$v-dev" >/dev/null 2>&1 ||
        $SUDO apt-get install -y "libclang-rt-dev" >/dev/null 2>&1
    if ! "$CC" -fsanitize=fuzzer "$probe/p.c" -o "$probe/p" 2>/dev/null; then
        rm -rf "$probe"
        echo "fuzz: libFuzzer runtime is missing (libclang-rt-$v-dev); cannot fuzz" >&2
        exit 1
    fi
fi
rm -rf "$probe"

HDF5_CFLAGS=$(pkg-config --cflags hdf5 2>/dev/null || echo -I/usr/include/hdf5/serial)
HDF5_LIBS=$(pkg-config --libs hdf5 2>/dev/null || echo "-L/usr/lib/x86_64-linux-gnu/hdf5/serial -lhdf5")
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-std=c11 -D_GNU_SOURCE -O1 -g -fno-omit-frame-pointer -pthread -iquote lib -iquote tests/fuzz $HDF5_CFLAGS"
LIBS="-lhdf5_hl $HDF5_LIBS -llapacke -lopenblas -lcsv -ljansson -lm -pthread"

# The library, with coverage for the fuzzer but without its main.
objs=
for src in lib/*/*.c; do
    o=$OUT/${src%.c}.o
    mkdir -p "$(dirname "$o")"
    if [ ! -f "$o" ] || [ "$src" -nt "$o" ] || [ -n "$(find lib -name '*.h' -newer "$o")" ]; then
        $CC $CFLAGS $SAN -fsanitize=fuzzer-no-link -c "$src" -o "$o" || exit 1
    fi
    objs="$objs $o"
done
rm -f "$OUT/libscaleahead-fuzz.a"
ar rcs "$OUT/libscaleahead-fuzz.a" $objs || exit 1

# A failed malloc returns NULL as it does outside ASan (libhdf5 asks for
# absurd sizes on corrupted files and copes with NULL).
ASAN=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}

# whose: prints "hdf5" when the crash or hang of the input $2 under target
# binary $1 happens inside libhdf5 — its innermost frame that is either in
# libhdf5 or in our sources (lib/, tests/) is in libhdf5; sanitizer
# interceptors, libFuzzer and libc frames are neither — else "ours".
whose() {
    frame=$(ASAN_OPTIONS=$ASAN LSAN_OPTIONS=suppressions=$TOP/tests/fuzz/lsan.supp timeout 60 "$1" -timeout=10 "$2" 2>&1 |
        grep -E '^ +#[0-9]+ ' | grep -E "libhdf5|$TOP/(lib|tests)/" | head -1)
    case $frame in *libhdf5*) echo hdf5 ;; *) echo ours ;; esac
}

status=0
summary=
for t in $TARGETS; do
    $CC $CFLAGS $SAN -fsanitize=fuzzer "tests/fuzz/fuzz_$t.c" "$OUT/libscaleahead-fuzz.a" $LIBS \
        -o "$OUT/fuzz_$t" || { status=1; summary="$summary
  $t: does not build"; continue; }
    mkdir -p "$OUT/corpus/$t"
    rm -f "$OUT"/crash-$t-*
    mode=
    case $t in
    timestamp|time_any) maxlen=64 ;;
    # libhdf5 1.10 itself crashes and hangs on some corrupted files (frees
    # a wild pointer in H5G__dense_get_name_by_idx, loops in H5HG_read): fork
    # mode keeps fuzzing past them, and each is then checked to be inside
    # libhdf5 rather than in our code.
    model) maxlen=40000; mode="-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1" ;;
    *) maxlen=4096 ;;
    esac
    log=$OUT/fuzz_$t.log
    echo "fuzz: $t for ${SECONDS_EACH}s" >&2
    # Leak checking stays on (a reader that leaks on a bad input is a bug),
    # less libhdf5's own leaks on corrupted files (lsan.supp).
    ASAN_OPTIONS=$ASAN \
    LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$TOP/tests/fuzz/lsan.supp} "$OUT/fuzz_$t" $mode \
        -max_total_time="$SECONDS_EACH" -max_len=$maxlen -timeout=10 -rss_limit_mb=4096 \
        -print_final_stats=1 -artifact_prefix="$OUT/crash-$t-" \
        "$OUT/corpus/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    [ -n "$runs" ] || runs=$(sed -n 's/^#\([0-9][0-9]*\): cov.*/\1/p' "$log" | tail -1)
    ours=0 theirs=0 first=
    for a in "$OUT"/crash-$t-*; do
        [ -f "$a" ] || continue
        if [ "$(whose "$OUT/fuzz_$t" "$a")" = hdf5 ]; then
            theirs=$((theirs + 1))
        else
            ours=$((ours + 1))
            [ -n "$first" ] || first=$a
        fi
    done
    line="  $t: ${runs:-?} executions in ${SECONDS_EACH}s"
    if [ "$ours" -gt 0 ]; then
        status=1
        line="$line, CRASHED in our code ($ours input(s), e.g. $first; log $log)"
    else
        line="$line, no crash in our code"
    fi
    [ "$theirs" -gt 0 ] && line="$line; $theirs input(s) crash or hang inside libhdf5 itself"
    summary="$summary
$line"
done
echo "fuzz results:$summary"
exit $status
