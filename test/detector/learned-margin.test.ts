import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import {
  detectorApply, detectorInit, learnedFromTable, marginLowerBound, withLearnedRule, checkLearnedRule, isDetectorError,
} from '../../src/detector/index.js';
import { pairedDiffInterval } from '../../src/analysis/paired-diff.js';
import { createRng } from '../../src/rng.js';
import type { RunEvent, VerdictLine } from '../../src/telemetry/schema.js';
import { makeRun, simulate, MU0 } from './sim.js';

interface Ref { b: number; c: number; n: number; alpha: number; delta: number; lower: number; mcnemar_p: number; learned_margin_test: boolean }
const ref = JSON.parse(readFileSync(new URL('../../fixtures/reference/detector/margin.json', import.meta.url), 'utf8')) as { bounds: Ref[] };

const codeOf = (f: () => unknown): string | undefined => {
  try { f(); } catch (e) { return isDetectorError(e) ? e.code : 'not_coded'; }
  return undefined;
};
const table = (b: number, c: number, n: number) => ({ a: n - b - c, b, c, d: 0 });

describe('margin test lower bound: reference values (scipy brentq on Tango\'s score, scripts/reference/detector_margin_reference.py)', () => {
  it(`matches ${ref.bounds.length} reference rows to 1e-12 and their decisions exactly`, () => {
    expect(ref.bounds.length).toBeGreaterThan(50);
    for (const r of ref.bounds) {
      const lo = marginLowerBound({ b: r.b, c: r.c, n: r.n }, r.alpha);
      expect(Math.abs(lo - r.lower), JSON.stringify(r)).toBeLessThan(1e-12);
      const res = learnedFromTable(table(r.b, r.c, r.n), { alpha: r.alpha, delta: r.delta }, { rule: 'margin_test' });
      expect(res.p).toBeCloseTo(r.mcnemar_p, 12);
      expect(res.learned, JSON.stringify(r)).toBe(r.learned_margin_test);
    }
  });
  it('is the lower end of Tango\'s two-sided 1 - 2 alpha interval (src/analysis/paired-diff.ts)', () => {
    for (const [b, c, n] of [[12, 2, 50], [40, 25, 300], [0, 0, 41], [3, 38, 41]] as const) {
      expect(marginLowerBound({ b, c, n }, 0.05)).toBeCloseTo(pairedDiffInterval({ b, c, n }, 0.1).lower, 12);
    }
  });
  it('keeps the exact McNemar test: b = 4, c = 0 has a positive Tango bound but exact p = 0.0625', () => {
    const r = learnedFromTable(table(4, 0, 100), { alpha: 0.05, delta: 0 }, { rule: 'margin_test' });
    expect(r.lowerBound as number).toBeGreaterThan(0);
    expect(r.boundMet).toBe(true);
    expect(r.significant).toBe(false);
    expect(r.learned).toBe(false);
  });
});

describe('result reports the rule, the bound and the inputs', () => {
  it('study rule (former name mcnemar_margin accepted): its statement, no bound', () => {
    const r = learnedFromTable({ a: 80, b: 40, c: 10, d: 170 }, { alpha: 0.05, delta: 0.05 }, { rule: 'mcnemar_margin' as never });
    expect(r).toMatchObject({ ruleId: 'study', alpha: 0.05, delta: 0.05, midP: false, lowerBound: null, boundMet: null, learned: true });
    expect(r.rule).toBe('study: one-sided exact McNemar p <= 0.05 and (b - c) >= ceil(0.05 * n) = 15');
  });
  it('margin test: names the rule and the bound; stricter at the margin', () => {
    // b - c = 30 of n = 300 (estimate 0.10) meets delta = 0.05, but L = 0.063 > 0.05 ...
    const ok = learnedFromTable({ a: 80, b: 40, c: 10, d: 170 }, { alpha: 0.05, delta: 0.05 }, { rule: 'margin_test', midP: true });
    expect(ok).toMatchObject({ ruleId: 'margin_test', midP: true, boundMet: true, learned: true });
    expect(ok.rule).toMatch(/^margin test: one-sided exact McNemar mid-p p <= 0.05 .* lower bound of \(b - c\)\/n = 0\.0632\d* > 0.05$/);
    // ... b - c = 15 (estimate exactly the margin) passes the default rule but not the margin test
    const edge = { a: 100, b: 40, c: 25, d: 135 };
    expect(learnedFromTable(edge, { alpha: 0.05, delta: 0.05 }, { rule: 'study' }).learned).toBe(true);
    const m = learnedFromTable(edge, { alpha: 0.05, delta: 0.05 }, { rule: 'margin_test' });
    expect(m.lowerBound as number).toBeLessThan(0.05);
    expect(m.learned).toBe(false);
  });
  it('unknown rule, bad alpha and bad counts are coded errors', () => {
    expect(codeOf(() => learnedFromTable(table(1, 0, 2), { alpha: 0.05, delta: 0 }, { rule: 'bound' as never }))).toBe('invalid_design');
    expect(codeOf(() => checkLearnedRule('x'))).toBe('invalid_design');
    expect(codeOf(() => marginLowerBound({ b: 3, c: 2, n: 4 }, 0.05))).toBe('invalid_counts');
    expect(codeOf(() => marginLowerBound({ b: 1.5, c: 0, n: 4 }, 0.05))).toBe('invalid_counts');
    expect(codeOf(() => marginLowerBound({ b: 1, c: 0, n: 4 }, 0))).toBe('invalid_alpha');
  });
});

describe('edge cases', () => {
  it('n = 0: bound -1, not learned under either rule', () => {
    expect(marginLowerBound({ b: 0, c: 0, n: 0 }, 0.05)).toBe(-1);
    const r = learnedFromTable({ a: 0, b: 0, c: 0, d: 0 }, { alpha: 0.05, delta: 0 }, { rule: 'margin_test' });
    expect(r).toMatchObject({ n: 0, p: 1, lowerBound: -1, boundMet: false, learned: false });
  });
  it('b = c = 0: bound strictly below 0 (never a point), p = 1, not learned', () => {
    for (const n of [1, 10, 41, 1000]) {
      const lo = marginLowerBound({ b: 0, c: 0, n }, 0.05);
      expect(lo).toBeLessThan(0);
      expect(lo).toBeGreaterThan(-1);
      expect(learnedFromTable(table(0, 0, n), { alpha: 0.05, delta: 0 }, { rule: 'margin_test' }).learned).toBe(false);
    }
  });
  it('b = n (all discordant favour the model): bound below 1 and learned for large n', () => {
    const r = learnedFromTable(table(41, 0, 41), { alpha: 0.05, delta: 0.5 }, { rule: 'margin_test' });
    expect(r.lowerBound as number).toBeLessThan(1);
    expect(r.learned).toBe(true);
  });
});

describe('the margin test is stricter than the study rule (fast-check)', () => {
  it('margin_test Learned => study Learned, over b, c, n, alpha, delta, midP', () => {
    const arb = fc.record({
      n: fc.integer({ min: 0, max: 5000 }), fb: fc.double({ min: 0, max: 1, noNaN: true }), fc_: fc.double({ min: 0, max: 1, noNaN: true }),
      alpha: fc.constantFrom(0.01, 0.05, 0.1, 0.2), delta: fc.constantFrom(0, 0.01, 0.03, 0.05, 0.07, 0.1, 0.29), midP: fc.boolean(),
    });
    fc.assert(fc.property(arb, ({ n, fb, fc_, alpha, delta, midP }) => {
      const b = Math.floor(fb * n);
      const c = Math.floor(fc_ * (n - b));
      const t = table(b, c, n);
      const strict = learnedFromTable(t, { alpha, delta }, { rule: 'margin_test', midP });
      const dflt = learnedFromTable(t, { alpha, delta }, { midP, rule: 'study' });
      if (strict.learned && !dflt.learned) return false;
      return (strict.lowerBound as number) <= (n === 0 ? -1 : (b - c) / n);
    }), { seed: 20261130, numRuns: 3000 });
  });
});

describe('coverage of the lower bound (seeded simulation)', () => {
  // Tango's limit is asymptotic: exact coverage at these settings (trinomial enumeration,
  // fixtures/reference/detector/margin.json) is 0.946, 0.950, 0.950, 0.949. With 2000 reps the
  // Monte Carlo SE is about 0.005; the stated tolerance is 0.02 below the nominal 0.95.
  const REPS = 2000, TOL = 0.02, ALPHA = 0.05;
  for (const [pb, pc, n, seed] of [[0.15, 0.05, 100, 11], [0.1, 0.1, 200, 12], [0.3, 0.1, 150, 13], [0.05, 0.02, 300, 14]] as const) {
    it(`P(L <= p_b - p_c) >= ${1 - ALPHA} - ${TOL} at (p_b, p_c, n) = (${pb}, ${pc}, ${n}), ${REPS} reps`, () => {
      const rng = createRng(seed);
      let covered = 0;
      for (let r = 0; r < REPS; r++) {
        let b = 0, c = 0;
        for (let i = 0; i < n; i++) { const u = rng.next(); if (u < pb) b++; else if (u < pb + pc) c++; }
        if (marginLowerBound({ b, c, n }, ALPHA) <= pb - pc + 1e-12) covered++;
      }
      expect(covered / REPS).toBeGreaterThanOrEqual(1 - ALPHA - TOL);
      expect(covered / REPS).toBeLessThan(1); // a bound that always covers would be vacuous
    });
  }
});

describe('the detector selects the rule', () => {
  const evalItems = [
    ...Array.from({ length: 100 }, (_, i) => ({ id: `a${i}`, base: true, model: true })),
    ...Array.from({ length: 40 }, (_, i) => ({ id: `b${i}`, base: false, model: true })),
    ...Array.from({ length: 25 }, (_, i) => ({ id: `c${i}`, base: true, model: false })),
    ...Array.from({ length: 135 }, (_, i) => ({ id: `d${i}`, base: false, model: false })),
  ];
  const run = (rule?: 'margin_test' | 'study'): VerdictLine => {
    const [first, ...rest] = simulate(makeRun(), (k) => Math.min(0.7, MU0 + 0.04 * k), 5, { evalItems });
    let state = detectorInit(first as RunEvent);
    if (rule !== undefined) state = withLearnedRule(state, { rule });
    let last: VerdictLine | undefined;
    for (const ev of rest) { const r = detectorApply(state, ev); state = r.state; for (const o of r.out) if (o.type === 'verdict') last = o as VerdictLine; }
    return last as VerdictLine;
  };
  it('every verdict names its rule and carries both decisions; study says Learned at a gain equal to the margin, exact_margin (default) does not; margin_test is stricter', () => {
    const d = run(), e = run('study'), m = run('margin_test');
    expect(d).toMatchObject({ learned: false, learned_rule_id: 'exact_margin', learned_exact_margin: false, learned_study: true, b: 40, c: 25, n: 300 });
    expect(e).toMatchObject({ learned: true, learned_rule_id: 'study', learned_exact_margin: false, learned_study: true, required_gain: 15 });
    expect(d.learned_rule).toMatch(/^exact_margin: /);
    expect(e.learned_rule).toMatch(/^study: /);
    expect(m).toMatchObject({ learned: false, learned_rule_id: 'margin_test', b: 40, c: 25, n: 300 });
    expect(m.learned_rule).toMatch(/^margin test: /);
    expect(m.learned_lower_bound as number).toBeLessThan(0.05);
  });
});
