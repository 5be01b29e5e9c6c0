import { describe, it, expect } from 'vitest';
import { createRng } from '../../src/rng.js';
import { baseCheckInit, baseCheckRound, sampleProbe } from '../../src/detector/index.js';
import type { TelemetryEvent } from '../../src/telemetry/schema.js';
import { expectLevel, harnessRun, makePool, probeEvent, rates, runDetector, upper95 } from './harness.js';

/**
 * Validity harness, a wrong base accuracy (issue: "pool_accuracy off by +-0.02 and +-0.05 at
 * several couplings"). The pool's true base accuracy is 0.328 and every run sits at alarm B's null
 * boundary (checkpoint pool accuracy 0.378 = true mu0 + delta) for 30 seeded rounds of 64 items;
 * the run event declares pool_accuracy = 0.328 + err. Each scenario: R = 1000 replicates, the
 * exact one-sided 95% upper bound of each alarm's false-alarm rate <= its alpha. Before this
 * change alarm B trusted the declared value (stratified observation) and fired in 8-51% of runs
 * at err = +0.02; the negative control (`stratify: true`, which trusts mu0 until the check rejects
 * it) must still fail at err = +0.02 with the model independent of the base.
 */
const R = 1000, N = 1000, K = 30;

function gen(err: number, kappa: number) {
  return (rep: number, rng: ReturnType<typeof createRng>): TelemetryEvent[] => {
    const run = harnessRun(`p${rep}`, { seed: 2000 + rep, poolAccuracy: 0.328 + err });
    const p = makePool(rng, N, 328, 378, kappa);
    const evs: TelemetryEvent[] = [run];
    for (let k = 1; k <= K; k++) evs.push(probeEvent(run, p, k, 10 * k, sampleProbe({ poolSize: N, size: 64, seed: 2000 + rep, round: k })));
    return evs;
  };
}

describe('declared pool_accuracy off by +-0.02: every alarm holds its level (1000 runs each; +-0.05 in validity-base-05.test.ts)', () => {
  let seed = 610_000;
  for (const err of [0.02, -0.02]) {
    for (const kappa of [0, 0.5, 0.9]) {
      const s0 = (seed += R);
      it(`err ${err > 0 ? '+' : ''}${err}, coupling kappa ${kappa}`, () => {
        expectLevel(rates(R, s0, gen(err, kappa)), `pool_accuracy ${err}, kappa ${kappa}`);
      }, 60_000);
    }
  }
  it('negative control: trusting the declared value (stratify: true) fails at +0.02 with kappa 0 (95% lower bound > alpha_B)', () => {
    const r = rates(400, 690_000, gen(0.02, 0), { bMethod: { stratify: true } });
    const p = r.B / r.R;
    expect(p - 1.645 * Math.sqrt((p * (1 - p)) / r.R)).toBeGreaterThan(0.02);
  }, 60_000);
});

describe('the base check', () => {
  it('a right declared value is rejected in at most 0.2% of runs, plus MC error (1000 runs of 30 rounds)', () => {
    let rejected = 0;
    for (let rep = 0; rep < R; rep++) {
      const rng = createRng(700_000 + rep);
      let c = baseCheckInit(0.328, 0.002);
      for (let k = 1; k <= K; k++) {
        let b = 0;
        for (let i = 0; i < 64; i++) if (rng.next() < 0.328) b++;
        c = baseCheckRound(c, 64, b, k);
      }
      if (c.rejected_round !== null) rejected++;
    }
    expect(upper95(rejected, R)).toBeLessThanOrEqual(0.01);
  });
  it('a declared value 0.15 too high is rejected within 30 rounds, with a notice, and B then bets on the paired outcome', () => {
    const evs = gen(0.15, 0.5)(1, createRng(5));
    const { state } = runDetector(evs, undefined, { bMethod: { stratify: true } });
    expect(state.base_check.rejected_round).not.toBeNull();
    expect(state.notices).toContain('base_accuracy_rejected');
    expect(state.proc.Bs?.stratify).toBe(false);
    expect(state.proc.Bs?.mu0).toBeCloseTo(0.328, 1);
  });
  it('a declared value of 0 is rejected by the first base-right item', () => {
    expect(baseCheckRound(baseCheckInit(0, 0.002), 10, 1, 1).rejected_round).toBe(1);
    expect(baseCheckRound(baseCheckInit(0, 0.002), 10, 0, 1).rejected_round).toBeNull();
  });
});
