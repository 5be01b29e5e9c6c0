import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { mcnemarExact, logBinomPmf, binomCdf, clopperPearson, isDetectorError } from '../../src/detector/index.js';

interface Case { b: number; c: number; side: 'greater' | 'less'; p_scipy: number | null; log_p: number; log_mid_p: number }
const ref = JSON.parse(readFileSync(new URL('../../fixtures/reference/detector/mcnemar.json', import.meta.url), 'utf8')) as { cases: Case[] };
const cp = JSON.parse(readFileSync(new URL('../../fixtures/reference/detector/clopper_pearson.json', import.meta.url), 'utf8')) as {
  cases: { x: number; n: number; alpha: number; lower: number; upper: number }[];
};

describe('mcnemarExact against scipy / mpmath references (fixtures/reference/detector/mcnemar.json)', () => {
  it('has the reference cases', () => expect(ref.cases.length).toBeGreaterThanOrEqual(20));
  for (const k of ref.cases) {
    it(`b=${k.b} c=${k.c} ${k.side}`, () => {
      const r = mcnemarExact({ b: k.b, c: k.c }, { side: k.side });
      // log p to 1e-10 relative (absolute near 0), including m = 2e6 where p underflows
      expect(Math.abs(r.logP - k.log_p)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(k.log_p)));
      if (k.p_scipy !== null && k.p_scipy > 1e-300) expect(Math.abs(r.p - k.p_scipy)).toBeLessThanOrEqual(1e-9 * k.p_scipy + 1e-15);
      const mid = mcnemarExact({ b: k.b, c: k.c }, { side: k.side, midP: true });
      expect(Math.abs(mid.logP - k.log_mid_p)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(k.log_mid_p)));
    });
  }
  it('stays finite in log space where p underflows', () => {
    const r = mcnemarExact({ b: 40000, c: 100 });
    expect(r.p).toBe(0);
    expect(Number.isFinite(r.logP)).toBe(true);
    expect(r.logP).toBeLessThan(-20000);
  });
  it('m = 0 discordant pairs gives p = 1 (also mid-p)', () => {
    expect(mcnemarExact({ b: 0, c: 0 })).toMatchObject({ p: 1, logP: 0, m: 0 });
    expect(mcnemarExact({ b: 0, c: 0 }, { midP: true }).p).toBe(1);
  });
  it('rejects bad counts with a code', () => {
    for (const bad of [{ b: -1, c: 0 }, { b: 1.5, c: 0 }, { b: 0, c: NaN }]) {
      let code: string | null = null;
      try { mcnemarExact(bad); } catch (e) { if (isDetectorError(e)) code = e.code; }
      expect(code).toBe('invalid_counts');
    }
  });
});

describe('McNemar laws (property tests, 200 runs each)', () => {
  const counts = fc.record({ b: fc.integer({ min: 0, max: 3000 }), c: fc.integer({ min: 0, max: 3000 }) });
  it("swapping base and fine-tuned flips the side", () => {
    fc.assert(fc.property(counts, ({ b, c }) => {
      const g = mcnemarExact({ b, c }, { side: 'greater' }).logP;
      const l = mcnemarExact({ b: c, c: b }, { side: 'less' }).logP;
      return Math.abs(g - l) <= 1e-12 * Math.max(1, Math.abs(g));
    }), { numRuns: 200, seed: 11 });
  });
  it('mid-p <= p <= 1, and P(X>=b) + P(X<=b-1) = 1', () => {
    fc.assert(fc.property(counts, ({ b, c }) => {
      const r = mcnemarExact({ b, c });
      const mid = mcnemarExact({ b, c }, { midP: true });
      const lower = b === 0 ? 0 : binomCdf(b - 1, b + c, 0.5);
      return mid.p <= r.p + 1e-15 && r.p <= 1 && Math.abs(r.p + lower - 1) < 1e-9;
    }), { numRuns: 200, seed: 12 });
  });
  it('p grows as b falls (monotone in b)', () => {
    fc.assert(fc.property(counts, ({ b, c }) => mcnemarExact({ b: b + 1, c }).logP <= mcnemarExact({ b, c }).logP + 1e-12), { numRuns: 200, seed: 13 });
  });
  it('binomial pmf sums to one', () => {
    for (const [n, p] of [[64, 0.328], [1000, 0.5], [7, 0.01]] as const) {
      let s = 0;
      for (let k = 0; k <= n; k++) s += Math.exp(logBinomPmf(k, n, p));
      expect(Math.abs(s - 1)).toBeLessThan(1e-12);
    }
  });
});

describe('Clopper-Pearson round interval against scipy beta quantiles', () => {
  for (const k of cp.cases) {
    it(`x=${k.x} n=${k.n} alpha=${k.alpha.toPrecision(3)}`, () => {
      const iv = clopperPearson(k.x, k.n, k.alpha);
      expect(Math.abs(iv.lower - k.lower)).toBeLessThan(1e-9);
      expect(Math.abs(iv.upper - k.upper)).toBeLessThan(1e-9);
    });
  }
});
