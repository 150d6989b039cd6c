#!/usr/bin/python3
"""make_fixture.py — writes tests/data/parity.h5, the PyTorch reference that
tests/test_parity.c compares the C network with (docs/style.md §7).

Run with Debian's python3 (torch 1.13, h5py) from the repository root:
    /usr/bin/python3 tests/parity/make_fixture.py

For each model — the last hidden state into one fc layer ("last_fc"), the
last hidden state into fc1/ReLU/fc2 ("last_head"), attention pooling into
fc1/ReLU/fc2 ("attention") — the group /<model> holds
    attributes  inputs, hidden, layers, head, attention, seq_len, batch,
                lr, max_norm, steps
    weights/<name>   the initial float32 state_dict (PyTorch names, shapes)
    x (B, T, I), target (B)            the batch
    y (B), loss (1)                    forward output, MSE loss (mean)
    grads/<name>                       every gradient after loss.backward()
    grad_norms (steps)                 clip_grad_norm_'s total norm per step
    adam/<name>                        weights after `steps` Adam steps, each
                                       forward, backward, clip to 1.0, step
Dropout is 0. The reference is computed in float64 from the float32
weights and stored as float32, so it is more exact than the float32 code it
checks. (In float64 the gradient of attn.bias is ~1e-17, as it should be:
the softmax ignores a shift of every score; the C code returns exactly 0.)
Finally each state_dict is loaded back from the file into a float32 module
with strict=True, which proves the names and shapes are PyTorch's.

Two more models are the robust presets' network (issue 14): "robust" (one
LSTM layer, fc, highway on the last K inputs) and "linear" (the highway
alone), both with the scale-free input stage, residual output and L1 loss.
Their groups hold the data raw — x_raw (B, T, I), target_raw (B) — and the
transform as attributes named as in a model file (/transform center, scale,
log1p, role; /config clip, highway, residual, loss): this script computes
the transformed inputs from those attributes alone, as a Python user of a
model file would, and stores forecast (B), the output mapped back to raw
units, besides y (transformed units).

Four more are forecast paths (issue 23): "path_head" (attention, fc1/ReLU/
fc2 with PATH_STEPS outputs), "path_fc" (last state, fc with PATH_STEPS
outputs), "path_robust" and "path_linear" (the robust network and the
highway alone, every step a residual from the same anchor). Their groups
add the attribute outputs = PATH_STEPS; target, y (and target_raw,
forecast) are (B, PATH_STEPS), and the loss is the mean over sequences and
steps, as training averages it.
"""
import os

import h5py
import numpy as np
import torch
import torch.nn as nn

B, T, I, H, L, D = 3, 5, 4, 6, 2, 5
LR, MAX_NORM, STEPS = 1e-2, 1.0, 3
PATH_STEPS = 4   # outputs of the forecast-path models
OUT = os.path.join(os.path.dirname(__file__), "..", "data", "parity.h5")


class Forecaster(nn.Module):
    """Stacked LSTM -> last state or attention pooling -> head -> one output,
    or with steps > 1 a path of that many outputs (B, S)."""

    def __init__(self, inputs, hidden, layers, head, attention, steps=1):
        super().__init__()
        self.steps = steps
        self.lstm = nn.LSTM(inputs, hidden, layers, batch_first=True)
        self.attention = attention
        if attention:
            self.attn = nn.Linear(hidden, 1)
        self.head = head
        if head > 0:
            self.fc1 = nn.Linear(hidden, head)
            self.fc2 = nn.Linear(head, steps)
        else:
            self.fc = nn.Linear(hidden, steps)

    def forward(self, x):
        out, _ = self.lstm(x)                               # (B, T, H)
        if self.attention:
            alpha = torch.softmax(self.attn(out).squeeze(-1), dim=1)   # (B, T)
            z = (alpha.unsqueeze(-1) * out).sum(dim=1)      # (B, H)
        else:
            z = out[:, -1, :]
        y = self.fc2(torch.relu(self.fc1(z))) if self.head > 0 else self.fc(z)
        return y.squeeze(-1) if self.steps == 1 else y


def f32(t):
    return t.detach().to(torch.float32).numpy()


def adam_steps(ref, x, target, loss_fn):
    """STEPS Adam steps of ref on (x, target) with the gradient clipped to
    MAX_NORM: the first step's output, loss and gradients, and every step's
    gradient norm before clipping."""
    opt = torch.optim.Adam(ref.parameters(), lr=LR)
    norms = []
    for step in range(STEPS):
        opt.zero_grad()
        y = ref(x)
        loss = loss_fn(y, target)
        loss.backward()
        if step == 0:
            y0, loss0 = y, loss
            grads = {k: p.grad.clone() for k, p in ref.named_parameters()}
        norms.append(float(torch.nn.utils.clip_grad_norm_(ref.parameters(), MAX_NORM)))
        opt.step()
    return y0, loss0, grads, norms


def write_steps(g, ref, loss0, grads, norms):
    """Stores what adam_steps gave in group g, and the parameters after it."""
    g.create_dataset("loss", data=np.array([loss0.item()], dtype=np.float32))
    for k, v in grads.items():
        g.create_dataset("grads/" + k, data=f32(v))
    g.create_dataset("grad_norms", data=np.array(norms, dtype=np.float32))
    for k, v in ref.named_parameters():
        g.create_dataset("adam/" + k, data=f32(v))


def write_model(f, name, head, attention, seed, steps=1):
    torch.manual_seed(seed)
    model = Forecaster(I, H, L, head, attention, steps)
    with torch.no_grad():   # twice torch's default scale: outputs that vary with x
        for p in model.parameters():
            p.mul_(2.0)
    weights = {k: v.detach().clone() for k, v in model.state_dict().items()}
    x = torch.rand(B, T, I) * 4 - 2
    target = torch.rand(B) if steps == 1 else torch.rand(B, steps)

    ref = model.double()
    xd, td = x.double(), target.double()
    y0, loss0, grads, norms = adam_steps(ref, xd, td, nn.MSELoss())

    g = f.create_group(name)
    for key, val in dict(inputs=I, hidden=H, layers=L, head=head, attention=int(attention),
                         seq_len=T, batch=B, steps=STEPS).items():
        g.attrs[key] = np.int32(val)
    if steps > 1:
        g.attrs["outputs"] = np.int32(steps)
    g.attrs["lr"] = LR
    g.attrs["max_norm"] = MAX_NORM
    for k, v in weights.items():
        g.create_dataset("weights/" + k, data=f32(v))
    g.create_dataset("x", data=f32(x))
    g.create_dataset("target", data=f32(target))
    g.create_dataset("y", data=f32(y0))
    write_steps(g, ref, loss0, grads, norms)
    print(f"{name}: {len(weights)} tensors, y {f32(y0)}, loss {loss0.item():.6f}, "
          f"grad norms {', '.join(f'{n:.4f}' for n in norms)}")


def check_loads(path, name, head, attention, steps=1):
    """The stored weights load into a fresh module by state_dict name."""
    with h5py.File(path, "r") as f:
        g = f[name]
        sd = {k: torch.from_numpy(g["weights"][k][()]) for k in g["weights"]}
        x = torch.from_numpy(g["x"][()])
        y = g["y"][()]
    model = Forecaster(I, H, L, head, attention, steps)
    model.load_state_dict(sd, strict=True)
    with torch.no_grad():
        diff = np.abs(model(x).numpy() - y).max()
    assert diff < 1e-5, f"{name}: reloaded model differs by {diff}"
    print(f"{name}: state_dict loads (strict), output within {diff:.1e}")


# The robust models' transform (data/transform.h): column 0 the target
# (relative, log1p), 1 another metric (robust, log1p), 2 the hour (fixed).
CENTER = np.array([3.0, 5.0, 11.5])
SCALE = np.array([0.2, 1.5, 11.5])
LOG1P = np.array([1, 1, 0])
ROLE = np.array([0, 1, 2])
CLIP, K = 2.0, 3


def transform(raw, center, scale, log1p):
    """(g(x) - center) / scale per column, g = sign(x) log1p(|x|) where log1p."""
    g = np.where(log1p > 0, np.sign(raw) * np.log1p(np.abs(raw)), raw)
    return np.where(scale > 0, (g - center) / np.where(scale > 0, scale, 1.0), 0.0)


def untransform(y, center, scale, log1p):
    v = center + scale * y
    return np.sign(v) * np.expm1(np.abs(v)) if log1p else v


class RobustForecaster(nn.Module):
    """Input stage (centre the relative columns on the last target value,
    clip), LSTM -> last state -> fc (when layers > 0), plus the highway on
    the last k target inputs, plus the anchor."""

    def __init__(self, inputs, hidden, layers, k, relative, clip, steps=1):
        super().__init__()
        self.layers, self.k, self.clip, self.steps = layers, k, clip, steps
        self.relative = torch.tensor(relative, dtype=torch.bool)
        if layers:
            self.lstm = nn.LSTM(inputs, hidden, layers, batch_first=True)
            self.fc = nn.Linear(hidden, steps)
        self.highway = nn.Linear(k, steps)

    def forward(self, z):
        # every step a residual from the same anchor, the window's last value
        anchor = z[:, -1, 0]
        x = torch.where(self.relative, z - anchor[:, None, None], z).clamp(-self.clip, self.clip)
        out = anchor[:, None] + self.highway(x[:, -self.k:, 0])
        if self.layers:
            h, _ = self.lstm(x)
            out = out + self.fc(h[:, -1, :])
        return out.squeeze(-1) if self.steps == 1 else out


def write_robust(f, name, layers, seed, steps=1):
    torch.manual_seed(seed)
    model = RobustForecaster(I - 1, H, layers, K, ROLE == 0, CLIP, steps)
    weights = {k: v.detach().clone() for k, v in model.state_dict().items()}
    cpu = torch.rand(B, T) * 30 + 10
    net = torch.exp(torch.rand(B, T) * 8)
    hour = torch.randint(0, 24, (B, T)).double()
    x_raw = torch.stack([cpu, net, hour.float()], dim=-1)
    target_raw = torch.rand(B) * 30 + 10 if steps == 1 else torch.rand(B, steps) * 30 + 10
    z = torch.from_numpy(transform(x_raw.double().numpy(), CENTER, SCALE, LOG1P))
    tz = torch.from_numpy(transform(target_raw.double().numpy().reshape(-1, 1), CENTER[:1],
                                    SCALE[:1], LOG1P[:1])[:, 0].reshape(target_raw.shape))
    ref = model.double()
    y0, loss0, grads, norms = adam_steps(ref, z, tz, nn.L1Loss())
    g = f.create_group(name)
    for key, val in dict(inputs=I - 1, hidden=H, layers=layers, head=0, attention=0,
                         seq_len=T, batch=B, steps=STEPS, highway=K, residual=1).items():
        g.attrs[key] = np.int32(val)
    if steps > 1:
        g.attrs["outputs"] = np.int32(steps)
    g.attrs["lr"], g.attrs["max_norm"], g.attrs["clip"] = LR, MAX_NORM, CLIP
    g.attrs["loss"] = np.bytes_("l1")   # fixed-length, as model files store strings
    g.attrs["center"], g.attrs["scale"] = CENTER, SCALE
    g.attrs["log1p"], g.attrs["role"] = LOG1P.astype(np.int64), ROLE.astype(np.int64)
    for k, v in weights.items():
        g.create_dataset("weights/" + k, data=f32(v))
    g.create_dataset("x_raw", data=f32(x_raw))
    g.create_dataset("target_raw", data=f32(target_raw))
    g.create_dataset("y", data=f32(y0))
    forecast = untransform(y0.detach().numpy(), CENTER[0], SCALE[0], LOG1P[0])
    g.create_dataset("forecast", data=forecast.astype(np.float32))
    write_steps(g, ref, loss0, grads, norms)
    print(f"{name}: {len(weights)} tensors, forecast {forecast}, loss {loss0.item():.6f}")


def main():
    models = [("last_fc", 0, False, 1), ("last_head", D, False, 2), ("attention", D, True, 3)]
    with h5py.File(OUT, "w") as f:
        f.attrs["generator"] = "tests/parity/make_fixture.py, torch " + torch.__version__
        for name, head, attention, seed in models:
            write_model(f, name, head, attention, seed)
        write_robust(f, "robust", 1, 4)
        write_robust(f, "linear", 0, 5)
        # forecast paths (issue 23): S outputs, the loss averaged over
        # sequences and steps (MSELoss / L1Loss's mean over all elements)
        write_model(f, "path_head", D, True, 6, steps=PATH_STEPS)
        write_model(f, "path_fc", 0, False, 7, steps=PATH_STEPS)
        write_robust(f, "path_robust", 1, 8, steps=PATH_STEPS)
        write_robust(f, "path_linear", 0, 9, steps=PATH_STEPS)
    for name, head, attention, _ in models:
        check_loads(OUT, name, head, attention)
    check_loads(OUT, "path_head", D, True, PATH_STEPS)
    check_loads(OUT, "path_fc", 0, False, PATH_STEPS)


if __name__ == "__main__":
    main()
