/**
 * Cross-check against the independent numpy reference (scripts/reference/eprocess_reference.py,
 * output and provenance committed in fixtures/reference/eprocess/reference.json). Every
 * trajectory must agree to 1e-9 relative (absolute 1e-9 near zero).
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  bettingInit, bettingUpdate, bettingUpdateRound, bettingLogValue, roundLogEValue, srInit, srUpdate, srLogValue,
  cusumInit, cusumUpdate, cusumLogValue, hedgedCsInit, hedgedCsUpdate, hedgedCsInterval, ebCsInit, ebCsUpdate, ebCsInterval,
  type Strategy,
} from '../../src/eprocess/index.js';

const ref = JSON.parse(readFileSync(new URL('../../fixtures/reference/eprocess/reference.json', import.meta.url), 'utf8')) as {
  provenance: Record<string, string>;
  continuous: { m: number; ys: number[]; logWealth: Record<string, number[]> };
  bernoulli: { m: number; ys: number[]; logWealth: Record<string, number[]> };
  rounds: { m: number; counts: [number, number, number][]; logWealth: Record<string, number[]> };
  hedgedCs: { gridSize: number; ys: number[]; intervals: [number, number][] };
  ebCs: { ys: number[]; intervals: [number, number][] };
};
const STRATS: Strategy[] = ['plugin', 'agrapa', 'ons', 'grid', 'mixture'];

function close(actual: number[], expected: number[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i] as number;
    const err = Math.abs(a - e) / Math.max(1, Math.abs(e));
    if (!(err <= 1e-9)) expect.fail(`${label}[${i}]: ${a} vs reference ${e} (rel err ${err})`);
  });
}

describe('numpy reference cross-check (tolerance 1e-9 relative)', () => {
  it('fixture carries its provenance', () => {
    for (const k of ['script', 'command', 'numpy', 'date']) expect(ref.provenance[k]).toBeTruthy();
  });
  for (const name of ['continuous', 'bernoulli'] as const) {
    for (const strategy of STRATS) {
      it(`per-item ${strategy} log-wealth, ${name} sequence`, () => {
        const { m, ys, logWealth } = ref[name];
        let s = bettingInit({ m, strategy, c: 0.5, alpha: 0.05 });
        const path = ys.map((y) => { s = bettingUpdate(s, y); return bettingLogValue(s); });
        close(path, logWealth[strategy] as number[], `${name}.${strategy}`);
      });
    }
  }
  for (const strategy of STRATS) {
    it(`per-round ${strategy} log-wealth`, () => {
      const { m, counts, logWealth } = ref.rounds;
      let s = bettingInit({ m, strategy });
      const path = counts.map(([minus, zero, plus]) => { s = bettingUpdateRound(s, { minus, zero, plus }); return bettingLogValue(s); });
      close(path, logWealth[strategy] as number[], `rounds.${strategy}`);
    });
  }
  it('Shiryaev-Roberts and CUSUM on grid round e-values', () => {
    const { m, counts, logWealth } = ref.rounds;
    let b = bettingInit({ m, strategy: 'grid' }), sr = srInit(), cu = cusumInit();
    const srPath: number[] = [], cuPath: number[] = [];
    for (const [minus, zero, plus] of counts) {
      const logE = roundLogEValue(b, { minus, zero, plus });
      sr = srUpdate(sr, logE); cu = cusumUpdate(cu, logE);
      b = bettingUpdateRound(b, { minus, zero, plus });
      srPath.push(srLogValue(sr)); cuPath.push(cusumLogValue(cu));
    }
    close(srPath, logWealth.sr_grid as number[], 'sr');
    close(cuPath, logWealth.cusum_grid as number[], 'cusum');
  });
  it('hedged-capital CS intervals', () => {
    let s = hedgedCsInit({ gridSize: ref.hedgedCs.gridSize });
    const got = ref.hedgedCs.ys.map((y) => { s = hedgedCsUpdate(s, y); const i = hedgedCsInterval(s); return [i.lower, i.upper]; });
    close(got.flat(), ref.hedgedCs.intervals.flat(), 'hedgedCs');
  });
  it('empirical-Bernstein CS intervals', () => {
    let s = ebCsInit();
    const got = ref.ebCs.ys.map((y) => { s = ebCsUpdate(s, y); const i = ebCsInterval(s); return [i.lower, i.upper]; });
    close(got.flat(), ref.ebCs.intervals.flat(), 'ebCs');
  });
});
