#!/usr/bin/python3
"""Loads a scaleahead model file into PyTorch (docs/design.md §7).

    /usr/bin/python3 tests/parity/check_model_load.py MODEL.h5 [--forward]

For each member (/weights of a single model, /members/I/weights of an
ensemble or grid) it builds a state_dict of torch tensors, prints every
tensor's name and shape, checks the set against the one the member's /config
implies (the rule of model_expected_tensors in lib/model.h), and loads it
with strict=True into the equivalent torch module (nn.LSTM, batch_first,
attention pooling, dense head). With --forward it also prints each member's
output for a window of seq_len rows of 0.5 (scaled inputs).

Exit status: 0 when every member loads, 1 when a tensor is missing, extra or
misshapen, 2 on a usage error or an unreadable file."""
import sys

import h5py
import numpy as np


def text(value):
    return value.decode() if isinstance(value, (bytes, np.bytes_)) else str(value)


def expected_tensors(cfg):
    """[(name, shape)] of the network of config attributes cfg."""
    return tensor_layout(int(cfg["hidden"]), int(cfg["layers"]), int(cfg["head"]),
                         int(cfg["attention"]), len(cfg["features"]),
                         int(cfg.get("highway", 0)))


def tensor_layout(hidden, layers, head, attention, n_in, highway=0):
    """[(name, shape)] of a network with these sizes, in state_dict order
    (the rule of model_expected_tensors); tests/bad/model/make_bad.py uses
    it too. layers 0 (the robust "linear" preset) has only the highway."""
    if layers == 0:
        return [("highway.weight", (1, highway)), ("highway.bias", (1,))]
    out = []
    for k in range(layers):
        out += [(f"lstm.weight_ih_l{k}", (4 * hidden, n_in if k == 0 else hidden)),
                (f"lstm.weight_hh_l{k}", (4 * hidden, hidden)),
                (f"lstm.bias_ih_l{k}", (4 * hidden,)),
                (f"lstm.bias_hh_l{k}", (4 * hidden,))]
    if attention:
        out += [("attn.weight", (1, hidden)), ("attn.bias", (1,))]
    if head > 0:
        out += [("fc1.weight", (head, hidden)), ("fc1.bias", (head,)),
                ("fc2.weight", (1, head)), ("fc2.bias", (1,))]
    else:
        out += [("fc.weight", (1, hidden)), ("fc.bias", (1,))]
    if highway:
        out += [("highway.weight", (1, highway)), ("highway.bias", (1,))]
    return out


# Features in the target's units, centred per window by the robust input
# stage (data/transform.h, RELATIVE).
RELATIVE = {"cpu_utilization", "cpu_rolling_mean", "cpu_rolling_min", "cpu_rolling_max",
            "cpu_seasonal"}


def make_module(torch, cfg):
    nn = torch.nn
    n_in, hidden = len(cfg["features"]), int(cfg["hidden"])
    layers, head = int(cfg["layers"]), int(cfg["head"])
    attention, dropout = int(cfg["attention"]), float(cfg["dropout"])
    highway, residual = int(cfg.get("highway", 0)), int(cfg.get("residual", 0))
    clip = float(cfg.get("clip", 0.0))
    relative = torch.tensor([name in RELATIVE for name in cfg["features"]])

    class Forecaster(nn.Module):
        """The C network; for a robust model x is the transformed window
        (/transform) and forward adds the input stage, highway and anchor."""

        def __init__(self):
            super().__init__()
            if highway:
                self.highway = nn.Linear(highway, 1)
            if layers:
                self.body = Body()

        def forward(self, x):  # x (B, T, I) -> (B)
            anchor = x[:, -1, 0]
            if residual:
                x = torch.where(relative, x - anchor[:, None, None], x)
            if clip > 0:
                x = x.clamp(-clip, clip)
            y = self.body(x) if layers else torch.zeros_like(anchor)
            if highway:
                y = y + self.highway(x[:, -highway:, 0]).squeeze(-1)
            return y + anchor if residual else y

        def load_state_dict(self, state, strict=True):
            body = {k: v for k, v in state.items() if not k.startswith("highway.")}
            rest = {k[len("highway."):]: v for k, v in state.items() if k.startswith("highway.")}
            if layers:
                self.body.load_state_dict(body, strict=strict)
            elif body and strict:
                raise RuntimeError(f"unexpected tensors {sorted(body)}")
            if highway:
                self.highway.load_state_dict(rest, strict=strict)

    class Body(nn.Module):
        def __init__(self):
            super().__init__()
            self.lstm = nn.LSTM(n_in, hidden, layers, batch_first=True,
                                dropout=dropout if layers > 1 else 0.0)
            if attention:
                self.attn = nn.Linear(hidden, 1)
            if head > 0:
                self.fc1 = nn.Linear(hidden, head)
                self.fc2 = nn.Linear(head, 1)
                self.drop = nn.Dropout(dropout)
            else:
                self.fc = nn.Linear(hidden, 1)

        def forward(self, x):  # x (B, T, I) -> (B)
            h, _ = self.lstm(x)
            if attention:
                alpha = torch.softmax(self.attn(h).squeeze(-1), dim=1)
                z = (alpha.unsqueeze(-1) * h).sum(dim=1)
            else:
                z = h[:, -1]
            if head > 0:
                return self.fc2(self.drop(torch.relu(self.fc1(z)))).squeeze(-1)
            return self.fc(z).squeeze(-1)

    module = Forecaster()
    return module if (highway or residual or clip > 0) else module.body


def check_member(torch, group, label, forward):
    """Prints and loads one member; returns the number of problems."""
    if "config" not in group or "weights" not in group:
        print(f"{label}: missing /config or /weights")
        return 1
    cfg = {k: group["config"].attrs[k] for k in group["config"].attrs}
    cfg["features"] = [text(s) for s in cfg["features"]]
    weights = group["weights"]
    state = {}
    for name in weights:
        state[name] = torch.from_numpy(np.asarray(weights[name][...], dtype=np.float32))
    print(f"{label}: arch {text(cfg['arch'])}, hidden {int(cfg['hidden'])}, "
          f"layers {int(cfg['layers'])}, head {int(cfg['head'])}, "
          f"attention {int(cfg['attention'])}, features {len(cfg['features'])}")
    problems = 0
    want = expected_tensors(cfg)
    for name, shape in want:
        if name not in state:
            print(f"  MISSING {name} {shape}")
            problems += 1
        elif tuple(state[name].shape) != shape:
            print(f"  SHAPE {name} {tuple(state[name].shape)}, expected {shape}")
            problems += 1
        else:
            print(f"  {name} {tuple(state[name].shape)}")
    for name in sorted(set(state) - {n for n, _ in want}):
        print(f"  EXTRA {name} {tuple(state[name].shape)}")
        problems += 1
    if problems:
        return problems
    module = make_module(torch, cfg)
    module.load_state_dict(state, strict=True)
    module.eval()
    print(f"  loaded into torch ({sum(p.numel() for p in module.parameters())} parameters)")
    if forward:
        x = torch.full((1, int(cfg["seq_len"]), len(cfg["features"])), 0.5)
        with torch.no_grad():
            print(f"  forward(0.5 window) = {module(x).item():.9g}")
    return 0


def main(argv):
    args = [a for a in argv[1:] if a != "--forward"]
    if len(args) != 1:
        print("usage: " + __doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    try:
        import torch
    except ImportError as err:
        print(f"check_model_load: PyTorch is not available: {err}", file=sys.stderr)
        return 2
    try:
        f = h5py.File(args[0], "r")
    except OSError as err:
        print(f"{args[0]}: {err}", file=sys.stderr)
        return 2
    with f:
        if text(f.attrs.get("format", "")) != "scaleahead-model":
            print(f"{args[0]}: not a scaleahead model", file=sys.stderr)
            return 2
        kind = text(f.attrs["kind"])
        print(f"{args[0]}: kind {kind}, format_version {int(f.attrs['format_version'])}")
        if kind == "lstm":
            members = [(f, "model")]
        else:
            names = sorted(f["members"], key=int)
            members = [(f["members"][n], f"member {n}") for n in names]
        problems = sum(check_member(torch, g, label, "--forward" in argv)
                       for g, label in members)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
