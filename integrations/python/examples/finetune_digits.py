#!/usr/bin/python3
"""A REAL CPU fine-tuning job that trains but doesn't learn, with tbdl_probe telemetry.

Data: scikit-learn's bundled handwritten digits (``sklearn.datasets.load_digits``: 1,797 8x8
images, 10 classes; shipped inside Debian's python3-sklearn, nothing is downloaded). One fixed
split (seed 20260601, the same for every run): clean probe pool P = 500 items, held-out eval =
400 items, training = the other 897. The three are disjoint.

Base: an MLP (64-128-128-10) pre-trained on the training items of digits 0, 1, 2 only (fixed
seed), so it knows about 3 of the 10 target classes: pool accuracy mu0 ~ 0.3 (the study's bases
sit at 0.24-0.33). Fine-tuning continues from the base on all 10 classes, with one of four arms:

- correct: the true labels.                                       -> learns (~0.92)
- permute: labels relabelled by a fixed derangement of 0..9       -> TBDL, worse than base
           (the loss falls like correct's, a little behind at first because the base's
           digits 0-2 must be unlearned: the relabelled task is just as learnable).
- noise:   each training label replaced, with probability --noise-fraction (default 1.0: the
           label column carries no signal, as when the intake reads the wrong column), by a
           uniformly random class, fixed per item, seeded by --seed.  -> TBDL, near the base
           (0.95 keeps a faint signal: most seeds TBDL, some learn; see docs/readme/realjob.md)
- mask:    the loss is masked on --mask-fraction (default 0.5) of the training items (fixed
           per item, seeded: their labels are hidden from the loss):
           benign, it learns more slowly from the rest.               -> learns

Every 10 steps the clean probe draws 64 pool items with replacement (tbdl_probe.ProbeSampler,
seeded per (seed, round)), scores the checkpoint on them forward-only, and logs the pairs with
the base's one-time correctness. After the last step the held-out split is scored (``eval``).
The job checks --stop-file at every step and ends with status "stopped" when it appears.

Usage: /usr/bin/python3 finetune_digits.py --arm permute --seed 1 --steps 300 --out run.jsonl
       [--stop-file run.stop] [--sleep-per-step 0.02] [--threads 1]
       Several runs in one process (the base is trained once, imports paid once):
       --arm all --seed 1,2,3 --out 'runs/{arm}.digits.seed{seed}.jsonl'
       Each run's result depends only on (arm, seed, steps, fractions), not on what ran before.
Exit status: 0 completed or stopped, 2 bad arguments, 3 torch missing; an exception during a run
writes ``end`` with status "failed" and the error, then propagates (exit 1).
"""
from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tbdl_probe import CleanProbe, ProbeSampler, StopFile, TelemetryWriter  # noqa: E402

ARMS = ("correct", "permute", "noise", "mask")
DATA_SEED, BASE_SEED = 20260601, 1234
POOL_SIZE, HELDOUT_SIZE = 500, 400
BASE_CLASSES = (0, 1, 2)
DERANGEMENT = (3, 7, 0, 9, 5, 8, 1, 2, 6, 4)  # fixed permutation of 0..9 with no fixed point
PROBE_SIZE, PROBE_EVERY, LOG_EVERY, BATCH, LR = 64, 10, 5, 32, 1e-3
BASE_STEPS = 200


def parse(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--arm", required=True, help=f"one of {', '.join(ARMS)}, a comma list, or all")
    p.add_argument("--seed", default="1", help="an int or a comma list of ints")
    p.add_argument("--steps", type=int, default=300)
    p.add_argument("--out", required=True, help="telemetry JSONL (appended); several arms need {arm}, several "
                   "seeds {seed} in it, e.g. runs/{arm}.{seed}.jsonl")
    p.add_argument("--stop-file", default=None, help="stop when this file appears")
    p.add_argument("--sleep-per-step", type=float, default=0.0, help="emulate a slower step (s)")
    p.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    p.add_argument("--noise-fraction", type=float, default=1.0, help="noise arm: share of labels randomised")
    p.add_argument("--mask-fraction", type=float, default=0.5, help="mask arm: share of items loss-masked")
    p.add_argument("--run-id", default=None)
    a = p.parse_args(argv)
    a.arms = list(ARMS) if a.arm == "all" else a.arm.split(",")
    bad = [x for x in a.arms if x not in ARMS]
    if bad:
        p.error(f"invalid --arm: {','.join(bad)} (expected one of {', '.join(ARMS)}, a comma list, or all)")
    try:
        a.seeds = [int(x) for x in a.seed.split(",")]
    except ValueError:
        p.error(f"invalid --seed: {a.seed} (expected an int or a comma list of ints)")
    if (len(a.arms) > 1 and "{arm}" not in a.out) or (len(a.seeds) > 1 and "{seed}" not in a.out):
        p.error(f"invalid --out: {a.out} (several arms need {{arm}}, several seeds {{seed}} in the path)")
    if a.run_id is not None and len(a.arms) * len(a.seeds) > 1:
        p.error("invalid --run-id: only with a single run")
    if a.steps < 1:
        p.error(f"invalid --steps: {a.steps} (expected >= 1)")
    for name in ("noise_fraction", "mask_fraction"):
        if not 0.0 <= getattr(a, name) <= 1.0:
            p.error(f"invalid --{name.replace('_', '-')}: {getattr(a, name)} (expected 0..1)")
    return a


def load_split(np):
    from sklearn.datasets import load_digits
    d = load_digits()
    X = (d.data / 16.0).astype("float32")
    y = d.target.astype("int64")
    order = np.random.RandomState(DATA_SEED).permutation(len(y))
    pool, held, train = order[:POOL_SIZE], order[POOL_SIZE:POOL_SIZE + HELDOUT_SIZE], order[POOL_SIZE + HELDOUT_SIZE:]
    return X, y, pool, held, train


def make_model(torch):
    nn = torch.nn
    return nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(), nn.Linear(128, 10))


def train_base(torch, np, X, y, train):
    """The base: pre-trained on digits 0-2 only (fixed seed), the same for every run."""
    torch.manual_seed(BASE_SEED)
    model = make_model(torch)
    idx = train[np.isin(y[train], BASE_CLASSES)]
    Xb, yb = torch.from_numpy(X[idx]), torch.from_numpy(y[idx])
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    g = torch.Generator().manual_seed(BASE_SEED)
    for _ in range(BASE_STEPS):
        b = torch.randint(len(idx), (BATCH,), generator=g)
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(Xb[b]), yb[b]).backward()
        opt.step()
    return model


def arm_labels(np, arm, y_train, seed, noise_fraction, mask_fraction):
    """Training labels and per-item loss weights for an arm (seeded by the run seed)."""
    rs = np.random.RandomState(seed)
    labels, weight = y_train.copy(), np.ones(len(y_train), dtype="float32")
    if arm == "permute":
        labels = np.asarray(DERANGEMENT)[y_train]
    elif arm == "noise":
        flip = rs.rand(len(y_train)) < noise_fraction
        labels = np.where(flip, rs.randint(0, 10, len(y_train)), y_train)
    elif arm == "mask":
        weight = (rs.rand(len(y_train)) >= mask_fraction).astype("float32")
    return labels, weight


def correct_on(torch, model, X, y, idx):
    with torch.no_grad():
        pred = model(torch.from_numpy(X[idx])).argmax(1).numpy()
    return [bool(v) for v in (pred == y[idx])]


def fine_tune(torch, np, data, base, a, arm: str, seed: int, out: str) -> str:
    """One fine-tuning run (arm, seed) from the shared base; returns the end status."""
    X, y, pool, held, train, base_pool, base_held = data
    import sklearn
    run_id = a.run_id or f"{arm}-digits-s{seed}"
    writer = TelemetryWriter(out, run=run_id)
    sampler = ProbeSampler(len(pool), PROBE_SIZE, PROBE_EVERY, seed=1000 + seed)
    probe = CleanProbe([str(i) for i in pool], base_pool, sampler, writer)
    stop = StopFile(a.stop_file)
    writer.run(base=probe.base_block("mlp-digits012", classes=list(BASE_CLASSES)),
               probe=probe.probe_block(),
               plan={"steps": a.steps, "gpus": 1, "gpu_type": "cpu", "usd_per_gpu_hour": 0.05},
               design={"alpha": 0.05, "margin": 0.05, "warmup_step": min(100, a.steps)},
               # labels the monitor copies into detector_runs (docs/results-schema.md: source, arm, seed)
               source="real", arm=arm, seed=seed,
               job={"example": "finetune_digits", "arm": arm, "seed": seed, "dataset": "sklearn.load_digits",
                    "torch": torch.__version__, "sklearn": sklearn.__version__, "batch": BATCH, "lr": LR,
                    "noise_fraction": a.noise_fraction if arm == "noise" else None,
                    "mask_fraction": a.mask_fraction if arm == "mask" else None,
                    "permutation": list(DERANGEMENT) if arm == "permute" else None})

    status, step = "completed", 0
    try:
        torch.manual_seed(seed)
        model = make_model(torch)
        model.load_state_dict(base.state_dict())
        labels, weight = arm_labels(np, arm, y[train], seed, a.noise_fraction, a.mask_fraction)
        Xt, yt, wt = torch.from_numpy(X[train]), torch.from_numpy(labels), torch.from_numpy(weight)
        opt = torch.optim.Adam(model.parameters(), lr=LR)
        g = torch.Generator().manual_seed(seed)
        for step in range(1, a.steps + 1):
            b = torch.randint(len(train), (BATCH,), generator=g)
            opt.zero_grad()
            per_item = torch.nn.functional.cross_entropy(model(Xt[b]), yt[b], reduction="none")
            w = wt[b]
            loss = (per_item * w).sum() / w.sum().clamp(min=1.0)
            loss.backward()
            grad_norm = float(torch.nn.utils.clip_grad_norm_(model.parameters(), float("inf")))
            opt.step()
            if step % LOG_EVERY == 0 or step == 1:
                writer.train(step, loss=float(loss), grad_norm=grad_norm, lr=LR)
            probe.maybe_probe(step, lambda pos: correct_on(torch, model, X, y, pool[pos]))
            if a.sleep_per_step > 0:
                time.sleep(a.sleep_per_step)
            if stop.check():
                status = "stopped"
                break
        if status == "completed":
            model_held = correct_on(torch, model, X, y, held)
            writer.eval(step, [{"id": str(i), "base": bh, "model": mh} for i, bh, mh in zip(held, base_held, model_held)])
            writer.end(step, "completed")
        else:
            writer.end(step, "stopped", reason=stop.reason)
    except BaseException as exc:  # the job failed: say so in the stream, then re-raise
        if not writer.ended:
            writer.end(step, "failed", error=f"{type(exc).__name__}: {exc}")
        writer.close()
        raise
    writer.close()
    return status


def main(argv) -> int:
    a = parse(argv)
    import numpy as np
    try:
        import torch
    except ImportError:
        print("finetune_digits: torch is not importable by this python (install python3-torch)", file=sys.stderr)
        return 3
    torch.set_num_threads(a.threads)
    torch.use_deterministic_algorithms(True)
    X, y, pool, held, train = load_split(np)
    base = train_base(torch, np, X, y, train)
    data = (X, y, pool, held, train, correct_on(torch, base, X, y, pool), correct_on(torch, base, X, y, held))
    for arm in a.arms:
        for seed in a.seeds:
            out = a.out.replace("{arm}", arm).replace("{seed}", str(seed))
            fine_tune(torch, np, data, base, a, arm, seed, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
