import { describe, it, expect } from 'vitest';
import { createRng } from '../../src/rng.js';
import type { DetectorOptions } from '../../src/detector/index.js';
import { stratKellyBetFrom, stratKellyInit, stratRoundLogFactor, DEFAULT_B_METHOD } from '../../src/detector/b-process.js';
import type { DesignInput } from '../../src/eprocess/index.js';
import { alarmsFired, MU0 } from './sim.js';

/**
 * Validity of alarm B with a pre-registered prior (b-prior.ts, the default since the Kelly study
 * of docs/power.md) by Monte Carlo at and inside the null, through detectorInit / detectorApply.
 * Tolerance per rate: alpha_X + 3 sqrt(alpha_X (1 - alpha_X) / R) (a valid alarm fails it with
 * probability < 0.002). The scenarios attack what the prior changes: B betting from round 1 on the
 * prior alone (warm-up round 1), an aggressive prior far below the margin with a large weight, a
 * checkpoint whose agreement with the base flips every round, and a time-varying null.
 * Negative control: the same prior mixture whose bet peeks at the current round (not predictable)
 * must exceed alpha_B on the same null.
 */
const DELTA = 0.05, THETA = MU0 + DELTA;
type Scenario = { name: string; R: number; size: number; acc: (k: number) => number; kappa: (k: number) => number; design?: Partial<DesignInput>; opts?: DetectorOptions };
const warm1: Partial<DesignInput> = { warmupRound: 1 };
const scenarios: Scenario[] = [
  { name: 'default prior, B from round 1, boundary E[D] = delta, 64 items, kappa 0', R: 1000, size: 64, acc: () => THETA, kappa: () => 0, design: warm1 },
  { name: 'default prior, B from round 1, boundary, 256 items, kappa alternating 0 / 0.95', R: 300, size: 256, acc: () => THETA, kappa: (k) => (k % 2 === 0 ? 0 : 0.95), design: warm1 },
  { name: 'aggressive prior (gap 0.3, 1024 items, no fading), B from round 1, boundary, 64 items', R: 1000, size: 64, acc: () => THETA, kappa: () => 0.5, design: warm1, opts: { bMethod: { priorGaps: [0.3], priorItems: 1024, discount: 1 } } },
  { name: 'default prior, warm-up round 10, time-varying null (theta, theta + 0.1 alternating)', R: 300, size: 128, acc: (k) => (k % 2 === 0 ? THETA : THETA + 0.1), kappa: () => 0.6 },
];

const runOnce = (sc: Scenario, seed: number): Set<string> => alarmsFired(sc, seed, 'p');

describe('alarm B with a pre-registered prior: false-alarm rate <= alpha_B at and inside the null', () => {
  let seed = 120_000;
  for (const sc of scenarios) {
    it(`${sc.name} (${sc.R} runs)`, () => {
      let b = 0;
      for (let r = 0; r < sc.R; r++) if (runOnce(sc, seed++).has('not_learned')) b++;
      expect(b / sc.R).toBeLessThanOrEqual(0.02 + 3 * Math.sqrt((0.02 * 0.98) / sc.R));
    }, 60_000);
  }
});

describe('negative control: a prior mixture whose bet peeks at the current round', () => {
  it('exceeds alpha_B at the boundary (400 runs, 30 rounds of 64, kappa 0)', () => {
    const rng = createRng(5);
    const thr = Math.log(50), R = 400;
    let valid = 0, peek = 0;
    for (let r = 0; r < R; r++) {
      const s = stratKellyInit(MU0, DELTA, 0.5, DEFAULT_B_METHOD);
      let logPeek = 0, logValid = 0, firedPeek = false, firedValid = false;
      for (let k = 1; k <= 30; k++) {
        let a = 0, b = 0, c = 0, d = 0;
        for (let i = 0; i < 64; i++) {
          const base = rng.next() < MU0, m = rng.next() < THETA;
          if (base) { if (m) a++; else c++; } else if (m) b++; else d++;
        }
        // peeking: the "prior" is this round's own cells (weight 64 items): not predictable
        const pk = stratKellyBetFrom(s, a + c, a, b + d, b);
        logPeek += stratRoundLogFactor(MU0, THETA, pk.beta, pk.lambda, { a, b, c, d });
        // the same bet from the pre-registered prior alone (predictable): the valid twin
        const w = 64, pa = THETA - 0.05;
        const ok = stratKellyBetFrom(s, w * MU0, w * MU0 * pa, w * (1 - MU0), w * (1 - MU0) * pa);
        logValid += stratRoundLogFactor(MU0, THETA, ok.beta, ok.lambda, { a, b, c, d });
        if (logPeek >= thr) firedPeek = true;
        if (logValid >= thr) firedValid = true;
      }
      if (firedPeek) peek++;
      if (firedValid) valid++;
    }
    expect(peek / R).toBeGreaterThan(0.1);
    expect(valid / R).toBeLessThanOrEqual(0.02 + 3 * Math.sqrt((0.02 * 0.98) / R));
  }, 60_000);
});
