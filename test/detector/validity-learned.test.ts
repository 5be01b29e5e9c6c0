import { describe, it, expect } from 'vitest';
import { createRng } from '../../src/rng.js';
import { binomCdf, learnedFromTable, logBinomPmf, marginExactTest } from '../../src/detector/index.js';
import { upper95 } from './harness.js';

/**
 * Validity harness, the Learned claim (issue: "Learned at gain = margin for n in {50, 100, 300,
 * 1000, 5000}"). Pairs are i.i.d. trinomial: fine-tuned-only right with p_b, base-only right with
 * p_c, gain p_b - p_c = delta = 0.05 exactly, at discordance levels p_b + p_c from 0.06 to 0.9.
 * The default rule 'exact_margin' must say Learned with probability <= alpha = 0.05: by Monte
 * Carlo (R = 2000 per setting at discordance 0.1, 0.3, 0.6, exact one-sided 95% upper bound <=
 * alpha) for n <= 1000, and for every n by exact enumeration of P(Learned) (sum over the
 * discordant count m of P(m) P(b >= b_crit(m)); the sizes are 0.0000-0.040, largest at n = 5000,
 * discordance 0.9). At n = 5000 a Monte Carlo run (R = 1000) must agree with the enumeration within
 * 3 standard errors. Negative control: the study's rule says Learned in far more than alpha of
 * these runs (it is "significant with a point estimate above the margin").
 */
const ALPHA = 0.05, DELTA = 0.05, R = 2000;
const design = { alpha: ALPHA, delta: DELTA };

function sample(rng: ReturnType<typeof createRng>, n: number, pb: number, pc: number): { a: number; b: number; c: number; d: number } {
  let b = 0, c = 0;
  for (let i = 0; i < n; i++) { const u = rng.next(); if (u < pb) b++; else if (u < pb + pc) c++; }
  return { a: 0, b, c, d: n - b - c };
}

describe('exact_margin at gain = margin holds alpha for every n (Monte Carlo, 2000 runs per setting)', () => {
  let seed = 910_000;
  for (const n of [50, 100, 300, 1000]) {
    it(`n = ${n}, discordance 0.1 / 0.3 / 0.6`, () => {
      for (const disc of [0.1, 0.3, 0.6]) {
        const pb = (disc + DELTA) / 2, pc = (disc - DELTA) / 2;
        const rng = createRng(seed++);
        let yes = 0;
        for (let r = 0; r < R; r++) if (learnedFromTable(sample(rng, n, pb, pc), design).learned) yes++;
        expect(upper95(yes, R), `n ${n}, disc ${disc}: ${yes}/${R}`).toBeLessThanOrEqual(ALPHA);
      }
    }, 60_000);
  }
});

/** Exact P(Learned) under the default rule at gain = delta: sum over m of P(M = m) P(Bin(m, pi) >= b_crit(m)). */
function exactSize(n: number, disc: number): number {
  const pi = (disc + DELTA) / 2 / disc;
  let P = 0;
  for (let m = 0; m <= n; m++) {
    const lm = logBinomPmf(m, n, disc);
    if (lm < -50) continue;
    let lo = 0, hi = m + 1; // smallest b that is Learned (the p-value decreases in b for fixed m)
    while (lo < hi) { const mid = (lo + hi) >> 1; if (marginExactTest({ b: mid, c: m - mid, n }, ALPHA, DELTA).p <= ALPHA) hi = mid; else lo = mid + 1; }
    if (lo > m) continue;
    expect(learnedFromTable({ a: 0, b: lo, c: m - lo, d: n - m }, design).learned).toBe(true);
    if (lo > 0) expect(learnedFromTable({ a: 0, b: lo - 1, c: m - lo + 1, d: n - m }, design).learned).toBe(false);
    P += Math.exp(lm) * (lo === 0 ? 1 : 1 - binomCdf(lo - 1, m, pi));
  }
  return P;
}

describe('exact_margin at gain = margin: exact size by enumeration, every n', () => {
  for (const n of [50, 100, 300, 1000, 5000]) {
    it(`n = ${n}: P(Learned) <= alpha at discordance 0.06 .. 0.9`, () => {
      for (const disc of [0.06, 0.1, 0.3, 0.6, 0.9]) expect(exactSize(n, disc), `n ${n}, disc ${disc}`).toBeLessThanOrEqual(ALPHA);
    }, 60_000);
  }
  it('n = 5000, discordance 0.3: Monte Carlo (1000 runs) agrees with the enumeration within 3 s.e.', () => {
    const exact = exactSize(5000, 0.3);
    const rng = createRng(5000);
    let yes = 0;
    for (let r = 0; r < 1000; r++) if (learnedFromTable(sample(rng, 5000, 0.175, 0.125), design).learned) yes++;
    expect(Math.abs(yes / 1000 - exact)).toBeLessThanOrEqual(3 * Math.sqrt((exact * (1 - exact)) / 1000));
  }, 60_000);
});

describe('negative control and power', () => {
  it('the study rule at gain = margin says Learned far above alpha (n = 300 and 1000; 95% lower bound > alpha)', () => {
    for (const n of [300, 1000]) {
      const rng = createRng(42 + n);
      let yes = 0;
      for (let r = 0; r < 1000; r++) if (learnedFromTable(sample(rng, n, 0.175, 0.125), design, { rule: 'study' }).learned) yes++;
      const p = yes / 1000;
      expect(p - 1.645 * Math.sqrt((p * (1 - p)) / 1000)).toBeGreaterThan(ALPHA);
    }
  });
  it('exact_margin still says Learned on a clear improvement (gain 0.15, n = 300: >= 90% of 500 runs)', () => {
    const rng = createRng(7);
    let yes = 0;
    for (let r = 0; r < 500; r++) if (learnedFromTable(sample(rng, 300, 0.2, 0.05), design).learned) yes++;
    expect(yes).toBeGreaterThanOrEqual(400);
  });
});
