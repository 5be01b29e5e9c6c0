"""Clean probe: the base's one-time pool scoring plus the per-round sampler and writer.

The base is scored ONCE on the whole clean pool P (``base_correct[i]`` for pool position i);
its exact pool accuracy mu0 goes into the ``run`` event. At each probe step the sampler draws
positions, the trainer scores the checkpoint on them (forward only) and this class writes the
paired outcomes ``{"id", "base", "model"}`` as one ``probe`` event (detector.md section 1).

Example::

    cp = CleanProbe(pool_ids, base_correct, ProbeSampler(len(pool_ids), 64, 10, seed=7), writer)
    cp.maybe_probe(step, lambda pos: [bool(x) for x in (model(X[pos]).argmax(1) == y[pos])])
"""
from __future__ import annotations

from typing import Callable, Optional, Sequence

from .sampler import ProbeSampler
from .writer import TelemetryWriter

__all__ = ["CleanProbe"]


class CleanProbe:
    """Binds the clean pool (ids and base correctness) to a sampler and a telemetry writer.

    Raises ValueError when ids and base correctness differ in length or the sampler's
    ``pool_size`` is not the pool's size.
    """

    def __init__(self, pool_ids: Sequence, base_correct: Sequence[bool], sampler: ProbeSampler,
                 writer: TelemetryWriter) -> None:
        if len(pool_ids) != len(base_correct) or len(pool_ids) != sampler.pool_size:
            raise ValueError(f"invalid pool: {len(pool_ids)} ids, {len(base_correct)} base scores, "
                             f"sampler pool_size {sampler.pool_size} (expected all equal)")
        self.ids = [str(i) for i in pool_ids]
        self.base = [bool(b) for b in base_correct]
        self.sampler, self.writer = sampler, writer

    @property
    def pool_accuracy(self) -> float:
        """mu0: the base's exact accuracy on the whole pool (never an estimate)."""
        return sum(self.base) / len(self.base)

    def base_block(self, model: str, **extra) -> dict:
        """The ``base`` block of the ``run`` event: model, pool_size, pool_accuracy."""
        return {"model": model, "pool_size": len(self.ids), "pool_accuracy": self.pool_accuracy, **extra}

    def probe_block(self, include_ids: bool = True) -> dict:
        """The ``probe`` block of the ``run`` event; with ``include_ids`` it also lists the pool's
        ids in position order (``pool_ids``) so a monitor can re-derive each round's items from
        the logged seed (src/detector/sampler.ts ``sampleProbe`` gives the positions)."""
        block = self.sampler.describe()
        if include_ids:
            block["pool_ids"] = list(self.ids)
        return block

    def maybe_probe(self, step: int, score: Callable[[Sequence[int]], Sequence[bool]]) -> Optional[dict]:
        """At a probe step: draw, call ``score(positions)`` (checkpoint correctness per drawn
        position, same order and length) and write the round; otherwise return None."""
        if not self.sampler.due(step):
            return None
        draw = self.sampler.draw_for_step(step)
        model_correct = list(score(list(draw.positions)))
        if len(model_correct) != len(draw.positions):
            raise ValueError(f"invalid score: {len(model_correct)} results for {len(draw.positions)} items")
        items = [{"id": self.ids[p], "base": self.base[p], "model": bool(m)}
                 for p, m in zip(draw.positions, model_correct)]
        return self.writer.probe(step, items, seq=draw.seq, round_seed=draw.seed)
