#!/usr/bin/env python3
"""torch_bench.py — the PyTorch reference figures bench/run.sh compares
scaleahead with: the same network as an --arch preset (docs/design.md §5:
nn.LSTM batch_first with dropout between layers, optional attention pooling
Linear(H,1) + softmax over time, fc1 ReLU dropout fc2), the same data shapes
and batch, MSE + Adam + clip_grad_norm_(1.0), on random data.

For each thread count in --threads (torch.set_num_threads) it takes the
median of --reps epochs of --seqs sequences after one warm-up epoch, and of
inference passes over --windows windows in batches of 256 under no_grad
(fewer reps when they pass --budget seconds, and only the warm-up for a
thread count that runs at under a third of the best one's rate, so a
loaded machine cannot stretch the run);
the best thread count is reported, as lines bench/run.sh parses:
    bench: torch_train_ARCH_seq_s VALUE seq/s
    bench: torch_infer_ARCH_win_s VALUE win/s

usage: /usr/bin/python3 bench/torch_bench.py --arch optimized [--threads 1,2]
"""
import argparse
import statistics
import time

import torch
from torch import nn

# (features, seq_len, hidden, layers, head, attention, dropout, lr, batch)
PRESETS = {
    "original": (4, 12, 50, 2, 0, False, 0.0, 1e-3, 32),
    "optimized": (4, 24, 128, 3, 64, False, 0.2, 5e-4, 64),
    "attention": (16, 36, 96, 3, 48, True, 0.15, 3e-4, 64),
}


class Forecaster(nn.Module):
    def __init__(self, n_in, hidden, layers, head, attention, dropout):
        super().__init__()
        self.lstm = nn.LSTM(n_in, hidden, layers, batch_first=True,
                            dropout=dropout if layers > 1 else 0.0)
        self.attn = nn.Linear(hidden, 1) if attention else None
        if head > 0:
            self.fc1 = nn.Linear(hidden, head)
            self.drop = nn.Dropout(dropout)
            self.fc2 = nn.Linear(head, 1)
        else:
            self.fc = nn.Linear(hidden, 1)
        self.head = head

    def forward(self, x):
        h, _ = self.lstm(x)                            # (B, T, H)
        if self.attn is not None:
            alpha = torch.softmax(self.attn(h), dim=1)  # (B, T, 1)
            z = (alpha * h).sum(dim=1)
        else:
            z = h[:, -1, :]
        if self.head > 0:
            return self.fc2(self.drop(torch.relu(self.fc1(z)))).squeeze(-1)
        return self.fc(z).squeeze(-1)


def measure(run_once, count, reps, budget, floor):
    """Median rate (count / seconds) of up to reps calls of run_once after
    an untimed warm-up, stopping early once the timed calls took budget
    seconds. When the warm-up's rate is below floor (a thread count that is
    hopeless on this machine, e.g. OpenMP threads spinning on a loaded
    one), returns that rate without timed calls."""
    t0 = time.perf_counter()
    run_once()
    warm = count / (time.perf_counter() - t0)
    if warm < floor:
        return warm
    rates, spent = [], 0.0
    for _ in range(reps):
        t0 = time.perf_counter()
        run_once()
        dt = time.perf_counter() - t0
        rates.append(count / dt)
        spent += dt
        if spent > budget:
            break
    return statistics.median(rates)


def train_rate(model, x, y, lr, batch, reps, budget, floor):
    """Training sequences/s: epochs over x in shuffled batches, each step
    zero_grad, forward, MSE, backward, clip_grad_norm_(1.0), Adam."""
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.MSELoss()
    model.train()

    def epoch():
        order = torch.randperm(x.shape[0])
        for s in range(0, x.shape[0], batch):
            idx = order[s:s + batch]
            opt.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
    return measure(epoch, x.shape[0], reps, budget, floor)


def infer_rate(model, x, reps, budget, floor):
    """Inference windows/s: passes over x in batches of 256 under no_grad."""
    model.eval()

    def sweep():
        with torch.no_grad():
            for s in range(0, x.shape[0], 256):
                model(x[s:s + 256])
    return measure(sweep, x.shape[0], reps, budget, floor)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--arch", default="optimized", choices=sorted(PRESETS))
    ap.add_argument("--threads", default="1,2", help="thread counts to try, best is kept")
    ap.add_argument("--seqs", type=int, default=384, help="training sequences an epoch")
    ap.add_argument("--windows", type=int, default=1024, help="inference windows a pass")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--budget", type=float, default=6.0,
                    help="seconds of timed runs after which a measurement stops early")
    a = ap.parse_args()
    n_in, T, H, L, D, attention, p, lr, batch = PRESETS[a.arch]
    torch.manual_seed(42)
    x = torch.rand(max(a.seqs, a.windows), T, n_in)
    y = torch.rand(x.shape[0])
    best_train = best_infer = (0.0, 0)
    for k in [int(v) for v in a.threads.split(",")]:
        torch.set_num_threads(k)
        model = Forecaster(n_in, H, L, D, attention, p)
        # a thread count whose warm-up runs at under a third of the best
        # rate so far is not timed further
        tr = train_rate(model, x[:a.seqs], y[:a.seqs], lr, batch, a.reps, a.budget,
                        best_train[0] / 3)
        inf = infer_rate(model, x[:a.windows], a.reps, a.budget, best_infer[0] / 3)
        print(f"# torch {torch.__version__} {a.arch}: {k} threads: train {tr:.1f} seq/s, "
              f"infer {inf:.1f} win/s", flush=True)
        best_train = max(best_train, (tr, k))
        best_infer = max(best_infer, (inf, k))
    print(f"# torch {a.arch}: best training at {best_train[1]} threads, "
          f"inference at {best_infer[1]} threads")
    print(f"bench: torch_train_{a.arch}_seq_s {best_train[0]:.6g} seq/s")
    print(f"bench: torch_infer_{a.arch}_win_s {best_infer[0]:.6g} win/s", flush=True)


if __name__ == "__main__":
    main()
