import { describe, it, expect } from 'vitest';
import { learned, learnedFromTable, marginItems, mcnemarExact, isDetectorError } from '../../src/detector/index.js';

function pairs(a: number, b: number, c: number, d: number) {
  return [
    ...Array.from({ length: a }, () => ({ base: true, model: true })),
    ...Array.from({ length: b }, () => ({ base: false, model: true })),
    ...Array.from({ length: c }, () => ({ base: true, model: false })),
    ...Array.from({ length: d }, () => ({ base: false, model: false })),
  ];
}
const design = { alpha: 0.05, delta: 0.05 };
/** These tests pin the study's rule (McNemar AND integer margin); the default rule is tested in learned-rules.test.ts. */
const S = { rule: 'study' } as const;

describe('integer margin rule (b - c) >= ceil(delta n)', () => {
  it('is immune to binary round-off of delta * n', () => {
    expect(0.07 * 100).not.toBe(7); // the trap this guards against
    expect(marginItems(0.07, 100)).toBe(7);
    expect(marginItems(0.05, 300)).toBe(15);
    expect(marginItems(0.29, 100)).toBe(29);
    expect(marginItems(0.05, 301)).toBe(16);
    expect(marginItems(0, 300)).toBe(0);
    expect(marginItems(0.05, 0)).toBe(0);
  });
  it('passes at exactly the margin and fails one item short', () => {
    // n = 300, required 15: b - c = 15 passes, 14 fails (both significant)
    const at = learnedFromTable({ a: 100, b: 40, c: 25, d: 135 }, design, S);
    const short = learnedFromTable({ a: 100, b: 40, c: 26, d: 134 }, design, S);
    expect(at.requiredGain).toBe(15);
    expect(at.marginMet).toBe(true);
    expect(short.marginMet).toBe(false);
    expect(short.learned).toBe(false);
  });
  it('needs significance too: a margin met on few discordant pairs is not enough', () => {
    // n = 20, required 1: b - c = 2 meets the margin, p(b=2,c=0) = 0.25 > 0.05
    const r = learned(pairs(10, 2, 0, 8), design, S);
    expect(r.marginMet).toBe(true);
    expect(r.significant).toBe(false);
    expect(r.learned).toBe(false);
  });
  it('learns on a clear improvement; the p equals the kernel', () => {
    const r = learned(pairs(80, 40, 10, 170), design, S);
    expect(r).toMatchObject({ a: 80, b: 40, c: 10, d: 170, n: 300, learned: true, significant: true, marginMet: true });
    expect(r.p).toBe(mcnemarExact({ b: 40, c: 10 }).p);
    expect(r.rule).toContain('ceil(0.05 * n) = 15');
  });
  it('is unchanged by reordering the pairs (metamorphic)', () => {
    const ps = pairs(30, 25, 9, 36);
    const rev = [...ps].reverse();
    expect(learned(rev, design)).toEqual(learned(ps, design));
  });
  it('permute-trap table (b=3, c=90) is not learned; mid-p is an option', () => {
    const r = learnedFromTable({ a: 10, b: 3, c: 90, d: 197 }, design, { midP: true, rule: 'study' });
    expect(r.learned).toBe(false);
    expect(r.rule).toContain('mid-p');
    expect(r.p).toBeGreaterThan(0.99);
  });
  it('no pairs: not learned, p = 1', () => {
    expect(learned([], design)).toMatchObject({ learned: false, p: 1, n: 0 });
  });
  it('rejects a bad design with codes', () => {
    const code = (f: () => unknown) => { try { f(); } catch (e) { return isDetectorError(e) ? e.code : 'other'; } return null; };
    expect(code(() => learned([], { alpha: 1.2, delta: 0.05 }))).toBe('invalid_alpha');
    expect(code(() => learned([], { alpha: 0.05, delta: -0.1 }))).toBe('invalid_delta');
    expect(code(() => learnedFromTable({ a: 1, b: -1, c: 0, d: 0 }, design))).toBe('invalid_counts');
  });
});
