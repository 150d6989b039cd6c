#!/bin/sh
# hw_compare.sh — scaleahead's Holt-Winters against statsmodels'
# ExponentialSmoothing on every series of ../shared/data/real (REAL=DIR
# for another folder): bench/hw_compare.py over bench/hw_series.c, a
# markdown table on stdout. Needs Debian's python3-statsmodels (apt-get
# install python3-statsmodels); skipped with a message without it.
set -e
REAL=${REAL:-../shared/data/real}
B=${B:-build}
if ! /usr/bin/python3 -c 'import statsmodels, pandas' 2>/dev/null; then
    echo "hw_compare: python3-statsmodels and python3-pandas are not installed; skipped" >&2
    exit 0
fi
make --no-print-directory B="$B" "$B/bench/hw_series" >&2
/usr/bin/python3 bench/hw_compare.py "$B/bench/hw_series" "$REAL"/*.csv
