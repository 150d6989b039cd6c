#!/usr/bin/python3
"""path_scores.py — scores a forecast path per step the way
../shared/tools/scoreboard.py scores one step: the model's forecasts (the
predictions CSV of scaleahead-predict over the whole file, a path model's
rows timestamp,origin,step,...,predicted,lower,upper) against the file's
own values on its last 14 % of rows, beside four rivals at the same step h
on the same rows:

  persistence     the value h steps before the target (the last one seen)
  seasonal naive  the value one day before the target (h <= one day)
  AR(12)          direct: least squares of y[t+h] on y[t-11..t] and 1,
                  fitted on the first 70 % of rows
  Holt-Winters    statsmodels' ExponentialSmoothing (damped additive trend,
                  additive daily season when the first 70 % holds two
                  days), fitted on the first 70 %, run over the file with
                  those parameters, forecast h steps ahead from the states
                  at each origin (l + (phi + ... + phi^h) b + the latest
                  season value of the target's phase)

For each step h asked (default 1,3,6,12; those the model has) one line:
  step h: n rows, model MAE, each rival's MAE, ratio to the best rival,
  coverage of [lower, upper] in %
as "key=value" pairs, for bench/realdata.sh to read. Needs Debian's
python3-pandas and python3-statsmodels.

usage: path_scores.py DATA.csv PREDICTIONS.csv [TARGET] [STEPS]
"""
import sys
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")


def times(col):
    return pd.to_datetime(col.astype(str).str.replace("Z", "")).dt.strftime(
        "%Y-%m-%d %H:%M:%S").values


def direct_ar(y, n_train, idx, h, lags=12):
    """y[t+h] on y[t-lags+1..t] and 1, fitted on targets in the first
    n_train rows, predicted for the target rows idx (origins idx - h)."""
    t_fit = np.arange(lags - 1, n_train - h)
    X = np.stack([y[t - lags + 1:t + 1] for t in t_fit])
    w = np.linalg.lstsq(np.c_[X, np.ones(len(X))], y[t_fit + h], rcond=None)[0]
    X_at = np.stack([y[t - lags + 1:t + 1] for t in idx - h])
    return np.c_[X_at, np.ones(len(X_at))] @ w


def holt_winters_path(y, n_train, period, steps):
    """forecast[h][t]: the h-step forecast made at row t, for h in steps."""
    from statsmodels.tsa.holtwinters import ExponentialSmoothing
    seasonal = "add" if period and n_train >= 2 * period else None
    kw = dict(trend="add", damped_trend=True, seasonal=seasonal,
              seasonal_periods=period if seasonal else None,
              initialization_method="estimated")
    p = ExponentialSmoothing(y[:n_train], **kw).fit().params
    r = ExponentialSmoothing(y, **kw).fit(
        smoothing_level=p["smoothing_level"], smoothing_trend=p["smoothing_trend"],
        smoothing_seasonal=p.get("smoothing_seasonal") if seasonal else None,
        damping_trend=p["damping_trend"], optimized=False)
    level, trend, phi = np.asarray(r.level), np.asarray(r.trend), p["damping_trend"]
    season = np.asarray(r.season) if seasonal else None
    out = {}
    for h in steps:
        damp = sum(phi ** i for i in range(1, h + 1))
        f = level + damp * trend
        if seasonal:
            k = (h - 1) // period + 1   # the latest season value of the target's phase
            src = np.arange(len(y)) + h - k * period
            f = f + np.where(src >= 0, season[np.clip(src, 0, None)], 0)
        out[h] = f
    return out


def main(data, preds, target=None, steps="1,3,6,12"):
    d = pd.read_csv(data)
    target = target or ("value" if "value" in d.columns else "cpu_utilization")
    t = times(d.timestamp)
    y = d[target].astype(float).values
    p = pd.read_csv(preds)
    if "step" not in p.columns:
        p["step"] = 1
    n = len(y)
    start, n_train = n - int(0.14 * n), int(0.70 * n)
    secs = pd.to_datetime(t).values.astype("datetime64[s]").astype(np.int64)
    step_s = int(np.median(np.diff(secs)))
    period = 86400 // step_s
    row_of = {s: i for i, s in enumerate(t)}
    wanted = [int(s) for s in steps.split(",") if int(s) <= p.step.max()]
    try:
        hw = holt_winters_path(y, n_train, period, wanted)
    except Exception as e:   # noqa: BLE001 (the rival is reported missing)
        print(f"(Holt-Winters failed: {e})", file=sys.stderr)
        hw = {}
    for h in wanted:
        ph = p[p.step == h]
        fc = dict(zip(times(ph.timestamp), ph.predicted.astype(float).values))
        lo = dict(zip(times(ph.timestamp), ph.lower.astype(float).values)) if "lower" in ph else {}
        hi = dict(zip(times(ph.timestamp), ph.upper.astype(float).values)) if "upper" in ph else {}
        # rows scored: the last 14 %, where the model has a forecast and the
        # origin h rows back is the row h steps earlier (no gap between)
        idx = np.array([i for i in range(start, n)
                        if t[i] in fc and i - h >= 11 and secs[i] - secs[i - h] == h * step_s])
        if len(idx) == 0:
            print(f"step {h}: n=0")
            continue
        mae = lambda f: float(np.abs(f - y[idx]).mean())  # noqa: E731
        model = mae(np.array([fc[t[i]] for i in idx]))
        rivals = {"persistence": mae(y[idx - h]), "ar12": mae(direct_ar(y, n_train, idx, h))}
        if h <= period and idx[0] >= period:
            rivals["seasonal"] = mae(y[idx - period])
        if h in hw:
            rivals["holt_winters"] = mae(hw[h][idx - h])
        best = min(rivals, key=rivals.get)
        cov = (100.0 * np.mean([lo[t[i]] <= y[i] <= hi[t[i]] for i in idx])
               if lo and hi else float("nan"))
        print(f"step {h}: n={len(idx)} model={model:.6g} "
              + " ".join(f"{k}={v:.6g}" for k, v in rivals.items())
              + f" best={best} ratio={model / rivals[best]:.4f}"
              + f" vs_persistence={model / rivals['persistence']:.4f} coverage={cov:.2f}")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(*sys.argv[1:5])
