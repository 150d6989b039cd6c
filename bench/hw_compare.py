#!/usr/bin/env python3
"""Holt-Winters in scaleahead (bench/hw_series.c over model/holtwinters.c)
against statsmodels' ExponentialSmoothing on the same series, with the
conventions of ../shared/tools/scoreboard.py: damped additive trend,
additive daily season when the first 70 % of rows hold two days, fitted on
those rows with initialization_method="estimated", then run over the whole
series with the parameters fixed; one-step MAE on the last 14 % of rows. The last column runs our recursion
with statsmodels' fitted parameters and gives the largest difference of
the two forecasts over all rows, relative to the series' largest value: it
checks the recursion and the initial states independently of the fit.

usage: hw_compare.py HW_SERIES_BINARY DATA.csv [DATA.csv ...]
Prints a markdown table row per file. Needs Debian's python3-statsmodels
and python3-pandas (run with /usr/bin/python3)."""
import subprocess, sys, time, warnings
import numpy as np, pandas as pd
warnings.filterwarnings("ignore")
from statsmodels.tsa.holtwinters import ExponentialSmoothing

def statsmodels_hw(y, n_train, period):
    seasonal = "add" if period and n_train >= 2 * period else None
    kw = dict(trend="add", damped_trend=True, seasonal=seasonal,
              seasonal_periods=period if seasonal else None, initialization_method="estimated")
    p = ExponentialSmoothing(y[:n_train], **kw).fit().params
    fitted = ExponentialSmoothing(y, **kw).fit(
        smoothing_level=p["smoothing_level"], smoothing_trend=p["smoothing_trend"],
        smoothing_seasonal=p.get("smoothing_seasonal") if seasonal else None,
        damping_trend=p["damping_trend"], optimized=False).fittedvalues
    return fitted, p

def ours(binary, y, n_train, period, fixed=()):
    text = "\n".join(repr(float(v)) for v in y)
    args = [binary, str(n_train), str(period)] + [repr(float(v)) for v in fixed]
    out = subprocess.run(args, input=text, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    params = dict(zip(out[0].split()[1::2], out[0].split()[2::2]))
    fitted = np.array([np.nan] + [float(v) for v in out[2:]])   # row 0 has no forecast
    return fitted, params

def main(binary, files):
    print("| series | rows | season | scaleahead MAE | statsmodels MAE | difference | "
          "scaleahead α β γ φ | statsmodels α β γ φ | scaleahead s | statsmodels s | "
          "same α β γ φ: max difference |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for path in files:
        d = pd.read_csv(path)
        col = "value" if "value" in d.columns else "cpu_utilization"
        y = d[col].astype(float).values
        t = pd.to_datetime(d.timestamp.astype(str).str.replace("Z", ""))
        step = int(np.median(np.diff(t.values).astype("timedelta64[s]").astype(int)))
        n = len(y); period = 86400 // step; tr = int(0.70 * n); start = n - int(0.14 * n)
        idx = np.arange(start, n)
        t0 = time.time(); f_c, p_c = ours(binary, y, tr, period); s_c = time.time() - t0
        t0 = time.time(); f_s, p_s = statsmodels_hw(y, tr, period); s_s = time.time() - t0
        mae_c = np.abs(f_c[idx] - y[idx]).mean(); mae_s = np.abs(f_s[idx] - y[idx]).mean()
        keys = ("smoothing_level", "smoothing_trend", "smoothing_seasonal", "damping_trend")
        f_same, _ = ours(binary, y, tr, period, [p_s.get(k) or 0 for k in keys])
        same = np.nanmax(np.abs(f_same[1:] - f_s[1:])) / np.abs(y).max()
        pc = " ".join("%.3g" % float(p_c[k]) for k in ("alpha", "beta", "gamma", "phi"))
        ps = " ".join("%.3g" % float(p_s.get(k) or 0) for k in
                      ("smoothing_level", "smoothing_trend", "smoothing_seasonal", "damping_trend"))
        print(f"| {path.split('/')[-1][:-4]} | {n} | {'yes' if tr >= 2 * period else 'no'} | "
              f"{mae_c:.4g} | {mae_s:.4g} | {100 * (mae_c / mae_s - 1):+.1f} % | {pc} | {ps} | "
              f"{s_c:.2f} | {s_s:.2f} | {same:.1e} |", flush=True)

if __name__ == "__main__":
    if len(sys.argv) < 3: sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
