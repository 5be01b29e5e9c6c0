import { describe, it } from 'vitest';
import { createRng } from '../../src/rng.js';
import { sampleProbe } from '../../src/detector/index.js';
import type { TelemetryEvent } from '../../src/telemetry/schema.js';
import { expectLevel, harnessRun, makePool, probeEvent, rates } from './harness.js';

/**
 * Validity harness, a wrong base accuracy, part 2: declared pool_accuracy off by +-0.05 (the
 * design is in validity-base.test.ts: true base 0.328, checkpoint at B's null boundary 0.378,
 * 30 seeded rounds of 64 items; R = 1000 replicates per scenario, each alarm's exact one-sided 95%
 * upper bound <= its alpha). Before this change B fired in far more than alpha of these runs.
 */
const R = 1000, N = 1000, K = 30;

function gen(err: number, kappa: number) {
  return (rep: number, rng: ReturnType<typeof createRng>): TelemetryEvent[] => {
    const run = harnessRun(`q${rep}`, { seed: 3000 + rep, poolAccuracy: 0.328 + err });
    const p = makePool(rng, N, 328, 378, kappa);
    const evs: TelemetryEvent[] = [run];
    for (let k = 1; k <= K; k++) evs.push(probeEvent(run, p, k, 10 * k, sampleProbe({ poolSize: N, size: 64, seed: 3000 + rep, round: k })));
    return evs;
  };
}

describe('declared pool_accuracy off by +-0.05: every alarm holds its level (1000 runs each)', () => {
  let seed = 810_000;
  for (const err of [0.05, -0.05]) {
    for (const kappa of [0, 0.5, 0.9]) {
      const s0 = (seed += R);
      it(`err ${err > 0 ? '+' : ''}${err}, coupling kappa ${kappa}`, () => {
        expectLevel(rates(R, s0, gen(err, kappa)), `pool_accuracy ${err}, kappa ${kappa}`);
      }, 60_000);
    }
  }
});
