import { describe, it, expect } from 'vitest';
import { createRng } from '../../src/rng.js';
import { detectorApply, detectorInit, sampleProbe } from '../../src/detector/index.js';
import { stratKellyInit, stratKellyStep, DEFAULT_B_METHOD } from '../../src/detector/b-process.js';
import { kellyDelay, kellyBoundRounds, klBernoulli, pairedKellyBoundRounds } from '../../src/sim/kelly-delay.js';
import type { ProbeEvent, RunEvent } from '../../src/telemetry/schema.js';

/**
 * The Kelly-delay study (src/sim/kelly-delay.ts) steps the detector's own B process, and the
 * default B (pre-registered prior) is closer to Kelly than the previous one (no prior) on the
 * issue's traps. Seeded; replicate counts and margins stated per test.
 */
describe('kellyDelay steps the detector B process', () => {
  it('stratKellyStep on the round cells gives the same log W as detectorApply, round by round (5 runs x 12 rounds)', () => {
    const rng = createRng(11);
    const run = {
      v: 1, type: 'run', run: 'k', base: { model: 'b', pool_size: 1_000_000, pool_accuracy: 0.33 },
      probe: { size: 64, every: 1, sampling: 'with_replacement', seed: 3 }, // seeded: the draws are verified, the run pools from round 1
      plan: { steps: 12, gpus: 1, gpu_type: 'H200', usd_per_gpu_hour: 3, seconds_per_step: 1 },
    } as RunEvent;
    for (let r = 0; r < 5; r++) {
      let st = detectorInit(run, { delta: 0.05, warmupRound: 1 });
      const s = stratKellyInit(0.33, 0.05, 0.5, DEFAULT_B_METHOD);
      for (let k = 1; k <= 12; k++) {
        const items: ProbeEvent['items'] = [];
        let a = 0, b = 0, c = 0, d = 0;
        const ids = sampleProbe({ poolSize: 1_000_000, size: 64, seed: 3, round: k });
        for (let i = 0; i < 64; i++) {
          const base = rng.next() < 0.33, model = rng.next() < 0.3;
          if (base) { if (model) a++; else c++; } else if (model) b++; else d++;
          items.push({ id: String(ids[i]), base, model });
        }
        st = detectorApply(st, { v: 1, type: 'probe', run: 'k', step: k, seq: k, items }).state;
        stratKellyStep(s, { a, b, c, d }, true);
        expect(st.proc.Bs?.logW).toBe(s.logW);
      }
    }
  });
});

describe('Kelly bound', () => {
  it('is log(1/alpha) / (size KL): 4.35 rounds on the mild trap', () => {
    expect(klBernoulli(0.3, 0.38)).toBeCloseTo(0.014036, 5);
    expect(kellyBoundRounds({ mu0: 0.33, acc: 0.3, delta: 0.05, size: 64 })).toBeCloseTo(4.355, 2);
  });
  it('on the paired observation (no trust in mu0) is log(1/alpha) / (size G*): 8.27 rounds on the mild trap, independent correctness', () => {
    // G* = max_l E log(1 + l (delta - D)), P(D=1) = 0.3 x 0.67, P(D=-1) = 0.7 x 0.33: 0.0073872 nats at l = 0.184 (grid search by hand)
    expect(pairedKellyBoundRounds({ mu0: 0.33, acc: 0.3, delta: 0.05, size: 64 })).toBeCloseTo(8.274, 2);
    // coupling helps the paired observation: it can only shrink the bound
    expect(pairedKellyBoundRounds({ mu0: 0.33, acc: 0.3, delta: 0.05, size: 64, kappa: 0.6 })).toBeLessThan(8.27);
  });
});

describe('the default B is closer to Kelly than the previous one (no prior), same rounds', () => {
  const cell = { mu0: 0.33, delta: 0.05, size: 64, kappa: 0 };
  it('severe trap (0.04 vs 0.33 + 0.05, 300 runs): mean delay <= 1.1 rounds (was 2: no bet in round 1)', () => {
    const now = kellyDelay({ ...cell, acc: 0.04, runs: 300, rng: createRng(1) });
    const before = kellyDelay({ ...cell, acc: 0.04, runs: 300, rng: createRng(1), bMethod: { priorGaps: [] } });
    expect(now.meanDelay).toBeLessThanOrEqual(1.1);
    expect(before.meanDelay).toBeGreaterThanOrEqual(1.9);
  });
  it('mild trap (0.30 vs 0.33 + 0.05, 400 runs): mean delay at least 1 round shorter (7.8 -> 6.3; s.e. about 0.15 each)', () => {
    const now = kellyDelay({ ...cell, acc: 0.3, runs: 400, rng: createRng(2) });
    const before = kellyDelay({ ...cell, acc: 0.3, runs: 400, rng: createRng(2), bMethod: { priorGaps: [] } });
    expect(before.meanDelay - now.meanDelay).toBeGreaterThan(1);
    // the default bets on the paired observation (valid whatever the declared mu0): its floor is the paired Kelly bound
    expect(now.meanDelay / now.pairedKellyBound).toBeLessThan(1.45);
    // the oracle (Kelly bet known in advance) is the floor: about 1.25-1.3x the bound with whole rounds and overshoot
    expect(now.oracleMeanDelay).toBeLessThan(now.meanDelay);
    expect(now.oracleMeanDelay / now.kellyBound).toBeGreaterThan(1.15);
  });
});
