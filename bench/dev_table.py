#!/usr/bin/python3
"""dev_table.py — the tables of bench/default_dev.sh from its score lines
("HALF NAME step H: key=value ...", bench/path_scores.py's lines with the
half and the series in front): per half, the targets of issue 23 counted
over the series at each step, and the series that miss one.

usage: dev_table.py LINES MANIFEST.csv
"""
import sys

import pandas as pd


def read(lines):
    rows = []
    for line in open(lines):
        f = line.split()
        if len(f) < 4 or f[2] != "step":
            continue
        r = {"half": f[0], "name": f[1], "step": int(f[3].rstrip(":"))}
        for kv in f[4:]:
            k, v = kv.split("=")
            r[k] = v if k == "best" else float(v)
        rows.append(r)
    return pd.DataFrame(rows)


def targets(d):
    print("| step | series | no worse than persistence | within 5 % of the best rival "
          "| more than 25 % worse | coverage 85-95 % | median model / best | worst |")
    print("|---|---|---|---|---|---|---|---|")
    for h, g in d.groupby("step"):
        worst = g.loc[g.ratio.idxmax()]
        print(f"| {h} | {len(g)} | {(g.vs_persistence <= 1).sum()} | {(g.ratio <= 1.05).sum()} "
              f"| {(g.ratio > 1.25).sum()} | {((g.coverage >= 85) & (g.coverage <= 95)).sum()} "
              f"| {g.ratio.median():.3f} | {worst.ratio:.3f} ({worst['name']}) |")


def misses(d):
    bad = d[(d.vs_persistence > 1) | (d.ratio > 1.05) | (d.coverage < 85) | (d.coverage > 95)]
    if bad.empty:
        print("Every series meets every target at every scored step.")
        return
    print("| series | step | model / best | best rival | model / persistence | 90 % coverage |")
    print("|---|---|---|---|---|---|")
    for _, r in bad.sort_values(["name", "step"]).iterrows():
        print(f"| {r['name']} | {r.step} | {r.ratio:.3f} | {r.best} | {r.vs_persistence:.3f} "
              f"| {r.coverage:.1f} % |")


def main(lines, manifest):
    d = read(lines)
    m = pd.read_csv(manifest)
    for half, label in (("A", "half A (chosen on)"), ("B", "half B (held out)")):
        g = d[d.half == half]
        if g.empty:
            continue
        groups = m[m.half == half].groupby("group").size()
        print(f"**{label}**: {g.name.nunique()} series ("
              + ", ".join(f"{n} {k}" for k, n in groups.items()) + ")")
        print()
        targets(g)
        print()
        print(f"Steps that miss a target in half {half} (within 5 % of the best rival, no worse "
              "than persistence, coverage 85-95 %):")
        print()
        misses(g)
        print()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(*sys.argv[1:])
