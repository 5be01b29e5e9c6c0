/**
 * One simulated training run as protocol-v1 telemetry (docs/protocol.md): a `run` event,
 * `train` events every `logEvery` steps (loss, grad_norm, lr; eval_loss every `every` steps), a
 * `probe` event every `every` steps with `size` fresh with-replacement draws from the clean pool
 * (drawn by the detector's own `sampleProbe` from the logged probe seed, so a monitor can re-derive
 * them), the held-out `eval` event and the `end` event.
 *
 * Extra fields (ignored by the monitor, kept by the schema): `run.arm`, `run.source`, `run.sim`
 * and, on every probe event, `true_accuracy` = the checkpoint's EXACT accuracy on the whole pool.
 * The probe size does not change the run's truth: the curves, checkpoints, held-out eval and
 * verdict are drawn from the same stream for every size (the probe draws come from the logged probe
 * seed), so sizes can be compared on the same runs.
 * Per round the checkpoint's expected accuracy follows the arm's curve ({@link accuracyAt}) plus an
 * AR(1) wobble (coefficient 0.6, innovation sd 0.008); the eval uses the step-`steps` checkpoint.
 * Logged train loss = curve x exp(0.03 N(0,1)) (a logging-window mean), grad_norm x exp(0.15 N),
 * eval_loss = curve x (1 + 0.04 step/steps) x exp(0.02 N). Probe item ids are the pool indices as
 * strings ("0".."999"); held-out ids are "h0".."h299".
 */
import { normal, type Rng } from '../rng.js';
import { sampleProbe } from '../detector/index.js';
import type { Arm, BaseCalibration } from './bases.js';
import { accuracyAt, drawShape, gradNormAt, lossAt, lrAt, type CurveShape } from './curves.js';
import { DEFAULT_KAPPA, DEFAULT_PERSISTENCE, makeItems, realizeCheckpoint } from './items.js';
import { simErrors } from './errors.js';

/** What to simulate. Ranges are checked by {@link simulateRun}. */
export interface RunSpec {
  readonly arm: Arm;
  readonly base: BaseCalibration;
  /** Seed number shown in the run id (`permute-qwen3-8b-s1`), integer >= 0. */
  readonly seed: number;
  /** Which of the base's three study seeds this is (0..2; picks the noise offset). Default (seed - 1) mod 3. */
  readonly seedIndex?: number;
  /** Run id; default `${arm}-${base.slug}-s${seed}`. */
  readonly runId?: string;
  /**
   * Planned steps (default 300), probe period (10), probe size (STUDY_PROBE_SIZE = 64, the
   * reference study's protocol; the simulated study of study.ts uses DEFAULT_PROBE_SIZE = 256, see
   * docs/power.md), pool size (1000), held-out size (300), train logging period (10).
   */
  readonly steps?: number;
  readonly every?: number;
  readonly size?: number;
  readonly poolSize?: number;
  readonly heldoutSize?: number;
  readonly logEvery?: number;
  /** Item-level agreement with the base and persistence across checkpoints (see items.ts). */
  readonly kappa?: number;
  readonly persistence?: number;
  /**
   * Probe design ['with_replacement']: fresh draws every round, or 'fixed', the reference study's
   * design: the same `size` distinct pool items ({@link fixedProbeItems}) re-scored every round
   * (the run event then declares `sampling: 'fixed'`). Only the probe events change: curves,
   * checkpoints, held-out eval and verdict are the same run either way.
   */
  readonly sampling?: 'with_replacement' | 'fixed';
  /**
   * Holds the checkpoint's expected pool accuracy at this value every round (no curve, no wobble):
   * a run at a fixed distance from the base, e.g. mu0 - 0.02, the edge of alarm A's null, for
   * false-alarm studies. The loss curve and the run id still follow `arm`.
   */
  readonly flatAccuracy?: number;
}

/** A simulated run: its events (plain objects in emission order) and the ground truth. */
export interface SimRun {
  readonly runId: string;
  readonly arm: Arm;
  readonly base: BaseCalibration;
  readonly seed: number;
  readonly shape: CurveShape;
  readonly events: readonly Record<string, unknown>[];
  /** Probe steps and the exact pool accuracy of the checkpoint at each. */
  readonly roundSteps: readonly number[];
  readonly trueAccuracy: readonly number[];
  /** Held-out accuracy of the final checkpoint and of the base. */
  readonly heldoutAccuracy: number;
  readonly heldoutBaseAccuracy: number;
}

/**
 * Default probe size of the simulated STUDY (studyRuns, healthyRuns, `tbdl simulate`, `tbdl
 * table1`): 256 fresh items every 10 steps, the pre-registered design docs/power.md recommends
 * (the smallest size at which the noise trap is caught >= 10/12 in every replicated study; a
 * forward-only pass on 256 items every 10 steps costs a few per cent of the training compute).
 */
export const DEFAULT_PROBE_SIZE = 256;
/** The reference study's probe (64 fixed items every 10 steps): simulateRun's own default size. */
export const STUDY_PROBE_SIZE = 64;

const T0 = Date.parse('2026-06-01T12:00:00Z');
const r4 = (x: number): number => Number(x.toPrecision(4));

/**
 * The fixed probe of a run: the first `size` distinct pool indices of the probe seed's draws
 * (rounds 1, 2, ... of sampleProbe), in draw order. Deterministic in (poolSize, size, seed).
 * @throws `invalid_sim_param` when size > poolSize.
 * @example fixedProbeItems(1000, 64, 7).length // 64, all distinct
 */
export function fixedProbeItems(poolSize: number, size: number, seed: number): number[] {
  if (size > poolSize) throw simErrors.invalidParam('size', size, `at most the pool size ${poolSize} for a fixed probe`);
  const seen = new Set<number>();
  const out: number[] = [];
  for (let round = 1; out.length < size; round++) {
    for (const i of sampleProbe({ poolSize, size, seed, round })) {
      if (seen.has(i)) continue;
      seen.add(i);
      out.push(i);
      if (out.length === size) break;
    }
  }
  return out;
}

function checkInt(field: string, v: number, lo: number, hi: number): number {
  if (!Number.isInteger(v) || v < lo || v > hi) throw simErrors.invalidParam(field, v, `an integer in [${lo}, ${hi}]`);
  return v;
}

/**
 * Simulates one run. Same `rng` state and spec, same events (byte for byte once serialized).
 * @throws `invalid_sim_param` for out-of-range sizes or periods.
 * @example simulateRun(createRng(1), { arm: 'permute', base: BASES[0]!, seed: 1 }).events.length // 63 (run, 30 train, 30 probe, eval, end)
 */
export function simulateRun(rng: Rng, spec: RunSpec): SimRun {
  const steps = checkInt('steps', spec.steps ?? 300, 1, 1e6);
  const every = checkInt('every', spec.every ?? 10, 1, steps);
  const size = checkInt('size', spec.size ?? STUDY_PROBE_SIZE, 1, 1e6);
  const poolSize = checkInt('poolSize', spec.poolSize ?? 1000, 2, 1e6);
  const heldoutSize = checkInt('heldoutSize', spec.heldoutSize ?? 300, 1, 1e6);
  const logEvery = checkInt('logEvery', spec.logEvery ?? 10, 1, steps);
  const seed = checkInt('seed', spec.seed, 0, 2 ** 31 - 1);
  const kappa = spec.kappa ?? DEFAULT_KAPPA;
  const persistence = spec.persistence ?? DEFAULT_PERSISTENCE;
  if (!(kappa >= 0 && kappa <= 1)) throw simErrors.invalidParam('kappa', kappa, '0 <= kappa <= 1');
  if (!(persistence >= 0 && persistence < 1)) throw simErrors.invalidParam('persistence', persistence, '0 <= r < 1');
  if (spec.flatAccuracy !== undefined && !(spec.flatAccuracy >= 0 && spec.flatAccuracy <= 1)) throw simErrors.invalidParam('flatAccuracy', spec.flatAccuracy, '0 <= accuracy <= 1');
  const sampling = spec.sampling ?? 'with_replacement';
  if (sampling !== 'with_replacement' && sampling !== 'fixed') throw simErrors.invalidParam('sampling', sampling, "'with_replacement' or 'fixed'");
  const { arm, base } = spec;
  const runId = spec.runId ?? `${arm}-${base.slug}-s${seed}`;
  const seedIndex = spec.seedIndex ?? (((seed - 1) % 3) + 3) % 3;
  const shape = drawShape(rng, arm, base, seedIndex);
  const probeSeed = rng.int(2 ** 31);
  const pool = makeItems(rng, poolSize, base.mu0);
  const heldout = makeItems(rng, heldoutSize, base.mu0);
  const ts = (step: number): string => new Date(T0 + step * base.secondsPerStep * 1000).toISOString().replace('.000Z', 'Z');
  const events: Record<string, unknown>[] = [];
  events.push({
    v: 1, type: 'run', run: runId, ts: ts(0),
    base: { model: base.model, pool_size: poolSize, pool_accuracy: Math.round(base.mu0 * poolSize) / poolSize },
    probe: { size, every, sampling, seed: probeSeed },
    plan: { steps, gpus: base.gpus, gpu_type: 'H200', usd_per_gpu_hour: 3.0, seconds_per_step: base.secondsPerStep },
    design: { alpha: 0.05, margin: 0.05, warmup_step: 100 },
    arm, source: 'simulated', sim: { seed, kappa, persistence },
  });
  const roundSteps: number[] = [];
  const trueAccuracy: number[] = [];
  let wobble = 0;
  let lastCheckpoint: boolean[] | null = null;
  let lastAcc = base.mu0;
  let round = 0;
  const fixedIdx = sampling === 'fixed' ? fixedProbeItems(poolSize, size, probeSeed) : null;
  for (let step = 1; step <= steps; step++) {
    const isProbe = step % every === 0;
    if (step % logEvery === 0 || isProbe) {
      const ev: Record<string, unknown> = {
        v: 1, type: 'train', run: runId, step,
        loss: r4(lossAt(shape, step) * Math.exp(0.03 * normal(rng))),
        grad_norm: r4(gradNormAt(shape, step) * Math.exp(0.15 * normal(rng))),
        lr: r4(lrAt(step, steps)),
      };
      if (isProbe) ev.eval_loss = r4(lossAt(shape, step) * (1 + (0.04 * step) / steps) * Math.exp(0.02 * normal(rng)));
      ev.ts = ts(step);
      events.push(ev);
    }
    if (!isProbe) continue;
    round += 1;
    wobble = 0.6 * wobble + 0.008 * normal(rng);
    lastAcc = spec.flatAccuracy ?? Math.min(1, Math.max(0, accuracyAt(shape, step) + wobble));
    const correct = realizeCheckpoint(rng, pool, lastAcc, base.mu0, kappa, persistence);
    lastCheckpoint = correct;
    let k = 0;
    for (const c of correct) if (c) k++;
    const idx = fixedIdx ?? sampleProbe({ poolSize, size, seed: probeSeed, round });
    roundSteps.push(step);
    trueAccuracy.push(k / poolSize);
    events.push({
      v: 1, type: 'probe', run: runId, step, seq: round,
      items: idx.map((i) => ({ id: String(i), base: pool.base[i]!, model: correct[i]! })),
      true_accuracy: k / poolSize, ts: ts(step),
    });
  }
  // The final checkpoint on the held-out split (same expected accuracy as the last probe round).
  const finalAcc = lastCheckpoint === null ? accuracyAt(shape, steps) : lastAcc;
  const model = realizeCheckpoint(rng, heldout, finalAcc, base.mu0, kappa, persistence);
  let hm = 0, hb = 0;
  const items = heldout.base.map((b, i) => {
    if (model[i]) hm++;
    if (b) hb++;
    return { id: `h${i}`, base: b, model: model[i]! };
  });
  events.push({ v: 1, type: 'eval', run: runId, step: steps, split: 'heldout', items, ts: ts(steps) });
  events.push({ v: 1, type: 'end', run: runId, step: steps, status: 'completed', ts: ts(steps) });
  return {
    runId, arm, base, seed, shape, events, roundSteps, trueAccuracy,
    heldoutAccuracy: hm / heldoutSize, heldoutBaseAccuracy: hb / heldoutSize,
  };
}

/** Serializes a run's events as JSONL (one compact JSON object per line, trailing newline). */
export function toJsonl(run: Pick<SimRun, 'events'>): string {
  return run.events.map((e) => JSON.stringify(e)).join('\n') + '\n';
}
