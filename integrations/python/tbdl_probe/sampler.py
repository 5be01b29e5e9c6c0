"""Probe sampler: fresh draws WITH replacement from the clean pool, one seeded draw per round.

Design (docs/readme/detector.md section 1): every ``every`` steps draw ``size`` items uniformly
at random with replacement from the clean pool P. The round's seed is derived from the run's
probe seed and the round number, and the draws use the SAME generator as the TypeScript side
(src/detector/sampler.ts ``sampleProbe``), so the monitor can re-derive and audit every round
from the logged seed alone:

    round_seed = probeRoundSeed(seed, round)            # murmur3 fmix32 mixing, uint32
    rng        = xoshiro128**(round_seed)                # src/rng.ts createRng
    positions  = [rng.int(pool_size) for _ in range(size)]

Pure stdlib (see xoshiro.py); no numpy needed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .xoshiro import Xoshiro128ss, probe_round_seed

__all__ = ["ProbeSampler", "ProbeDraw", "round_seed", "pick"]


def round_seed(seed: int, round_no: int) -> int:
    """The uint32 seed of probe round ``round_no`` (>= 1) for run probe seed ``seed``;
    equals TypeScript's ``probeRoundSeed(seed, round)``.

    Example: ``round_seed(7, 1)`` is the same integer on every machine, in Python and TypeScript.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or isinstance(round_no, bool) \
            or not isinstance(round_no, int) or round_no < 1:
        raise ValueError(f"invalid round: seed={seed!r} round={round_no!r} (expected ints, round >= 1)")
    if abs(seed) > 2**53 - 1:
        raise ValueError(f"invalid seed: {seed!r} (expected a safe integer, |seed| < 2^53)")
    return probe_round_seed(seed, round_no)


@dataclass(frozen=True)
class ProbeDraw:
    """One probe round: its number (``seq``), the round seed, and the drawn pool positions."""

    seq: int
    seed: int
    positions: tuple[int, ...]


class ProbeSampler:
    """Draws ``size`` pool positions uniformly with replacement, fresh each round.

    Params: ``pool_size`` >= 1 (the clean pool P), ``size`` >= 1 items per round,
    ``every`` >= 1 steps between rounds, ``seed`` an int (logged in the ``run`` event).
    Rounds fall on steps ``every, 2*every, ...``; round k has ``seq = k``.

    Example::

        s = ProbeSampler(pool_size=500, size=64, every=10, seed=7)
        if s.due(step): draw = s.draw_for_step(step)   # draw.positions index the pool
    """

    def __init__(self, pool_size: int, size: int, every: int, seed: int) -> None:
        for name, val in (("pool_size", pool_size), ("size", size), ("every", every)):
            if not isinstance(val, int) or isinstance(val, bool) or val < 1:
                raise ValueError(f"invalid {name}: {val!r} (expected an int >= 1)")
        if not isinstance(seed, int) or isinstance(seed, bool) or abs(seed) > 2**53 - 1:
            raise ValueError(f"invalid seed: {seed!r} (expected a safe integer)")
        if pool_size > 4294967296:
            raise ValueError(f"invalid pool_size: {pool_size!r} (expected <= 2^32)")
        self.pool_size, self.size, self.every, self.seed = pool_size, size, every, seed

    def due(self, step: int) -> bool:
        """True when ``step`` (>= 1) is a probe step (a positive multiple of ``every``)."""
        return step >= 1 and step % self.every == 0

    def draw(self, round_no: int) -> ProbeDraw:
        """The draw of round ``round_no`` (>= 1); the same round always gives the same draw."""
        rs = round_seed(self.seed, round_no)
        rng = Xoshiro128ss(rs)
        positions = tuple(rng.int(self.pool_size) for _ in range(self.size))
        return ProbeDraw(seq=round_no, seed=rs, positions=positions)

    def draw_for_step(self, step: int) -> ProbeDraw:
        """The draw for probe step ``step``; raises ValueError when ``step`` is not a probe step."""
        if not self.due(step):
            raise ValueError(f"invalid probe step: {step} (expected a positive multiple of {self.every})")
        return self.draw(step // self.every)

    def describe(self) -> dict:
        """The ``probe`` block of the ``run`` event (docs/protocol.md)."""
        return {"size": self.size, "every": self.every, "sampling": "with_replacement",
                "seed": self.seed, "draw_rule": "tbdl-sampleProbe-v1"}


def pick(pool: Sequence, draw: ProbeDraw) -> list:
    """The pool entries at ``draw.positions`` (duplicates kept: sampling is with replacement)."""
    return [pool[i] for i in draw.positions]
