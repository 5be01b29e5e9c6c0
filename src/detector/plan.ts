/**
 * Probe planning by simulation: the smallest probe size (items per round) at which alarm B of the
 * composed detector fires by the last planned round with at least the target power, when the run
 * sits `expectedGap` below the margin (E[D] = delta - expectedGap every round).
 *
 * Every replicate is a real detector run: detectorInit on a synthetic `run` event, detectorApply
 * on `rounds` probe events, so the power is the power of the code that monitors jobs (its
 * alarm-B method, alpha split and warm-up), not of a formula. Items: base correctness
 * Bernoulli(mu0) (a with-replacement draw from a pool with exact accuracy mu0), checkpoint
 * correctness given base from the Gaussian-copula coupling of src/sim/items.ts
 * (coupledAccuracies, agreement kappa [0.6], the simulator's default). Sizes are tried in
 * increasing order and the search stops at the first that meets the target.
 * Oracle reference per row: the Kelly (KL) growth of the best constant bet on the paired D scale,
 * kellyRounds = log(1/alpha_B) / (size * KL), the expected rounds an oracle needs.
 */
import type { DesignInput } from '../eprocess/index.js';
import type { Rng } from '../rng.js';
import type { ProbeEvent, RunEvent } from '../telemetry/schema.js';
import { coupledAccuracies } from '../sim/items.js';
import { detectorApply } from './apply.js';
import type { BMethod } from './b-process.js';
import { detectorErrors } from './errors.js';
import { detectorInit } from './init.js';
import { sampleProbe } from './sampler.js';

/** Input of {@link planProbe}. */
export interface PlanProbeInput {
  /** Base accuracy on the clean pool, 0 < mu0 < 1. */
  mu0: number;
  /** Margin delta of alarm B, 0 <= delta < 1. */
  delta: number;
  /** Planning alternative: E[D] = delta - expectedGap, 0 < expectedGap <= delta + mu0. */
  expectedGap: number;
  /** Planned probe rounds K (the deadline), integer >= 1 (the study: 30). */
  rounds: number;
  /** Alarm B's level alpha_B, 0 < alpha < 1 [0.02]; the design keeps alpha_A 0.02, alpha_C 0.01. */
  alpha?: number;
  /** Target power, 0 < targetPower < 1 [0.9]. */
  targetPower: number;
  /** Seeded generator (randomness is injected). */
  rng: Rng;
  /** Warm-up round k0 of alarm B [10]. */
  warmupRound?: number;
  /** Candidate sizes, increasing [32, 64, 96, 128, 192, 256, 384, 512, 768, 1024]. */
  sizes?: readonly number[];
  /** Replicates per size [400]: the power's Monte Carlo s.e. is <= 0.5 / sqrt(reps). */
  reps?: number;
  /** Agreement of checkpoint and base correctness, 0 <= kappa <= 1 [0.6]. */
  kappa?: number;
  /** Alarm B method (default: the detector's). */
  bMethod?: Partial<BMethod>;
}

/** One evaluated size. */
export interface PlanRow {
  size: number;
  /** Fraction of replicates in which B fired by round K. */
  power: number;
  /** Median round of B's alarm among the replicates that fired (null if none). */
  medianRound: number | null;
  /** Oracle (Kelly) rounds after the warm-up: log(1/alpha_B) / (size KL). */
  kellyRounds: number;
}

/** Result of {@link planProbe}. */
export interface PlanProbeResult {
  /** Smallest candidate meeting targetPower (null when none does). */
  size: number | null;
  power: number | null;
  /** Every size evaluated, in order. */
  table: PlanRow[];
  reps: number;
  /** E[D] of the planning alternative. */
  effect: number;
}

const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function klPaired(mu0: number, acc: number, delta: number, kappa: number): number {
  // best constant bet's growth on Y = (D+1)/2 vs m = (1+delta)/2: max_l E log(1 + l (m - Y)), by a scan
  const { p1, p0 } = coupledAccuracies(acc, mu0, kappa);
  const pm = mu0 * (1 - p1), pp = (1 - mu0) * p0, pz = 1 - pm - pp, m = (1 + delta) / 2;
  let best = 0;
  for (let i = 1; i <= 2000; i++) {
    const l = (i / 2000) * (0.999 / (1 - m));
    const g = pm * Math.log1p(l * m) + pz * Math.log1p(l * (m - 0.5)) + pp * Math.log1p(l * (m - 1));
    if (g > best) best = g;
  }
  return best;
}

/**
 * Plans the probe size for alarm B by seeded simulation of the real detector.
 * @returns the smallest size meeting the target power and the table of every size tried.
 * @throws `invalid_design` for out-of-range inputs (named field).
 * @example planProbe({ mu0: 0.328, delta: 0.05, expectedGap: 0.025, rounds: 30, targetPower: 0.9, rng: createRng(1) }).size // 256
 */
export function planProbe(input: PlanProbeInput): PlanProbeResult {
  const { mu0, delta, expectedGap, rounds, targetPower, rng } = input;
  const alpha = input.alpha ?? 0.02, k0 = input.warmupRound ?? 10, reps = input.reps ?? 400, kappa = input.kappa ?? 0.6;
  const sizes = input.sizes ?? [32, 64, 96, 128, 192, 256, 384, 512, 768, 1024];
  const bad = (f: string, v: unknown, e: string) => detectorErrors.invalidDesign(`planProbe ${f} ${String(v)} (expected ${e})`);
  if (!(num(mu0) && mu0 > 0 && mu0 < 1)) throw bad('mu0', mu0, '0 < mu0 < 1');
  if (!(num(delta) && delta >= 0 && delta < 1)) throw bad('delta', delta, '0 <= delta < 1');
  if (!(num(expectedGap) && expectedGap > 0 && expectedGap <= delta + mu0)) throw bad('expectedGap', expectedGap, '0 < gap <= delta + mu0');
  if (!(Number.isInteger(rounds) && rounds >= 1)) throw bad('rounds', rounds, 'an integer >= 1');
  if (!(num(alpha) && alpha > 0 && alpha < 0.95)) throw bad('alpha', alpha, '0 < alpha < 0.95');
  if (!(num(targetPower) && targetPower > 0 && targetPower < 1)) throw bad('targetPower', targetPower, '0 < power < 1');
  if (!(Number.isInteger(k0) && k0 >= 1 && k0 <= rounds)) throw bad('warmupRound', k0, `an integer in [1, ${rounds}]`);
  if (!(Number.isInteger(reps) && reps >= 1)) throw bad('reps', reps, 'an integer >= 1');
  if (!(num(kappa) && kappa >= 0 && kappa <= 1)) throw bad('kappa', kappa, '0 <= kappa <= 1');
  for (const n of sizes) if (!(Number.isInteger(n) && n >= 1)) throw bad('sizes', n, 'integers >= 1');
  const acc = mu0 + delta - expectedGap;
  const { p1, p0 } = coupledAccuracies(acc, mu0, kappa);
  const kl = klPaired(mu0, acc, delta, kappa);
  const override: Partial<DesignInput> = {
    alphaSplit: { A: 0.02, B: alpha, C: 0.01 }, alpha: 0.03 + alpha, delta, warmupRound: k0, horizonRounds: rounds,
  };
  const table: PlanRow[] = [];
  for (const size of sizes) {
    const run: RunEvent = {
      v: 1, type: 'run', run: 'plan', base: { model: 'base', pool_size: 1_000_000, pool_accuracy: mu0 },
      probe: { size, every: 1, sampling: 'with_replacement', seed: 1 },
      plan: { steps: rounds, gpus: 1, gpu_type: 'H200', usd_per_gpu_hour: 3, seconds_per_step: 1 },
    } as RunEvent;
    let fired = 0;
    const at: number[] = [];
    for (let r = 0; r < reps; r++) {
      let st = detectorInit(run, override, input.bMethod !== undefined ? { bMethod: input.bMethod } : {});
      for (let k = 1; k <= rounds && !st.proc.alarms.B.fired; k++) {
        // seeded draws (ids = the sampler's positions, so the detector verifies them); base and
        // checkpoint correctness drawn i.i.d. as for a pool of 10^6 items with base accuracy mu0
        const pos = sampleProbe({ poolSize: 1_000_000, size, seed: 1, round: k });
        const items: ProbeEvent['items'] = new Array(size);
        for (let i = 0; i < size; i++) {
          const base = rng.next() < mu0;
          items[i] = { id: String(pos[i]), base, model: rng.next() < (base ? p1 : p0) };
        }
        st = detectorApply(st, { v: 1, type: 'probe', run: 'plan', step: k, seq: k, items }).state;
      }
      if (st.proc.alarms.B.fired) { fired++; at.push(st.proc.alarmRounds.B as number); }
    }
    at.sort((a, b) => a - b);
    const power = fired / reps;
    table.push({ size, power, medianRound: at.length > 0 ? (at[(at.length - 1) >> 1] as number) : null, kellyRounds: Math.log(1 / alpha) / (size * kl) });
    if (power >= targetPower) return { size, power, table, reps, effect: delta - expectedGap };
  }
  return { size: null, power: null, table, reps, effect: delta - expectedGap };
}
