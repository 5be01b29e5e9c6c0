#!/usr/bin/python3
"""The plain-PyTorch-loop guide of docs/integrations.md, runnable: a hand-written training loop
monitored by tbdl through ``tbdl_probe.TBDLLoop`` (run event, train events, probe rounds from the
shared sampler, stop file, held-out eval, end).

Data: scikit-learn's bundled digits (nothing downloaded): probe pool 300 items, held-out 300, the
rest for training. Base: a small MLP pre-trained on digits 0-4 only (it knows half the classes).
Fine-tuning on all 10 classes with ``--labels true`` learns; with ``--labels permuted`` (labels
relabelled by a fixed derangement, a broken intake) it trains but does not learn, and tbdl alarms.

Usage: /usr/bin/python3 plain_loop.py --out run.jsonl [--labels true|permuted] [--steps 120]
       [--stop-file run.stop] [--seed 1]
Beside it: tbdl watch run.jsonl --follow --stop-file run.stop
Exit status: 0 completed or stopped, 2 bad arguments, 3 torch or sklearn missing.
"""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tbdl_probe import TBDLLoop  # noqa: E402

DERANGEMENT = (3, 7, 0, 9, 5, 8, 1, 2, 6, 4)


def main(argv) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True)
    p.add_argument("--labels", choices=("true", "permuted"), default="true")
    p.add_argument("--steps", type=int, default=120)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--stop-file", default=None)
    a = p.parse_args(argv)
    try:
        import numpy as np
        import torch
        from sklearn.datasets import load_digits
    except ImportError as err:
        print(f"plain_loop: {err} (expected Debian packages python3-torch python3-sklearn)", file=sys.stderr)
        return 3
    torch.set_num_threads(1)
    torch.manual_seed(a.seed)
    d = load_digits()
    X, y = (d.data / 16.0).astype(np.float32), d.target.astype(np.int64)
    order = np.random.RandomState(20260601).permutation(len(y))
    pool, heldout, train = order[:300], order[300:600], order[600:]
    model = torch.nn.Sequential(torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10))
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)

    def fit(idx, labels, steps, opt, on_step=None):
        g = torch.Generator().manual_seed(a.seed)
        for step in range(1, steps + 1):
            b = torch.from_numpy(idx)[torch.randint(len(idx), (32,), generator=g)]
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(Xt[b]), labels[b])
            loss.backward()
            grad_norm = float(torch.nn.utils.clip_grad_norm_(model.parameters(), float("inf")))
            opt.step()
            if on_step is not None and on_step(step, float(loss), grad_norm, opt.param_groups[0]["lr"]):
                return step
        return steps

    def correct(idx):
        with torch.no_grad():
            return [bool(c) for c in (model(Xt[idx]).argmax(1) == yt[idx]).tolist()]

    # the base: knows digits 0-4; scored ONCE on the pool and the held-out split
    known = train[y[train] < 5]
    fit(known, yt, 150, torch.optim.Adam(model.parameters(), lr=3e-3))
    base_pool, base_heldout = correct(pool), correct(heldout)

    # --- what the guide adds to a training loop -------------------------------------------
    mon = TBDLLoop(a.out, run=f"plain-{a.labels}-s{a.seed}", pool_ids=[int(i) for i in pool], base_correct=base_pool,
                   base_model="digits-mlp-0to4", plan={"steps": a.steps, "gpus": 1, "gpu_type": "cpu", "usd_per_gpu_hour": 0.0},
                   size=32, every=10, seed=a.seed, design={"alpha": 0.05, "margin": 0.05, "warmup_step": 20},
                   stop_file=a.stop_file)
    labels = yt if a.labels == "true" else torch.tensor(DERANGEMENT)[yt]
    last = fit(train, labels, a.steps, torch.optim.Adam(model.parameters(), lr=3e-3),
               on_step=lambda step, loss, gn, lr: mon.step(step, loss=loss, lr=lr, grad_norm=gn,
                                                           score=lambda pos: correct(pool[pos])))
    now = correct(heldout)
    mon.eval(last, [{"id": int(i), "base": b, "model": m} for i, b, m in zip(heldout, base_heldout, now)])
    mon.end(last)
    # ---------------------------------------------------------------------------------------
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
