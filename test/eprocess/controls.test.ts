/**
 * Negative controls that MUST fail (spec detector.md §6), each next to the valid procedure on the
 * same seeded streams:
 * 1. Peeking: a one-sided z test (level alpha) of H0: E[Y] >= m repeated on all data after every
 *    round. Its ever-reject rate must clearly exceed alpha; the e-process on the same data must not.
 * 2. Pooled betting on a reused fixed 64-item probe: the same items are re-scored every round and
 *    pooled into one wealth process. Its false-alarm rate must clearly exceed alpha; the
 *    fixed-probe combiner (one data-free e-value per round, weights 1/(k(k+1))) must not.
 * "Clearly exceeds": rate >= 2 alpha AND rate > alpha + 5 binomial SEs. Valid side: <= alpha + 3 SEs.
 */
import { describe, it, expect } from 'vitest';
import { createRng, type Rng } from '../../src/rng.js';
import {
  bettingInit, bettingUpdateRound, bettingLogValue, roundGridLogEValue, fixedProbeCombinerInit,
  fixedProbeCombinerUpdate, fixedProbeCombinerLogValue, type PairedCounts,
} from '../../src/eprocess/index.js';
import { binomial, binomialSe, drawRound } from './sim.js';

const ALPHA = 0.05, SIZE = 64, Z_ALPHA = 1.6448536269514722; // Phi^{-1}(0.95)

describe('negative control 1: repeated fixed-n z test (peeking) at the null boundary', () => {
  it('peeking exceeds alpha clearly, the mixture e-process does not (R = 500, 300 rounds of 64, Y ~ Ber(m = 0.5))', () => {
    const R = 500, K = 300, m = 0.5;
    const rng = createRng(31);
    let peekHits = 0, betHits = 0;
    for (let r = 0; r < R; r++) {
      let n = 0, sum = 0, peek = false, bet = false;
      let s = bettingInit({ m, alpha: ALPHA });
      for (let k = 0; k < K; k++) {
        const ones = binomial(rng, SIZE, m);
        n += SIZE; sum += ones;
        if ((sum / n - m) / Math.sqrt((m * (1 - m)) / n) < -Z_ALPHA) peek = true;
        s = bettingUpdateRound(s, { minus: SIZE - ones, zero: 0, plus: ones });
        if (bettingLogValue(s) >= Math.log(1 / ALPHA)) bet = true;
      }
      if (peek) peekHits++;
      if (bet) betHits++;
    }
    const peekRate = peekHits / R, betRate = betHits / R, se = binomialSe(ALPHA, R);
    console.log(`peeking z test ever-reject rate ${peekRate}, e-process ${betRate} (R = ${R})`);
    expect(peekRate).toBeGreaterThanOrEqual(2 * ALPHA);
    expect(peekRate).toBeGreaterThan(ALPHA + 5 * se);
    expect(betRate).toBeLessThanOrEqual(ALPHA + 3 * se);
  });
});

/**
 * Fixed-probe world: 64 items drawn once from a pool at the null boundary (E[D] = delta); each
 * item keeps its paired outcome across rounds except that with probability 0.2 per round it is
 * re-drawn (checkpoint drift). Re-scoring the same items ties every round to the probe's luck.
 */
function fixedProbeRounds(rng: Rng, K: number, pMinus: number, pPlus: number): PairedCounts[] {
  const draw = (): -1 | 0 | 1 => { const u = rng.next(); return u < pMinus ? -1 : u < pMinus + pPlus ? 1 : 0; };
  const fixed = Array.from({ length: SIZE }, draw);
  const out: PairedCounts[] = [];
  for (let k = 0; k < K; k++) {
    let minus = 0, plus = 0;
    for (const d0 of fixed) {
      const d = rng.next() < 0.2 ? draw() : d0;
      if (d === -1) minus++; else if (d === 1) plus++;
    }
    out.push({ minus, zero: SIZE - minus - plus, plus });
  }
  return out;
}

describe('negative control 2: pooled betting on a reused fixed 64-item probe', () => {
  it('pooling exceeds alpha clearly, the fixed-probe combiner does not (R = 500, 300 rounds, delta = 0.05)', () => {
    const R = 500, K = 300, delta = 0.05, m = (1 + delta) / 2, pMinus = 0.2, pPlus = 0.25;
    const rng = createRng(32);
    let pooledHits = 0, combHits = 0, freshHits = 0;
    const thr = Math.log(1 / ALPHA);
    for (let r = 0; r < R; r++) {
      let pooled = bettingInit({ m, alpha: ALPHA }), fresh = bettingInit({ m, alpha: ALPHA });
      let comb = fixedProbeCombinerInit();
      let hitP = false, hitC = false, hitF = false;
      for (const counts of fixedProbeRounds(rng, K, pMinus, pPlus)) {
        pooled = bettingUpdateRound(pooled, counts);
        comb = fixedProbeCombinerUpdate(comb, roundGridLogEValue(counts, { m }));
        fresh = bettingUpdateRound(fresh, drawRound(rng, { pMinus, pPlus }, SIZE));
        if (bettingLogValue(pooled) >= thr) hitP = true;
        if (fixedProbeCombinerLogValue(comb) >= thr) hitC = true;
        if (bettingLogValue(fresh) >= thr) hitF = true;
      }
      if (hitP) pooledHits++;
      if (hitC) combHits++;
      if (hitF) freshHits++;
    }
    const se = binomialSe(ALPHA, R);
    const pooledRate = pooledHits / R, combRate = combHits / R, freshRate = freshHits / R;
    console.log(`fixed probe: pooled betting ${pooledRate}, fixed-probe combiner ${combRate}, fresh sampling ${freshRate} (R = ${R})`);
    expect(pooledRate).toBeGreaterThanOrEqual(2 * ALPHA);
    expect(pooledRate).toBeGreaterThan(ALPHA + 5 * se);
    expect(combRate).toBeLessThanOrEqual(ALPHA + 3 * se);
    expect(freshRate).toBeLessThanOrEqual(ALPHA + 3 * se);
  });
});
