#!/bin/sh
# results_table.sh — bench/results.csv (make bench) as a Markdown table for
# docs/performance.md: one column per row set (machine, kernel path,
# OpenBLAS core), one row per figure in the order the CSV first names it,
# each value with its unit and, where the figure has a target, whether it
# was met. The first line says when and where the last run was taken (the
# CSV's '#' lines); columns of other machines were kept from earlier runs.
# Usage: sh bench/results_table.sh [bench/results.csv]
set -eu
csv=${1:-bench/results.csv}
awk -F, '
    /^# machine: / { sub(/^# machine: /, ""); machine = $0; next }
    /^# date: / { sub(/^# date: /, ""); date = $0; next }
    /^# load average at start: / { sub(/^# load average at start: /, ""); load = $0; next }
    /^#/ || $1 == "machine" { next }
    {
        set = $1 " / kernel " $2 " / OpenBLAS " $3
        if (!(set in col)) { col[set] = ++ncol; head[ncol] = $1 "<br>kernel " $2 ", OpenBLAS " $3 }
        if (!($4 in row)) { row[$4] = ++nrow; name[nrow] = $4; unit[nrow] = $6 }
        if ($7 != "") target[row[$4]] = $7   # the target of the newest run: the last row
        v = $5 + 0
        text = (v >= 1e5 || (v < 0.01 && v > 0)) ? sprintf("%.3g", v) : (v >= 100 ? sprintf("%.0f", v) : sprintf("%.3g", v))
        if ($8 ~ /missed/) text = "**" text "** (missed)"
        cell[row[$4], col[set]] = text
    }
    END {
        printf "Measured by `make bench` (bench/results.csv); its last run: %s, %s, load average %s at the start. Columns of other machines and paths are kept from earlier runs of the same script.\n\n", date, machine, load
        printf "| figure | unit | target |"
        for (c = 1; c <= ncol; c++) printf " %s |", head[c]
        printf "\n|---|---|---|"
        for (c = 1; c <= ncol; c++) printf "---|"
        printf "\n"
        for (r = 1; r <= nrow; r++) {
            u = unit[r]; gsub(/_/, " ", u)
            printf "| `%s` | %s | %s |", name[r], u, target[r] == "" ? "" : target[r]
            for (c = 1; c <= ncol; c++) printf " %s |", ((r, c) in cell) ? cell[r, c] : "—"
            printf "\n"
        }
    }' "$csv"
