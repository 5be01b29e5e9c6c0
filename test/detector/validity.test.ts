import { describe, it, expect } from 'vitest';
import { feed, makeRun, simulate, MU0 } from './sim.js';

/**
 * Validity of the composed detector (alarms A, B and C together) by Monte Carlo at the null
 * boundaries (spec detector.md section 6). Design: alpha 0.05 = 0.02 (A) + 0.02 (B) + 0.01 (C),
 * delta 0.05, warm-up round k0 = 10, K = 30 rounds of 64 fresh items each (the study's shape).
 * A run is a false alarm when ANY alarm fires. Tolerance: alpha + 3 Monte Carlo standard errors,
 * 3 sqrt(alpha (1 - alpha) / R) (one-sided; a valid detector fails this with probability < 0.002);
 * each alarm separately: alpha_X + 3 sqrt(alpha_X (1 - alpha_X) / R).
 */
const DELTA = 0.05, K0 = 10;
const scenarios: [string, number, (k: number) => number][] = [
  // E[D] = 0 before the warm-up (A's strict boundary; inside A's default null E[D] >= -0.02, whose
  // boundary validity-b.test.ts checks), then B's and C's boundary (E[D] = delta)
  ['E[D] = 0 before k0, = delta from k0', 500, (k) => (k < K0 ? MU0 : MU0 + DELTA)],
  // B's and C's boundary throughout (inside A's null)
  ['E[D] = delta throughout', 300, () => MU0 + DELTA],
  // time-varying, inside every null: wanders above the boundaries
  ['time-varying above the boundaries', 300, (k) => (k < K0 ? MU0 + 0.03 * Math.abs(Math.sin(k)) : MU0 + DELTA + 0.03 * Math.abs(Math.cos(k)))],
];

describe('composed detector: false-alarm rate <= alpha at the null boundaries', () => {
  let seed = 50_000;
  for (const [name, R, acc] of scenarios) {
    it(`${name} (${R} runs)`, () => {
      let any = 0;
      const per = { worse_than_base: 0, not_learned: 0, collapse: 0 };
      for (let r = 0; r < R; r++) {
        const { out } = feed(simulate(makeRun({ run: `v${r}` }), acc, seed++));
        const fired = out.filter((o) => o.type === 'alarm').map((o) => o.alarm as keyof typeof per);
        if (fired.length > 0) any++;
        for (const a of fired) per[a]++;
      }
      const tol = (a: number) => a + 3 * Math.sqrt((a * (1 - a)) / R);
      expect(any / R).toBeLessThanOrEqual(tol(0.05));
      expect(per.worse_than_base / R).toBeLessThanOrEqual(tol(0.02));
      expect(per.not_learned / R).toBeLessThanOrEqual(tol(0.02));
      expect(per.collapse / R).toBeLessThanOrEqual(tol(0.01));
    }, 60_000);
  }
});
