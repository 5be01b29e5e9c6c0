"""Bit-exact Python port of tbdl's seeded generator (src/rng.ts) and probe round seed
(src/detector/sampler.ts), so a job's probe draws can be re-derived by the monitor.

- ``probe_round_seed(seed, round)``: murmur3 fmix32 mixing of the run's probe seed and round.
- ``Xoshiro128ss(seed)``: xoshiro128** (Blackman and Vigna 2018) seeded through splitmix32;
  ``next_u32()`` and the unbiased ``int(n)`` (rejection sampling) match ``createRng(seed)``.

All arithmetic is on uint32 values (``& 0xFFFFFFFF``), mirroring JavaScript's ``>>> 0`` and
``Math.imul``. Example: ``Xoshiro128ss(probe_round_seed(7, 1)).int(500)`` equals
``createRng(probeRoundSeed(7, 1)).int(500)`` in TypeScript.
"""
from __future__ import annotations

__all__ = ["probe_round_seed", "Xoshiro128ss"]

_M = 0xFFFFFFFF


def _fmix32(h: int) -> int:
    h &= _M
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _M
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _M
    h ^= h >> 16
    return h


def _rotl(x: int, k: int) -> int:
    return ((x << k) | (x >> (32 - k))) & _M


def probe_round_seed(seed: int, round_no: int) -> int:
    """The uint32 seed of probe round ``round_no`` under run seed ``seed`` (any safe integer)."""
    lo = seed & _M
    hi = (seed // 4294967296) & _M
    return _fmix32(_fmix32(lo ^ 0x3C6EF372) ^ ((hi * 0x27D4EB2F) & _M) ^ _fmix32((round_no & _M) + 0x9E3779B9))


class Xoshiro128ss:
    """xoshiro128** seeded like ``createRng(seed)`` for an integer ``seed`` (low 32 bits used)."""

    def __init__(self, seed: int) -> None:
        s = (seed ^ 0x5BD1E995) & _M
        words = []
        for _ in range(4):
            s = (s + 0x9E3779B9) & _M
            z = s
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & _M
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & _M
            words.append((z ^ (z >> 16)) & _M)
        if not any(words):
            words[0] = 1
        self.a, self.b, self.c, self.d = words

    def next_u32(self) -> int:
        """The next uint32 output."""
        a, b, c, d = self.a, self.b, self.c, self.d
        result = (_rotl((b * 5) & _M, 7) * 9) & _M
        t = (b << 9) & _M
        c ^= a
        d ^= b
        b ^= c
        a ^= d
        c ^= t
        d = _rotl(d, 11)
        self.a, self.b, self.c, self.d = a, b, c, d
        return result

    def int(self, n: int) -> int:
        """Uniform integer in [0, n), 1 <= n <= 2**32, unbiased (rejection sampling)."""
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 4294967296:
            raise ValueError(f"invalid n: {n!r} (expected an integer in [1, 2^32])")
        limit = 4294967296 - (4294967296 % n)
        while True:
            x = self.next_u32()
            if x < limit:
                return x % n
