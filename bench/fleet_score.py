#!/usr/bin/python3
"""Scores a fleet's forecasts the way issue 24's targets are stated: for each
series, the model's one-step forecasts (a predictions CSV with a `series`
column from `scaleahead-predict --fleet`, or one CSV per series) against the
series' own values on its last 14 % of rows, beside three simple rivals on
the same rows: persistence (the last value), seasonal naive (the value one
day back) and AR(12) fitted by least squares on the first 70 % of rows.

usage: fleet_score.py DATA_DIR PREDICTIONS [TARGET]
  DATA_DIR      the fleet's CSVs (NAME.csv)
  PREDICTIONS   a CSV with columns series,timestamp,predicted (and step:
                only step 1 is scored), or a directory of NAME.csv files
Prints a row per series (model MAE, rivals, ratio to the best rival, ratio
to persistence) and a summary: the share no worse than persistence, the
median and worst ratio to the best rival. Needs Debian's python3-pandas."""
import os, sys, numpy as np, pandas as pd

def ar(y, n_train, idx, lags=12):
    X = np.stack([y[i - lags:i] for i in range(lags, n_train)]); t = y[lags:n_train]
    w = np.linalg.lstsq(np.c_[X, np.ones(len(X))], t, rcond=None)[0]
    return np.c_[np.stack([y[i - lags:i] for i in idx]), np.ones(len(idx))] @ w

def times(col):
    return pd.to_datetime(col.astype(str).str.replace("Z", "")).dt.strftime("%Y-%m-%d %H:%M:%S").values

def score(data, pred, target):
    d = pd.read_csv(data)
    t, y = times(d.timestamp), d[target].astype(float).values
    fc = dict(zip(times(pred.timestamp), pred.predicted.astype(float).values))
    n = len(y); start = n - int(0.14 * n)
    idx = np.array([i for i in range(start, n) if t[i] in fc])
    if len(idx) == 0:
        return None
    step = int(np.median(np.diff(pd.to_datetime(t).values).astype("timedelta64[s]").astype(int)))
    period = 86400 // step
    mae = lambda f: float(np.abs(f - y[idx]).mean())
    model = mae(np.array([fc[t[i]] for i in idx]))
    rivals = {"persistence": mae(y[idx - 1]), "AR(12)": mae(ar(y, int(0.70 * n), idx))}
    if idx[0] >= period:
        rivals["seasonal"] = mae(y[idx - period])
    best = min(rivals, key=rivals.get)
    ratio = model / rivals[best] if rivals[best] > 0 else (1.0 if model == 0 else np.inf)
    vs_p = model / rivals["persistence"] if rivals["persistence"] > 0 else (1.0 if model == 0 else np.inf)
    return len(idx), model, rivals, best, ratio, vs_p

def main(data_dir, preds, target="cpu_utilization"):
    if os.path.isdir(preds):
        groups = {f[:-4]: pd.read_csv(os.path.join(preds, f)) for f in sorted(os.listdir(preds))
                  if f.endswith(".csv")}
    else:
        p = pd.read_csv(preds)
        if "step" in p.columns:
            p = p[p.step == 1]
        groups = {k: g for k, g in p.groupby("series")}
    rows = []
    print("series,rows,model,persistence,seasonal,ar12,best,ratio_best,ratio_persistence")
    for name in sorted(groups):
        data = os.path.join(data_dir, name + ".csv")
        if not os.path.exists(data):
            continue
        s = score(data, groups[name], target)
        if s is None:
            print(f"{name},0,,,,,,,")
            continue
        n, model, r, best, ratio, vs_p = s
        rows.append((ratio, vs_p))
        print(f"{name},{n},{model:.5g},{r['persistence']:.5g},{r.get('seasonal', float('nan')):.5g},"
              f"{r['AR(12)']:.5g},{best},{ratio:.4f},{vs_p:.4f}")
    if not rows:
        sys.exit("no series scored")
    ratio = np.array([r[0] for r in rows]); vs_p = np.array([r[1] for r in rows])
    print(f"# {len(rows)} series: no worse than persistence {np.mean(vs_p <= 1.0) * 100:.1f} %, "
          f"median ratio to the best rival {np.median(ratio):.3f}, worst {ratio.max():.3f}, "
          f"geometric mean {np.exp(np.mean(np.log(np.maximum(ratio, 1e-12)))):.3f}")

if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(*sys.argv[1:4])
