/**
 * Law kit (fast-check): starts at one, never bankrupt, same seed same trajectory, batch ==
 * streaming (bit-identical JSON), JSON round-trip resumes exactly, monotone in evidence, order of
 * items within a round does not matter. 100 runs per property (fast-check default), seeded.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../../src/rng.js';
import {
  bettingInit, bettingUpdate, bettingUpdateMany, bettingUpdateRound, bettingUpdateRounds, bettingLogValue, STRATEGIES,
  pairedCounts, srInit, srUpdate, srUpdateMany, srLogValue, cusumInit, cusumUpdate, cusumUpdateMany, cusumLogValue,
  fixedProbeCombinerInit, fixedProbeCombinerUpdate, fixedProbeCombinerUpdateMany, fixedProbeCombinerLogValue,
  hedgedCsInit, hedgedCsUpdate, hedgedCsUpdateMany, hedgedCsInterval, ebCsInit, ebCsUpdate, ebCsUpdateMany, ebCsInterval,
  type BettingState, type PairedCounts, type Strategy,
} from '../../src/eprocess/index.js';

const SEED = 20261130;
const cfg = { seed: SEED, numRuns: 100 };
const strategy = fc.constantFrom<Strategy>(...STRATEGIES);
const nullMean = fc.double({ min: 0, max: 0.95, noNaN: true });
const trunc = fc.double({ min: 0.05, max: 0.95, noNaN: true });
const obs = fc.oneof(fc.constantFrom(0, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true }));
const ys = fc.array(obs, { maxLength: 120 });
const counts = fc.record({ minus: fc.nat(80), zero: fc.nat(80), plus: fc.nat(80) });
const roundsArb = fc.array(counts, { maxLength: 25 });
const logE = fc.double({ min: -50, max: 50, noNaN: true });
const fold = <S, X>(s: S, xs: readonly X[], f: (s: S, x: X) => S): S => xs.reduce(f, s);
const json = (x: unknown): string => JSON.stringify(x);

describe('law: starts at one', () => {
  it('every strategy starts at log-wealth 0; detectors and the combiner start empty', () => {
    fc.assert(fc.property(strategy, nullMean, trunc, (st, m, c) => bettingLogValue(bettingInit({ m, c, strategy: st })) === 0), cfg);
    expect(srLogValue(srInit())).toBe(-Infinity);
    expect(cusumLogValue(cusumInit())).toBe(-Infinity);
    expect(fixedProbeCombinerLogValue(fixedProbeCombinerInit())).toBe(-Infinity);
    expect(hedgedCsInterval(hedgedCsInit())).toEqual({ lower: 0, upper: 1 });
  });
});

describe('law: never bankrupt (finite, and log W_t >= t log(1 - c) since every factor >= 1 - c)', () => {
  it('per item, any y in [0, 1] including the extremes', () => {
    fc.assert(fc.property(strategy, nullMean, trunc, ys, (st, m, c, y) => {
      const v = bettingLogValue(bettingUpdateMany(bettingInit({ m, c, strategy: st }), y));
      return Number.isFinite(v) && v >= y.length * Math.log1p(-c) - 1e-9 * (1 + y.length);
    }), cfg);
  });
  it('per round, any counts', () => {
    fc.assert(fc.property(strategy, nullMean, trunc, roundsArb, (st, m, c, rs) => {
      const n = rs.reduce((a, r) => a + r.minus + r.zero + r.plus, 0);
      const v = bettingLogValue(bettingUpdateRounds(bettingInit({ m, c, strategy: st }), rs));
      return Number.isFinite(v) && v >= n * Math.log1p(-c) - 1e-9 * (1 + n);
    }), cfg);
  });
});

describe('law: same seed, same trajectory', () => {
  it('a seeded simulation replays bit-identically (and another seed differs)', () => {
    const run = (seed: number): string[] => {
      const rng = createRng(seed);
      let s = bettingInit({ m: 0.525 });
      const path: string[] = [];
      for (let k = 0; k < 50; k++) {
        let minus = 0, plus = 0;
        for (let i = 0; i < 64; i++) { const u = rng.next(); if (u < 0.3) minus++; else if (u < 0.5) plus++; }
        s = bettingUpdateRound(s, { minus, zero: 64 - minus - plus, plus });
        path.push(json(s));
      }
      return path;
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });
});

describe('law: batch == streaming, bit-identical JSON; JSON round-trip resumes exactly', () => {
  it('betting, per item and per round', () => {
    fc.assert(fc.property(strategy, nullMean, trunc, ys, roundsArb, (st, m, c, y, rs) => {
      const s0 = bettingInit({ m, c, strategy: st });
      const a = bettingUpdateMany(s0, y), b = fold(s0, y, bettingUpdate);
      const half = Math.floor(y.length / 2);
      const resumed = bettingUpdateMany(JSON.parse(json(bettingUpdateMany(s0, y.slice(0, half)))) as BettingState, y.slice(half));
      const ra = bettingUpdateRounds(a, rs), rb = fold(b, rs, bettingUpdateRound);
      return json(a) === json(b) && json(a) === json(resumed) && json(ra) === json(rb);
    }), cfg);
  });
  it('SR, CUSUM, fixed-probe combiner, hedged and EB confidence sequences', () => {
    fc.assert(fc.property(fc.array(logE, { maxLength: 60 }), fc.array(obs, { maxLength: 40 }), (es, y) => {
      return json(srUpdateMany(srInit(), es)) === json(fold(srInit(), es, srUpdate))
        && json(cusumUpdateMany(cusumInit(), es)) === json(fold(cusumInit(), es, cusumUpdate))
        && json(fixedProbeCombinerUpdateMany(fixedProbeCombinerInit(), es)) === json(fold(fixedProbeCombinerInit(), es, fixedProbeCombinerUpdate))
        && json(hedgedCsUpdateMany(hedgedCsInit({ gridSize: 40 }), y)) === json(fold(hedgedCsInit({ gridSize: 40 }), y, hedgedCsUpdate))
        && json(ebCsUpdateMany(ebCsInit(), y)) === json(fold(ebCsInit(), y, ebCsUpdate));
    }), cfg);
  });
});

describe('law: monotone in evidence (H0: E[Y] >= m, so smaller Y is evidence against H0)', () => {
  it('grid (constant bets): lowering ANY observation never lowers the wealth at the end', () => {
    fc.assert(fc.property(nullMean, trunc, fc.array(obs, { minLength: 1, maxLength: 80 }), fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), (m, c, y, i, shrink) => {
      const j = i % y.length, lowered = y.slice();
      lowered[j] = (y[j] as number) * shrink;
      const s0 = bettingInit({ m, c, strategy: 'grid' });
      return bettingLogValue(bettingUpdateMany(s0, lowered)) >= bettingLogValue(bettingUpdateMany(s0, y));
    }), cfg);
  });
  it('every strategy: lowering the LAST observation never lowers the wealth (its bet was fixed before it; later bets of adaptive strategies may react, so nothing stronger holds)', () => {
    fc.assert(fc.property(strategy, nullMean, trunc, fc.array(obs, { minLength: 1, maxLength: 80 }), fc.double({ min: 0, max: 1, noNaN: true }), (st, m, c, y, shrink) => {
      const lowered = y.slice();
      lowered[y.length - 1] = (y[y.length - 1] as number) * shrink;
      const s0 = bettingInit({ m, c, strategy: st });
      return bettingLogValue(bettingUpdateMany(s0, lowered)) >= bettingLogValue(bettingUpdateMany(s0, y));
    }), cfg);
  });
  it('every strategy: in the last round, moving one item from plus to zero or zero to minus never lowers the wealth', () => {
    fc.assert(fc.property(strategy, nullMean, trunc, roundsArb, counts, (st, m, c, rs, last) => {
      const s = bettingUpdateRounds(bettingInit({ m, c, strategy: st }), rs);
      const base = bettingLogValue(bettingUpdateRound(s, last));
      const down1: PairedCounts | null = last.plus > 0 ? { minus: last.minus, zero: last.zero + 1, plus: last.plus - 1 } : null;
      const down2: PairedCounts | null = last.zero > 0 ? { minus: last.minus + 1, zero: last.zero - 1, plus: last.plus } : null;
      return (down1 === null || bettingLogValue(bettingUpdateRound(s, down1)) >= base)
        && (down2 === null || bettingLogValue(bettingUpdateRound(s, down2)) >= base);
    }), cfg);
  });
});

describe('law: invariant to the order of items within a round', () => {
  const items = fc.array(fc.record({ base: fc.boolean(), model: fc.boolean() }), { maxLength: 64 });
  it('any permutation of a round gives the same counts and hence the identical state', () => {
    fc.assert(fc.property(items.chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length }))), strategy, ([xs, perm], st) => {
      const s0 = bettingInit({ m: 0.525, strategy: st });
      return json(bettingUpdateRound(s0, pairedCounts(xs))) === json(bettingUpdateRound(s0, pairedCounts(perm)));
    }), cfg);
  });
  it('with constant bets (grid) the round update equals item-by-item updates in any order (to 1e-12 per item): the O(1) round formula is exact', () => {
    fc.assert(fc.property(items.chain((xs) => fc.tuple(fc.constant(xs), fc.shuffledSubarray(xs, { minLength: xs.length, maxLength: xs.length }))), nullMean, trunc, ([xs, perm], m, c) => {
      const s0 = bettingInit({ m, c, strategy: 'grid' });
      const round = bettingUpdateRound(s0, pairedCounts(xs));
      const perItem = bettingUpdateMany(s0, perm.map((it) => (Number(it.model) - Number(it.base) + 1) / 2));
      return round.grid.every((g, j) => Math.abs(g - (perItem.grid[j] as number)) <= 1e-12 * (1 + xs.length));
    }), cfg);
  });
});

describe('law: the memoised grid factors are the direct ones', () => {
  it('per item with y in {0, 1/2, 1}, the grid log-wealth is bit-identical to summing log1p(lambda_j (m - y)) directly', () => {
    fc.assert(fc.property(nullMean, trunc, fc.array(fc.constantFrom(0, 0.5, 1), { maxLength: 60 }), (m, c, y) => {
      const s = bettingUpdateMany(bettingInit({ m, c, strategy: 'grid' }), y);
      const lmax = c / (1 - m);
      return s.grid.every((g, j) => g === y.reduce<number>((acc, v) => acc + Math.log1p(((lmax * (j + 1)) / 10) * (m - v)), 0));
    }), cfg);
  });
});

describe('laws of the detectors and combiners', () => {
  it('CUSUM <= SR at every round; the fixed-probe combiner never decreases and never exceeds the largest round e-value', () => {
    fc.assert(fc.property(fc.array(logE, { minLength: 1, maxLength: 60 }), (es) => {
      let sr = srInit(), cu = cusumInit(), fp = fixedProbeCombinerInit(), prev = -Infinity, mx = -Infinity;
      for (const e of es) {
        sr = srUpdate(sr, e); cu = cusumUpdate(cu, e); fp = fixedProbeCombinerUpdate(fp, e); mx = Math.max(mx, e);
        const v = fixedProbeCombinerLogValue(fp);
        if (!(cusumLogValue(cu) <= srLogValue(sr) + 1e-12 && v >= prev - 1e-12 && v <= mx + 1e-12)) return false;
        prev = v;
      }
      return true;
    }), cfg);
  });
  it('running-intersection CSs only shrink', () => {
    fc.assert(fc.property(fc.array(obs, { minLength: 1, maxLength: 60 }), (y) => {
      let h = hedgedCsInit({ gridSize: 50 }), e = ebCsInit(), ph = hedgedCsInterval(h), pe = ebCsInterval(e);
      for (const v of y) {
        h = hedgedCsUpdate(h, v); e = ebCsUpdate(e, v);
        const ih = hedgedCsInterval(h), ie = ebCsInterval(e);
        if (ih.lower < ph.lower || ih.upper > ph.upper || ie.lower < pe.lower || ie.upper > pe.upper) return false;
        ph = ih; pe = ie;
      }
      return true;
    }), cfg);
  });
});
