/**
 * Metamorphic and law properties of the kernels (fast-check, seeded): intervals bracket their
 * estimates, shuffling seed rows changes nothing, McNemar swaps, Holm's laws, pass^k, TOST's
 * interval reading, and coded errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateSeeds, type SeedCell } from '../../src/analysis/aggregate.js';
import { clusterBootstrap, stratifiedBootstrap } from '../../src/analysis/bootstrap.js';
import { clopperPearson } from '../../src/analysis/clopper-pearson.js';
import { holm } from '../../src/analysis/holm.js';
import { cellInterval } from '../../src/analysis/interval.js';
import { jeffreys } from '../../src/analysis/jeffreys.js';
import { mcnemarTest } from '../../src/analysis/mcnemar.js';
import { minimumDetectableEffect } from '../../src/analysis/mde.js';
import { passHatK } from '../../src/analysis/pass-k.js';
import { tostPaired } from '../../src/analysis/tost.js';
import { rankWithTieGroups } from '../../src/analysis/improvement.js';
import { wilson } from '../../src/analysis/wilson.js';
import { createRng } from '../../src/rng.js';

const FC = { seed: 42, numRuns: 200 };
const kn = fc.integer({ min: 1, max: 2000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));
const alpha = fc.constantFrom(0.01, 0.05, 0.1, 0.2);

describe('every interval brackets its estimate and stays in [0, 1]', () => {
  it('Wilson, Clopper-Pearson, Jeffreys, cellInterval', () => {
    fc.assert(fc.property(kn, alpha, ([k, n], a) => {
      for (const iv of [wilson(k, n, a), clopperPearson(k, n, a), jeffreys(k, n, a), cellInterval(k, n, a)]) {
        expect(iv.lower).toBeGreaterThanOrEqual(0);
        expect(iv.upper).toBeLessThanOrEqual(1);
        expect(iv.lower).toBeLessThanOrEqual(iv.estimate);
        expect(iv.upper).toBeGreaterThanOrEqual(iv.estimate);
      }
      // Clopper-Pearson (exact, conservative) is never inside-out of Jeffreys (its mid-p-like relative)
      const cp = clopperPearson(k, n, a), j = jeffreys(k, n, a);
      expect(cp.lower).toBeLessThanOrEqual(j.lower + 1e-12);
      expect(cp.upper).toBeGreaterThanOrEqual(j.upper - 1e-12);
    }), FC);
  });
  it('bootstraps bracket their plug-in estimates', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }), fc.integer(), (strata, seed) => {
      const b = stratifiedBootstrap(strata, { rng: createRng(seed), replicates: 50 });
      expect(b.lower).toBeLessThanOrEqual(b.estimate);
      expect(b.upper).toBeGreaterThanOrEqual(b.estimate);
      const sums = strata.flat(), counts = sums.map(() => 1);
      const c = clusterBootstrap(sums, counts, { rng: createRng(seed), replicates: 50 });
      expect(c.lower).toBeLessThanOrEqual(c.estimate + 1e-15);
      expect(c.upper).toBeGreaterThanOrEqual(c.estimate - 1e-15);
    }), { seed: 7, numRuns: 100 });
  });
});

describe('seed-level aggregation', () => {
  const cells = fc.array(fc.record({
    group: fc.constantFrom('a', 'b', 'c'), base: fc.constantFrom('qwen', 'gemma', 'llama'), seed: fc.integer({ min: 1, max: 4 }),
    n: fc.integer({ min: 1, max: 30 }), f: fc.double({ min: 0, max: 1, noNaN: true }),
  }).map(({ group, base, seed, n, f }) => ({ group, base, seed, n, k: Math.floor(f * n) })), { minLength: 1, maxLength: 40 });
  it('permuting seed rows changes nothing (same seed, same table)', () => {
    fc.assert(fc.property(cells, fc.integer(), (cs, s) => {
      const shuffled = [...cs];
      const rng = createRng(s);
      for (let i = shuffled.length - 1; i > 0; i--) { const j = rng.int(i + 1); [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!]; }
      const a = aggregateSeeds(cs, { rng: createRng(1), replicates: 40 });
      const b = aggregateSeeds(shuffled, { rng: createRng(1), replicates: 40 });
      expect(b).toEqual(a);
    }), { seed: 3, numRuns: 100 });
  });
  it('bases are weighted equally and seeds averaged within base, k/n pooled', () => {
    const cs: SeedCell[] = [
      { group: 'g', base: 'A', seed: 1, k: 1, n: 10 }, { group: 'g', base: 'A', seed: 2, k: 3, n: 10 },
      { group: 'g', base: 'B', seed: 1, k: 90, n: 100 },
    ];
    const [r] = aggregateSeeds(cs, { rng: createRng(1), replicates: 10 });
    expect(r!.estimate).toBeCloseTo((0.2 + 0.9) / 2, 12);
    expect([r!.k, r!.n, r!.bases, r!.seeds]).toEqual([94, 120, 2, 3]);
  });
  it('rejects bad counts with a code', () => {
    expect(() => aggregateSeeds([{ group: 'g', base: 'A', seed: 1, k: 5, n: 3 }], { rng: createRng(1) })).toThrow(expect.objectContaining({ code: 'invalid_counts' }));
  });
});

describe('McNemar, Holm, pass^k, TOST laws', () => {
  const bc = fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 }));
  it('swapping b and c swaps greater and less; two-sided is symmetric and >= the smaller one-sided p', () => {
    fc.assert(fc.property(bc, ([b, c]) => {
      const g = mcnemarTest({ b, c }, { alternative: 'greater' }).p, l = mcnemarTest({ b: c, c: b }, { alternative: 'less' }).p;
      expect(Math.abs(g - l)).toBeLessThan(1e-12);
      const t1 = mcnemarTest({ b, c }).p, t2 = mcnemarTest({ b: c, c: b }).p;
      expect(Math.abs(t1 - t2)).toBeLessThan(1e-12);
      expect(t1).toBeGreaterThanOrEqual(Math.min(g, mcnemarTest({ b, c }, { alternative: 'less' }).p) - 1e-15);
      expect(mcnemarTest({ b, c }, { alternative: 'greater', midP: true }).p).toBeLessThanOrEqual(g + 1e-15);
    }), FC);
  });
  it('Holm adjusted p are >= raw, <= 1 and keep the order of raw p', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 }), (p) => {
      const a = holm(p);
      a.forEach((v, i) => { expect(v).toBeGreaterThanOrEqual(p[i]!); expect(v).toBeLessThanOrEqual(1); });
      for (let i = 0; i < p.length; i++) for (let j = 0; j < p.length; j++) if (p[i]! < p[j]!) expect(a[i]!).toBeLessThanOrEqual(a[j]!);
    }), FC);
    expect(() => holm([0.2, 1.5])).toThrow(expect.objectContaining({ code: 'invalid_probability' }));
  });
  it('pass^1 = c/n, pass^k decreasing in k, pass^n = 1 only when c = n', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 20 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))), ([c, n]) => {
      expect(passHatK(c, n, 1)).toBeCloseTo(c / n, 12);
      for (let k = 2; k <= n; k++) expect(passHatK(c, n, k)).toBeLessThanOrEqual(passHatK(c, n, k - 1) + 1e-15);
      expect(passHatK(c, n, n)).toBe(c === n ? 1 : 0);
    }), FC);
  });
  it('TOST declares equivalence exactly when its (1 - 2 alpha) interval lies inside (-eps, eps)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 500 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))).chain(([m, n]) => fc.tuple(fc.integer({ min: 0, max: m }), fc.constant(m), fc.constant(n))),
      fc.constantFrom(0.02, 0.05, 0.1), ([b, m, n], eps) => {
        const t = tostPaired({ b, c: m - b, n }, eps);
        expect(t.equivalent).toBe(t.lower > -eps && t.upper < eps);
      }), FC);
  });
  it('MDE shrinks as n grows', () => {
    fc.assert(fc.property(fc.integer({ min: 10, max: 2000 }), fc.double({ min: 0.05, max: 0.95, noNaN: true }), (n, p1) => {
      const small = minimumDetectableEffect({ n1: n, n2: n, p1 }), large = minimumDetectableEffect({ n1: 2 * n, n2: 2 * n, p1 });
      // NaN = not detectable at any size of change; once detectable at n, it stays detectable and smaller at 2n
      if (Number.isFinite(small)) expect(large).toBeLessThan(small);
    }), FC);
  });
});

describe('ranking and coded errors', () => {
  it('clearly separated entries get separate groups; overlapping ones share one', () => {
    const rng = createRng(5);
    const reps = (m: number, s: number): Float64Array => Float64Array.from({ length: 500 }, () => m + s * (rng.next() - 0.5));
    const out = rankWithTieGroups([
      { name: 'a', estimate: 0.9, lower: 0.85, upper: 0.95, replicates: reps(0.9, 0.1) },
      { name: 'b', estimate: 0.88, lower: 0.83, upper: 0.93, replicates: reps(0.88, 0.1) },
      { name: 'c', estimate: 0.5, lower: 0.45, upper: 0.55, replicates: reps(0.5, 0.1) },
    ]);
    expect(out.map((r) => [r.name, r.group])).toEqual([['a', 1], ['b', 1], ['c', 2]]);
  });
  it('invalid inputs throw coded errors', () => {
    expect(() => wilson(3, 2)).toThrow(expect.objectContaining({ code: 'invalid_counts' }));
    expect(() => clopperPearson(1, 2, 1.2)).toThrow(expect.objectContaining({ code: 'invalid_alpha' }));
    expect(() => tostPaired({ b: 1, c: 1, n: 10 }, 0)).toThrow(expect.objectContaining({ code: 'invalid_epsilon' }));
    expect(() => stratifiedBootstrap([], { rng: createRng(1) })).toThrow(expect.objectContaining({ code: 'empty_input' }));
    expect(() => passHatK(2, 3, 4)).toThrow(expect.objectContaining({ code: 'invalid_counts' }));
  });
});
