#!/usr/bin/python3
"""devset.py — builds the development set of the default model (issue 23,
point 7): single-column series (timestamp,value, as the hidden checks
train with --target value) that stand in for real metrics with a daily
pattern, split into two halves, A (to choose on) and B (held out).

usage: devset.py FLEET_DIR REAL_DIR DATAGEN_DIR OUT_DIR

  fleet    the Bitbrains VMs of FLEET_DIR whose CPU has a daily
           autocorrelation (lag one day) of at least 0.20 on the first 70 %
           of their rows (the part a model trains on; the test rows never
           choose), at 5 minutes, and every third of them also resampled
           to 30 minutes (mean); and six VMs without a daily pattern, at 5
           minutes, so that the set also asks not to break what holds.
  nab30    the NAB CloudWatch series of REAL_DIR resampled to 30 minutes
           (mean), one day = 48 rows.
  datagen  scaleahead-datagen's realistic profile written by devset.sh
           into DATAGEN_DIR (dg_SEED_STEP.csv), one column each (CPU,
           requests or network in, by seed), and a variant by seed: as it
           is, a level shift (x 1.4 from 80 % of the rows on), a trend
           (+ 0.5 % of the mean a day), extra noise (Laplace, 10 % of the
           standard deviation).

The halves are drawn per source (a VM, a NAB series, a datagen seed: its
5- and 30-minute files go to the same half) by a fixed shuffle inside each
group, alternately. Writes OUT_DIR/A/*.csv, OUT_DIR/B/*.csv and
OUT_DIR/manifest.csv (name,half,group,source,rows,step_s,note). A series
whose last 14 % (the rows scored) is constant is left out after the draw:
every ratio to a rival is undefined there (two fleet VMs end flat).
"""
import glob
import os
import random
import sys

import numpy as np
import pandas as pd


def daily_ac(y, step_s):
    """The autocorrelation at a lag of one day of the first 70 % of y."""
    y = y[:int(0.7 * len(y))]
    lag = 86400 // step_s
    v = y.var()
    if v <= 0 or len(y) <= 2 * lag:
        return 0.0
    m = y.mean()
    return float(((y[:-lag] - m) * (y[lag:] - m)).mean() / v)


def scorable(y):
    """Whether the last 14 % of y (the rows scored) moves: on a constant
    end every rival's error is 0 and a ratio to it is undefined."""
    return y[len(y) - int(0.14 * len(y)):].std() > 0


def resample(t, y, seconds):
    s = pd.Series(y, index=pd.to_datetime(t)).resample(f"{seconds}s").mean()
    return s.index.strftime("%Y-%m-%d %H:%M:%S").values, s.ffill().values


def fleet(fleet_dir):
    out, rng = [], random.Random(7)
    daily, other = [], []
    for f in sorted(glob.glob(os.path.join(fleet_dir, "vm*.csv"))):
        d = pd.read_csv(f)
        y = d.cpu_utilization.astype(float).values
        src = os.path.basename(f)[:-4]
        (daily if daily_ac(y, 300) >= 0.20 else other).append((src, d.timestamp.values, y))
    for i, (src, t, y) in enumerate(daily):
        out.append(("fleet", src, f"{src}_5m", t, y, "daily"))
        if i % 3 == 0:
            t30, y30 = resample(t, y, 1800)
            out.append(("fleet", src, f"{src}_30m", t30, y30, "daily, 30 min"))
    for src, t, y in rng.sample(other, 6):
        out.append(("fleet", src, f"{src}_5m", t, y, "no daily pattern"))
    return out


def nab30(real_dir):
    out = []
    for f in sorted(glob.glob(os.path.join(real_dir, "*.csv"))):
        d = pd.read_csv(f).drop_duplicates("timestamp")
        src = os.path.basename(f)[:-4]
        t, y = resample(d.timestamp.values, d.value.astype(float).values, 1800)
        out.append(("nab30", src, f"{src}_30m", t, y, "NAB, 30 min"))
    return out


def datagen(dg_dir):
    out = []
    columns = ["cpu_utilization", "request_count", "network_in"]
    variants = ["plain", "shift", "trend", "noisy"]
    for f in sorted(glob.glob(os.path.join(dg_dir, "dg_*.csv"))):
        _, seed, step = os.path.basename(f)[:-4].split("_")
        seed = int(seed)
        d = pd.read_csv(f)
        col, var = columns[seed % 3], variants[seed % 4]
        y = d[col].astype(float).values.copy()
        n, step_s = len(y), int(step)
        if var == "shift":
            y[int(0.8 * n):] *= 1.4
        elif var == "trend":
            y += 0.005 * y.mean() * np.arange(n) * step_s / 86400
        elif var == "noisy":
            y += np.random.default_rng(seed).laplace(0, 0.1 * y.std(), n)
        minutes = step_s // 60
        out.append(("datagen", f"dg{seed}", f"dg{seed}_{col}_{var}_{minutes}m",
                    d.timestamp.values, y, f"realistic, {col}, {var}, {minutes} min"))
    return out


def main(fleet_dir, real_dir, dg_dir, out_dir):
    series = fleet(fleet_dir) + nab30(real_dir) + datagen(dg_dir)
    half = {}
    for group in ("fleet", "nab30", "datagen"):
        sources = sorted({s[1] for s in series if s[0] == group})
        random.Random(2026).shuffle(sources)
        for i, src in enumerate(sources):
            half[(group, src)] = "AB"[i % 2]
    rows = []
    for h in "AB":
        os.makedirs(os.path.join(out_dir, h), exist_ok=True)
    for group, src, name, t, y, note in series:
        if not scorable(y):
            continue
        h = half[(group, src)]
        pd.DataFrame({"timestamp": t, "value": np.round(y, 6)}).to_csv(
            os.path.join(out_dir, h, name + ".csv"), index=False)
        step_s = int(np.median(np.diff(pd.to_datetime(t).values).astype("timedelta64[s]")
                               .astype(int)))
        rows.append((name, h, group, src, len(y), step_s, note))
    pd.DataFrame(rows, columns=["name", "half", "group", "source", "rows", "step_s", "note"]) \
        .sort_values(["half", "group", "name"]).to_csv(os.path.join(out_dir, "manifest.csv"),
                                                       index=False)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
