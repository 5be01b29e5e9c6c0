import { describe, it, expect } from 'vitest';
import type { DetectorOptions } from '../../src/detector/index.js';
import { alarmsFired, MU0 } from './sim.js';

/**
 * Validity of the detector's default alarm B (stratified plug-in Kelly, b-process.ts) and of
 * alarm A with its pre-registered tolerance and warm-up, by Monte Carlo at the null boundaries,
 * through detectorInit / detectorApply. Design: alpha 0.05 = 0.02 + 0.02 + 0.01, delta 0.05,
 * warm-up round 10, K = 30 rounds. Tolerance for each rate: alpha_X + 3 sqrt(alpha_X (1 - alpha_X) / R)
 * (a valid alarm fails it with probability < 0.002). The scenarios attack what the new process
 * estimates: the regression slope beta (agreement kappa changing between rounds, so beta is
 * always estimated from other checkpoints), and the bet size (pre-warm-up rounds far below the
 * margin make the plug-in bet large when betting starts at the boundary).
 */
const DELTA = 0.05, K0 = 10;
/** `onlyA`: the run is below the margin, so only A's null holds and only A's rate is checked. */
type Scenario = { name: string; R: number; size: number; acc: (k: number) => number; kappa: (k: number) => number; opts?: DetectorOptions; onlyA?: boolean };
const scenarios: Scenario[] = [
  { name: 'B boundary E[D] = delta, 256 items, kappa 0.6', R: 400, size: 256, acc: () => MU0 + DELTA, kappa: () => 0.6 },
  { name: 'B boundary, kappa alternating 0 / 0.95 (beta estimated from the wrong checkpoints)', R: 400, size: 128, acc: () => MU0 + DELTA, kappa: (k) => (k % 2 === 0 ? 0 : 0.95) },
  { name: 'B boundary after pre-warm-up rounds at mu0 - 0.02 (plug-in bets start large); A at its boundary E[D] = -0.02', R: 400, size: 64, acc: (k) => (k < K0 ? MU0 - 0.02 : MU0 + DELTA), kappa: () => 0.5 },
  { name: 'A boundary E[D] = -0.02 throughout (tolerance 0.02), 256 items', R: 400, size: 256, acc: () => MU0 - 0.02, kappa: () => 0.5, onlyA: true },
  { name: 'A strict (tolerance 0) at its boundary E[D] = 0, warm-up round 3', R: 300, size: 128, acc: () => MU0, kappa: () => 0.5, opts: { aTolerance: 0, aWarmupRound: 3 }, onlyA: true },
];

const runOnce = (sc: Scenario, seed: number): Set<string> => alarmsFired(sc, seed, 'b');

describe('alarm B (stratified Kelly) and alarm A (tolerance, warm-up): false-alarm rate <= alpha at the boundaries', () => {
  let seed = 90_000;
  for (const sc of scenarios) {
    it(`${sc.name} (${sc.R} runs)`, () => {
      const per: Record<string, number> = { worse_than_base: 0, not_learned: 0, collapse: 0 };
      for (let r = 0; r < sc.R; r++) for (const a of runOnce(sc, seed++)) per[a] = (per[a] ?? 0) + 1;
      const tol = (a: number) => a + 3 * Math.sqrt((a * (1 - a)) / sc.R);
      expect(per.worse_than_base! / sc.R).toBeLessThanOrEqual(tol(0.02));
      if (sc.onlyA === true) return;
      expect(per.not_learned! / sc.R).toBeLessThanOrEqual(tol(0.02));
      expect(per.collapse! / sc.R).toBeLessThanOrEqual(tol(0.01));
    }, 60_000);
  }
});

describe('the stratified Kelly B is at least as powerful as the paired mixture (same runs)', () => {
  it('E[D] = +0.015 (0.035 under the margin), 64 items: B fires by round 30 more often (200 paired runs)', () => {
    let strat = 0, paired = 0;
    for (let r = 0; r < 200; r++) {
      const sc = { name: '', R: 0, size: 64, acc: () => MU0 + 0.015, kappa: () => 0.6 };
      if (runOnce(sc, 70_000 + r).has('not_learned')) strat++;
      if (runOnce({ ...sc, opts: { bMethod: { kind: 'paired' } } }, 70_000 + r).has('not_learned')) paired++;
    }
    expect(strat).toBeGreaterThan(paired);
  }, 60_000);
});
