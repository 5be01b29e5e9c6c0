/** Unit behaviour of the smaller pieces: input errors, alarms, combination rules, SR threshold, paired counts. */
import { describe, it, expect } from 'vitest';
import {
  bettingInit, bettingUpdate, bettingUpdateRound, bettingUpdateRoundMean, bettingLogValue, EProcessError, alarmInit, alarmUpdate, eProduct, eAverage,
  eSnapshot, eBH, eBonferroni, fixedProbeCombinerInit, fixedProbeCombinerUpdate, srThreshold, srInit, srUpdate, srLogValue,
  cusumInit, cusumUpdate, cusumLogValue, pairedCounts, roundGridLogEValue, roundLogEValue, hedgedCsInit, ebCsInit,
  ebCsUpdateRound, ebCsInterval, hedgedCsUpdateRound, hedgedCsInterval,
  type EValueSnapshot,
} from '../../src/eprocess/index.js';

const codeOf = (f: () => unknown): string => {
  try { f(); } catch (e) { if (e instanceof EProcessError) return e.code; throw e; }
  return 'no error';
};

describe('input errors are coded', () => {
  it.each([
    [() => bettingInit({ m: 1 }), 'invalid_null_mean'], [() => bettingInit({ m: 0.5, c: 1 }), 'invalid_truncation'],
    [() => bettingInit({ m: 0.5, strategy: 'x' as 'grid' }), 'invalid_strategy'], [() => bettingInit({ m: 0.5, alpha: 0 }), 'invalid_alpha'],
    [() => bettingUpdate(bettingInit({ m: 0.5 }), 1.5), 'invalid_observation'], [() => bettingUpdate(bettingInit({ m: 0.5 }), Number.NaN), 'invalid_observation'],
    [() => bettingUpdateRound(bettingInit({ m: 0.5 }), { minus: -1, zero: 0, plus: 0 }), 'invalid_counts'],
    [() => bettingUpdateRound(bettingInit({ m: 0.5 }), { minus: 0, zero: 1.5, plus: 0 }), 'invalid_counts'],
    [() => srUpdate(srInit(), Number.NaN), 'invalid_evalue'], [() => srThreshold(0, 0.05), 'invalid_horizon'],
    [() => srThreshold(10, 1), 'invalid_alpha'], [() => alarmInit(Number.NaN), 'invalid_threshold'],
    [() => hedgedCsInit({ gridSize: 1 }), 'invalid_grid'], [() => ebCsInit({ alpha: 2 }), 'invalid_alpha'],
    [() => eBH({ logValues: [10] } as unknown as EValueSnapshot, 0.05), 'forged_snapshot'],
    [() => eBonferroni(JSON.parse(JSON.stringify(eSnapshot([bettingInit({ m: 0.5 })]))) as EValueSnapshot, 0.05), 'forged_snapshot'],
  ])('case %#', (f, code) => { expect(codeOf(f)).toBe(code); });
});

describe('alarms latch', () => {
  it('fires at the first crossing and keeps that step and value', () => {
    let a = alarmInit(Math.log(20));
    a = alarmUpdate(a, 1, 10);
    expect(a.fired).toBe(false);
    a = alarmUpdate(a, 3.5, 20);
    a = alarmUpdate(a, -5, 30);
    a = alarmUpdate(a, 9, 40);
    expect(a).toMatchObject({ fired: true, step: 20, value: 3.5 });
  });
});

describe('combination rules', () => {
  const withLogValue = (x: number) => fixedProbeCombinerUpdate(fixedProbeCombinerInit(), x + Math.log(2)); // w_1 = 1/2
  it('product and average', () => {
    expect(eProduct([Math.log(2), Math.log(3)])).toBeCloseTo(Math.log(6), 14);
    expect(eAverage([Math.log(2), Math.log(4)])).toBeCloseTo(Math.log(3), 14);
    expect(eAverage([])).toBe(0);
  });
  it('e-BH: e = (100, 50, 2, 1), R = 4, alpha = 0.05 -> thresholds 80, 40, 26.7, 20 -> rejects the two largest', () => {
    const snap = eSnapshot([2, 100, 1, 50].map((e) => withLogValue(Math.log(e))));
    const d = eBH(snap, 0.05);
    expect(d.rejected).toEqual([1, 3]);
    expect(d.logThreshold).toBeCloseTo(Math.log(40), 12);
    expect(eBH(eSnapshot([withLogValue(Math.log(79))]), 1 / 80).rejected).toEqual([]);
  });
  it('e-Bonferroni rejects E_r >= R / alpha', () => {
    const snap = eSnapshot([Math.log(81), Math.log(79), 0].map(withLogValue));
    expect(eBonferroni(snap, 3 / 80).rejected).toEqual([0]);
  });
  it('a snapshot reads the CURRENT values of the states (not their maxima)', () => {
    let s = bettingInit({ m: 0.5, strategy: 'grid' });
    for (let i = 0; i < 40; i++) s = bettingUpdate(s, 0);
    const high = bettingLogValue(s);
    for (let i = 0; i < 200; i++) s = bettingUpdate(s, 1);
    const snap = eSnapshot([s]);
    expect(snap.logValues[0]).toBe(bettingLogValue(s));
    expect(snap.logValues[0]).toBeLessThan(high);
  });
});

describe('detectors', () => {
  it('SR and CUSUM recursions in log space on a hand-computed sequence E = (2, 0.5, 3)', () => {
    const es = [2, 0.5, 3].map(Math.log);
    const sr = es.reduce(srUpdate, srInit()), cu = es.reduce(cusumUpdate, cusumInit());
    // R: 2, (2+1)*0.5 = 1.5, (1.5+1)*3 = 7.5; M: 2, max(2,1)*0.5 = 1, max(1,1)*3 = 3
    expect(srLogValue(sr)).toBeCloseTo(Math.log(7.5), 13);
    expect(cusumLogValue(cu)).toBeCloseTo(Math.log(3), 13);
    expect(srThreshold(100, 0.01)).toBeCloseTo(Math.log(10000), 12);
  });
  it('a learned-then-collapsed run: SR on grid round e-values fires soon after the collapse, the single e-process later', () => {
    let b = bettingInit({ m: 0.525, strategy: 'grid' }), sr = srInit(), firedSr = -1, firedBet = -1;
    for (let k = 0; k < 200; k++) {
      const c = k < 100 ? { minus: 4, zero: 40, plus: 20 } : { minus: 20, zero: 40, plus: 4 };
      sr = srUpdate(sr, roundLogEValue(b, c));
      b = bettingUpdateRound(b, c);
      if (firedSr < 0 && srLogValue(sr) >= srThreshold(200, 0.01)) firedSr = k;
      if (firedBet < 0 && bettingLogValue(b) >= Math.log(1 / 0.02)) firedBet = k;
    }
    expect(firedSr).toBeGreaterThanOrEqual(100);
    expect(firedSr).toBeLessThan(110);
    expect(firedBet < 0 || firedBet > firedSr + 20).toBe(true);
  });
  it('roundGridLogEValue equals the grid state round e-value at the start', () => {
    const c = { minus: 30, zero: 20, plus: 14 };
    expect(roundGridLogEValue(c, { m: 0.525 })).toBe(roundLogEValue(bettingInit({ m: 0.525, strategy: 'grid' }), c));
  });
});

describe('round-mean update (sampling without replacement)', () => {
  it('is one observation at the round mean', () => {
    const s0 = bettingInit({ m: 0.525 });
    expect(JSON.stringify(bettingUpdateRoundMean(s0, { minus: 20, zero: 30, plus: 14 }))).toBe(JSON.stringify(bettingUpdate(s0, 29 / 64)));
    expect(codeOf(() => bettingUpdateRoundMean(s0, { minus: 0, zero: 0, plus: 0 }))).toBe('invalid_counts');
  });
});

describe('empty rounds change nothing', () => {
  it('betting, hedged CS and EB CS ignore a round with no items', () => {
    const z = { minus: 0, zero: 0, plus: 0 };
    const b = bettingUpdateRound(bettingInit({ m: 0.525 }), z);
    expect(bettingLogValue(b)).toBe(0);
    expect(ebCsInterval(ebCsUpdateRound(ebCsInit(), z))).toEqual({ lower: 0, upper: 1 });
    expect(hedgedCsInterval(hedgedCsUpdateRound(hedgedCsInit(), z))).toEqual({ lower: 0, upper: 1 });
  });
});

describe('paired counts', () => {
  it('counts D = -1, 0, +1', () => {
    expect(pairedCounts([{ base: true, model: false }, { base: false, model: true }, { base: true, model: true }, { base: false, model: false }, { base: false, model: true }]))
      .toEqual({ minus: 1, zero: 2, plus: 2 });
  });
});
