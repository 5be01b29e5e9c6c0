"""Plain PyTorch loop helper: one object that writes the ``run`` event, a ``train`` event per
logged step, the probe rounds (shared ``ProbeSampler``: fresh draws with replacement, seeded per
(seed, round), bit-exact with the monitor's sampler) and the ``end`` event, and tells the loop
when the monitor's stop file appeared. See docs/integrations.md "Plain PyTorch loop".

Example::

    mon = TBDLLoop("run.jsonl", run="my-run", pool_ids=ids, base_correct=base_ok, base_model="my-base",
                   plan={"steps": 300, "gpus": 1, "gpu_type": "H200", "usd_per_gpu_hour": 3.0},
                   stop_file="my-run.stop")
    for step in range(1, 301):
        loss = train_step()
        if mon.step(step, loss=loss, lr=opt.param_groups[0]["lr"], score=lambda pos: correct_on(pos)):
            break                      # the monitor alarmed: the stop file is there
    mon.end(step)
"""
from __future__ import annotations

from typing import Any, Callable, Mapping, Optional, Sequence

from .probe import CleanProbe
from .sampler import ProbeSampler
from .stop import StopFile
from .writer import TelemetryWriter

__all__ = ["TBDLLoop"]


class TBDLLoop:
    """Telemetry, clean probe and stop file for a hand-written training loop.

    ``pool_ids`` / ``base_correct``: the clean probe pool and the base model's correctness on each
    item, scored once before training. ``size`` items are drawn every ``every`` steps with
    ``seed``. ``design`` (alpha, margin, warmup_step) is the pre-registration. Raises ValueError
    on an invalid pool (see ``CleanProbe``) and on a step that goes backwards.
    """

    def __init__(self, target: Any, run: str, pool_ids: Sequence, base_correct: Sequence[bool], base_model: str,
                 plan: Mapping[str, Any], size: int = 64, every: int = 10, seed: int = 0,
                 design: Optional[Mapping[str, Any]] = None, stop_file: Optional[str] = None,
                 log_every: int = 1, **run_extra: Any) -> None:
        self.writer = target if isinstance(target, TelemetryWriter) else TelemetryWriter(target, run=run)
        self.sampler = ProbeSampler(len(pool_ids), size, every, seed)
        self.probe = CleanProbe(pool_ids, base_correct, self.sampler, self.writer)
        self.stop = StopFile(stop_file)
        self.log_every = max(1, int(log_every))
        self.last_step = 0
        self.writer.run(base=self.probe.base_block(base_model), probe=self.probe.probe_block(), plan=dict(plan),
                        **({"design": dict(design)} if design is not None else {}), **run_extra)

    def step(self, step: int, loss: Optional[float] = None, lr: Optional[float] = None,
             grad_norm: Optional[float] = None, score: Optional[Callable[[Sequence[int]], Sequence[bool]]] = None,
             **train_extra: Any) -> bool:
        """After optimizer step ``step``: a ``train`` event every ``log_every`` steps, a probe round
        when due (``score(positions)`` gives the checkpoint's correctness on the drawn pool
        positions, forward only), then the stop-file check. Returns True when the loop should stop."""
        if step < self.last_step:
            raise ValueError(f"invalid step: {step} (expected >= the previous step {self.last_step})")
        self.last_step = step
        if step % self.log_every == 0 and (loss is not None or grad_norm is not None):
            self.writer.train(step, loss=loss, grad_norm=grad_norm, lr=lr, **train_extra)
        if score is not None:
            self.probe.maybe_probe(step, score)
        return self.stop.check()

    def eval(self, step: int, items: Sequence[Mapping[str, Any]], split: str = "heldout") -> None:
        """Writes the held-out ``eval`` event (items ``{"id", "base", "model"}``) for the Learned gate."""
        self.writer.eval(step, items, split=split)

    def end(self, step: Optional[int] = None, status: Optional[str] = None) -> None:
        """Writes the ``end`` event: ``stopped`` when the stop file was seen, else ``completed``."""
        if self.writer.ended:
            return
        s = self.last_step if step is None else step
        self.writer.end(s, status or ("stopped" if self.stop.stopped else "completed"))
