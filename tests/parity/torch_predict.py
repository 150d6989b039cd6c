#!/usr/bin/python3
"""Forecasts with a scaleahead model file in PyTorch, to show that a model
trained in C gives the same predictions in torch.

    scaleahead-features --features LIST DATA.csv > features.csv
    /usr/bin/python3 tests/parity/torch_predict.py MODEL.h5 features.csv

LIST is the model's feature list (its /config "features" attribute, comma
separated). The script builds the torch module of the model
(check_model_load.make_module), loads its weights, scales the features with
the model's /scaler, runs every window of seq_len rows, and prints
"timestamp,predicted" (the time the forecast is for, target units) in the
form of scaleahead-predict. Single models only."""
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_model_load import make_module, text  # noqa: E402


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[3].strip(), file=sys.stderr)
        return 2
    import torch
    with h5py.File(argv[1], "r") as f:
        cfg = {k: f["config"].attrs[k] for k in f["config"].attrs}
        cfg["features"] = [text(s) for s in cfg["features"]]
        state = {k: torch.from_numpy(np.asarray(v[...], dtype=np.float32))
                 for k, v in f["weights"].items()}
        lo = np.asarray(f["scaler/min"][...], dtype=np.float32)
        hi = np.asarray(f["scaler/max"][...], dtype=np.float32)
    module = make_module(torch, cfg)
    module.load_state_dict(state, strict=True)
    module.eval()
    rows = [line.rstrip("\n").split(",") for line in open(argv[2])]
    header, rows = rows[0], rows[1:]
    cols = [header.index(name) for name in cfg["features"]]
    x = np.array([[float(r[c]) for c in cols] for r in rows], dtype=np.float32)
    span = hi - lo
    x = np.where(span > 0, (x - lo) / np.where(span > 0, span, 1), 0).astype(np.float32)
    T, h, step = int(cfg["seq_len"]), int(cfg["horizon"]), int(cfg["step_seconds"])
    windows = np.stack([x[t - T + 1:t + 1] for t in range(T - 1, len(x))])
    with torch.no_grad():
        y = module(torch.from_numpy(windows)).numpy().astype(np.float64)
    y = lo[0] + y * (float(hi[0]) - float(lo[0]))
    import datetime
    for t, value in zip(range(T - 1, len(x)), y):
        when = datetime.datetime.strptime(rows[t][0], "%Y-%m-%d %H:%M:%S")
        when += datetime.timedelta(seconds=h * step)
        print(f"{when:%Y-%m-%d %H:%M:%S},{value:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
