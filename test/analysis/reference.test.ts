/**
 * Kernels against independent scipy/numpy/fractions reference values
 * (fixtures/reference/analysis/*.json, written by scripts/reference/analysis_reference.py).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clopperPearson, clopperPearsonUpper } from '../../src/analysis/clopper-pearson.js';
import { clusterMean, clusterSlope } from '../../src/analysis/cluster-se.js';
import { holm } from '../../src/analysis/holm.js';
import { jeffreys } from '../../src/analysis/jeffreys.js';
import { mcnemarTest, mcnemarTailRational } from '../../src/analysis/mcnemar.js';
import { minimumDetectableEffect } from '../../src/analysis/mde.js';
import { passHatK } from '../../src/analysis/pass-k.js';
import { quantileSorted } from '../../src/analysis/quantile.js';
import * as special from '../../src/analysis/special.js';
import { tostPaired } from '../../src/analysis/tost.js';
import { ladderTrend } from '../../src/analysis/trend.js';
import { wilson } from '../../src/analysis/wilson.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const load = (name: string): any => JSON.parse(readFileSync(new URL(`../../fixtures/reference/analysis/${name}.json`, import.meta.url), 'utf8'));
const close = (a: number, b: number, rel = 1e-9, abs = 1e-12): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(abs + rel * Math.abs(b));
};

describe('special functions vs scipy', () => {
  it('every case within 1e-9 relative', () => {
    const cases = load('special').cases as { fn: string; args: number[]; value: number }[];
    expect(cases.length).toBeGreaterThan(20);
    for (const c of cases) {
      const f = (special as unknown as Record<string, (...a: number[]) => number>)[c.fn]!;
      close(f(...c.args), c.value, 1e-9, 1e-14);
    }
  });
});

describe('proportion intervals vs scipy', () => {
  for (const c of load('intervals').cases as { k: number; n: number; alpha: number; wilson: number[]; clopperPearson: number[]; jeffreys: number[]; cpUpperOneSided: number }[]) {
    it(`k=${c.k} n=${c.n} alpha=${c.alpha}`, () => {
      const w = wilson(c.k, c.n, c.alpha), cp = clopperPearson(c.k, c.n, c.alpha), j = jeffreys(c.k, c.n, c.alpha);
      close(w.lower, c.wilson[0]!); close(w.upper, c.wilson[1]!);
      close(cp.lower, c.clopperPearson[0]!); close(cp.upper, c.clopperPearson[1]!);
      close(j.lower, Math.min(c.k / c.n, c.jeffreys[0]!)); close(j.upper, Math.max(c.k / c.n, c.jeffreys[1]!));
      close(clopperPearsonUpper(c.k, c.n, c.alpha), c.cpUpperOneSided);
    });
  }
  it('0/36 false alarms still allows about 8% (one-sided 95%) and about 10% (two-sided)', () => {
    expect(clopperPearsonUpper(0, 36, 0.05)).toBeCloseTo(0.0798, 4);
    expect(clopperPearson(0, 36).upper).toBeCloseTo(0.0974, 4);
  });
});

describe('exact McNemar vs rationals and scipy', () => {
  const ref = load('mcnemar').cases;
  for (const c of ref.small as { b: number; c: number; greater: { num: string; den: string; value: number; scipy: number }; less: number; twoSided: number; scipyTwoSided: number; midGreater: number; midTwoSided: number }[]) {
    it(`b=${c.b} c=${c.c}`, () => {
      const r = mcnemarTailRational({ b: c.b, c: c.c });
      expect(reduce(r)).toBe(`${c.greater.num}/${c.greater.den}`);
      close(mcnemarTest({ b: c.b, c: c.c }, { alternative: 'greater' }).p, c.greater.value);
      close(mcnemarTest({ b: c.b, c: c.c }, { alternative: 'greater' }).p, c.greater.scipy);
      close(mcnemarTest({ b: c.b, c: c.c }, { alternative: 'less' }).p, c.less);
      close(mcnemarTest({ b: c.b, c: c.c }, { alternative: 'two-sided' }).p, c.twoSided);
      close(mcnemarTest({ b: c.b, c: c.c }, { alternative: 'two-sided' }).p, c.scipyTwoSided);
      close(mcnemarTest({ b: c.b, c: c.c }, { alternative: 'greater', midP: true }).p, c.b + c.c === 0 ? 1 : c.midGreater); // m = 0: p = 1 by convention
      close(mcnemarTest({ b: c.b, c: c.c }, { alternative: 'two-sided', midP: true }).p, c.midTwoSided);
    });
  }
  it('log p-values for large n match scipy logsf/logcdf (including underflow)', () => {
    for (const c of ref.large as { b: number; c: number; logGreater: number; logLess: number }[]) {
      close(mcnemarTest({ b: c.b, c: c.c }, { alternative: 'greater' }).logP, c.logGreater, 1e-9, 1e-9);
      close(mcnemarTest({ b: c.b, c: c.c }, { alternative: 'less' }).logP, c.logLess, 1e-9, 1e-9);
    }
  });
});

function gcd(a: bigint, b: bigint): bigint { return b === 0n ? a : gcd(b, a % b); }
function reduce(r: { num: bigint; den: bigint }): string { const g = gcd(r.num, r.den); return `${r.num / g}/${r.den / g}`; }

describe('TOST, cluster-robust SE, trend, pass^k, Holm, MDE, quantile vs references', () => {
  it('TOST paired proportions', () => {
    for (const c of load('tost').cases) {
      const t = tostPaired({ b: c.b, c: c.c, n: c.n }, c.epsilon, c.alpha);
      close(t.estimate, c.estimate); close(t.se, c.se); close(t.p, c.p, 1e-8, 1e-14);
      close(t.lower, c.lower); close(t.upper, c.upper);
      expect(t.equivalent).toBe(c.equivalent);
    }
  });
  it('CR1 mean, slope and trend p-values match the numpy sandwich', () => {
    const c = load('cluster').cases;
    const m = clusterMean(c.y, c.clusters);
    close(m.estimate, c.mean.estimate); close(m.se, c.mean.se); expect(m.clusters).toBe(c.mean.clusters);
    const s = clusterSlope(c.x, c.y, c.clusters);
    close(s.estimate, c.slope.estimate); close(s.se, c.slope.se); close(s.pTwoSided, c.slope.pTwoSided, 1e-8);
    close(ladderTrend(c.x, c.y, c.clusters).pDecreasing, c.slope.pDecreasing, 1e-8);
  });
  it('pass^k equals C(c,k)/C(n,k)', () => {
    for (const c of load('pass_k').cases) close(passHatK(c.c, c.n, c.k), c.num / c.den, 1e-14);
  });
  it('Holm', () => {
    for (const c of load('holm').cases) holm(c.p).forEach((v, i) => close(v, c.adjusted[i]));
  });
  it('minimum detectable effect', () => {
    for (const c of load('mde').cases) {
      const v = minimumDetectableEffect({ n1: c.n1, n2: c.n2, p1: c.p1, alpha: c.alpha, power: c.power, direction: c.direction });
      if (c.mde === null) expect(v).toBeNaN(); else close(v, c.mde, 1e-9, 1e-12);
    }
  });
  it('type-7 quantile', () => {
    for (const c of load('quantile').cases) close(quantileSorted(c.values, c.q), c.value);
  });
});
