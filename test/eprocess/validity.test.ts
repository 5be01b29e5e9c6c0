/**
 * Validity harness (spec detector.md §6): Monte Carlo false-alarm rate of every strategy and of
 * the SR / CUSUM e-detectors, under null-boundary, inside-null and time-varying nulls of the
 * paired design (rounds of 64 items drawn with replacement, per-round update). A false alarm is
 * ever crossing log(1/alpha) (betting) or log(K/alpha) (detectors) within the horizon.
 * Replications R = 1000 per scenario (all processes see the same seeded streams), horizon
 * K = 300 rounds, alpha = 0.05; tolerance: rate <= alpha + 3 binomial SEs at R (= 0.0707).
 */
import { describe, it, expect } from 'vitest';
import { createRng } from '../../src/rng.js';
import {
  bettingInit, bettingUpdateRound, bettingLogValue, roundLogEValue, srInit, srUpdate, srLogValue, cusumInit,
  cusumUpdate, cusumLogValue, srThreshold, STRATEGIES, hedgedCsInit, hedgedCsUpdateRound, hedgedCsInterval,
  ebCsInit, ebCsUpdateRound, ebCsInterval, type BettingState, type SrState, type CusumState,
} from '../../src/eprocess/index.js';
import { drawRound, binomialSe, probsWithMean, type PairedProbs } from './sim.js';

const ALPHA = 0.05, R = 1000, K = 300, SIZE = 64, DELTA = 0.05, M = (1 + DELTA) / 2;
const TOL = 3 * binomialSe(ALPHA, R);

interface Scenario { name: string; seed: number; m: number; probs: (k: number) => PairedProbs }
const scenarios: Scenario[] = [
  { name: 'alarm A null boundary (E[D] = 0, m = 1/2, 40% discordant)', seed: 10, m: 0.5, probs: () => probsWithMean(0, 0.2) },
  { name: 'alarm B/C null boundary, trinomial (E[D] = delta, 45% discordant)', seed: 11, m: M, probs: () => probsWithMean(DELTA, 0.2) },
  { name: 'null boundary, no ties (Y in {0,1}, P(Y=1) = m: maximal variance)', seed: 12, m: M, probs: () => ({ pMinus: 1 - M, pPlus: M }) },
  { name: 'inside the null (E[D] = delta + 0.05)', seed: 13, m: M, probs: () => probsWithMean(DELTA + 0.05, 0.2) },
  {
    name: 'time-varying null hugging the boundary (E[D]_k = delta + 0.04 max(0, sin(k/10)), discordance moving)', seed: 14, m: M,
    probs: (k) => probsWithMean(DELTA + 0.04 * Math.max(0, Math.sin(k / 10)), 0.1 + 0.15 * (1 + Math.cos(k / 7)) / 2),
  },
  { name: 'time-varying null (learns: E[D] = delta + 0.3 for 100 rounds, then at the boundary)', seed: 15, m: M, probs: (k) => probsWithMean(k < 100 ? DELTA + 0.3 : DELTA, 0.15) },
];

function falseAlarmRates(sc: Scenario): Record<string, number> {
  const rng = createRng(sc.seed);
  const thrBet = Math.log(1 / ALPHA), thrDet = srThreshold(K, ALPHA);
  const names = [...STRATEGIES, 'sr(grid)', 'cusum(grid)', 'sr(mixture)'];
  const hits = Object.fromEntries(names.map((n) => [n, 0])) as Record<string, number>;
  for (let r = 0; r < R; r++) {
    let bets: BettingState[] = STRATEGIES.map((strategy) => bettingInit({ m: sc.m, strategy, alpha: ALPHA }));
    let sr: SrState = srInit(), cu: CusumState = cusumInit(), srMix: SrState = srInit();
    const fired = new Set<string>();
    for (let k = 0; k < K; k++) {
      const counts = drawRound(rng, sc.probs(k), SIZE);
      const grid = bets[3] as BettingState, mix = bets[4] as BettingState;
      const eGrid = roundLogEValue(grid, counts);
      sr = srUpdate(sr, eGrid); cu = cusumUpdate(cu, eGrid); srMix = srUpdate(srMix, roundLogEValue(mix, counts));
      bets = bets.map((b) => bettingUpdateRound(b, counts));
      bets.forEach((b, i) => { if (bettingLogValue(b) >= thrBet) fired.add(STRATEGIES[i] as string); });
      if (srLogValue(sr) >= thrDet) fired.add('sr(grid)');
      if (cusumLogValue(cu) >= thrDet) fired.add('cusum(grid)');
      if (srLogValue(srMix) >= thrDet) fired.add('sr(mixture)');
    }
    for (const f of fired) hits[f] = (hits[f] as number) + 1;
  }
  return Object.fromEntries(names.map((n) => [n, (hits[n] as number) / R]));
}

describe(`false-alarm rate <= alpha + ${TOL.toFixed(4)} (R = ${R}, K = ${K} rounds of ${SIZE}, alpha = ${ALPHA})`, () => {
  for (const sc of scenarios) {
    it(sc.name, () => {
      const rates = falseAlarmRates(sc);
      console.log(`false-alarm rates, ${sc.name}: ${JSON.stringify(rates)}`);
      for (const [name, rate] of Object.entries(rates)) {
        expect(rate, `${sc.name}: ${name} false-alarm rate ${rate}`).toBeLessThanOrEqual(ALPHA + TOL);
      }
    });
  }
});

// The running intersection only shrinks, so "the final interval misses p" == "some interval missed p".
describe('confidence-sequence coverage (R = 400, 200 rounds of 64 accuracy outcomes, p = 0.3, alpha = 0.05, tol 3 SE)', () => {
  it('hedged and EB running-intersection CSs miss the true mean at some round in at most alpha + tol of runs', () => {
    const reps = 400, rounds = 200, p = 0.3, tol = 3 * binomialSe(ALPHA, reps);
    const rng = createRng(21);
    let missH = 0, missE = 0;
    for (let r = 0; r < reps; r++) {
      let h = hedgedCsInit({ alpha: ALPHA, gridSize: 100 }), e = ebCsInit({ alpha: ALPHA });
      for (let k = 0; k < rounds; k++) {
        const c = drawRound(rng, { pMinus: 1 - p, pPlus: p }, SIZE);
        h = hedgedCsUpdateRound(h, c); e = ebCsUpdateRound(e, c);
      }
      const ih = hedgedCsInterval(h), ie = ebCsInterval(e);
      if (!(ih.lower <= p && p <= ih.upper)) missH++;
      if (!(ie.lower <= p && p <= ie.upper)) missE++;
    }
    expect(missH / reps).toBeLessThanOrEqual(ALPHA + tol);
    expect(missE / reps).toBeLessThanOrEqual(ALPHA + tol);
  });
});
