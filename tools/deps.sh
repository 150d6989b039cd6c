#!/bin/sh
# Install the Debian packages scaleahead needs (docs/design.md §1) when any is
# missing. With the argument "mpi", Open MPI too; with "prometheus", the
# Prometheus server, promtool and curl, which only tests use (a real
# Prometheus answering query_range for t_prometheus.sh; promtool test).
# Elsewhere, say what to get.
set -e
pkgs="libopenblas-dev liblapacke-dev libcsv-dev libhdf5-dev hdf5-tools gnuplot-nox pkg-config libjansson-dev tzdata"
for arg in "$@"; do
    case $arg in
    mpi) pkgs="$pkgs openmpi-bin libopenmpi-dev" ;;
    prometheus) pkgs="$pkgs prometheus curl" ;;
    *) echo "deps: unknown group '$arg' (want mpi or prometheus)" >&2; exit 2 ;;
    esac
done

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
    for p in $pkgs; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
    done
else
    # Not Debian: check for the headers and say what is needed.
    for h in cblas.h lapacke.h csv.h jansson.h; do
        echo '#include <'$h'>' | ${CC:-cc} -E -I/usr/include/hdf5/serial - >/dev/null 2>&1 \
            || missing="$missing $h"
    done
    if [ -n "$missing" ]; then
        echo "deps: missing:$missing" >&2
        echo "deps: install OpenBLAS, LAPACKE, libcsv, HDF5 (with the hl library), jansson, the tz database and gnuplot with your package manager" >&2
        exit 1
    fi
    exit 0
fi
[ -z "$missing" ] && exit 0

echo "deps: installing$missing" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "deps: not root and no sudo; install by hand: apt-get install$missing" >&2
    exit 1
fi
$sudo apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >&2
