/**
 * Test helper: seeded telemetry for the detector tests (not the project's simulator, which lives
 * in src/sim). Each probe draw takes a pool item (base correctness fixed by the pool: the first
 * round(mu0 * poolSize) items are the ones the base gets right) and draws the checkpoint's
 * correctness given the base's: P(model | base right) = a + kappa (1 - a), P(model | base wrong)
 * chosen so that P(model) = a exactly; hence E[D] = a - mu0 exactly.
 */
import { createRng, type Rng } from '../../src/rng.js';
import { sampleProbe } from '../../src/detector/index.js';
import type { ProbeEvent, RunEvent, TelemetryEvent } from '../../src/telemetry/schema.js';

export const MU0 = 0.328;

export function makeRun(over: Partial<RunEvent> = {}): RunEvent {
  return {
    v: 1, type: 'run', run: 'r1',
    base: { model: 'Qwen3-8B', pool_size: 1000, pool_accuracy: MU0 },
    probe: { size: 64, every: 10, sampling: 'with_replacement', seed: 7 },
    plan: { steps: 300, gpus: 1, gpu_type: 'H200', usd_per_gpu_hour: 3, seconds_per_step: 12 },
    design: { alpha: 0.05, margin: 0.05, warmup_step: 100 },
    ...over,
  } as RunEvent;
}

function modelProbs(a: number, mu0: number, kappa: number): [number, number] {
  let p11 = a + kappa * (1 - a);
  let p01 = (a - mu0 * p11) / (1 - mu0);
  if (p01 < 0) { p01 = 0; p11 = a / mu0; }
  if (p11 > 1) { p11 = 1; p01 = (a - mu0) / (1 - mu0); }
  return [p11, p01];
}

/** One probe round's items with checkpoint accuracy `a` on the pool. */
export function probeItems(rng: Rng, run: RunEvent, seq: number, a: number, ids?: number[], kappa = 0.5): ProbeEvent['items'] {
  const pool = run.base.pool_size;
  const nRight = Math.round(run.base.pool_accuracy * pool);
  const draw = ids ?? sampleProbe({ poolSize: pool, size: run.probe.size, seed: run.probe.seed ?? 0, round: seq });
  const [p11, p01] = modelProbs(a, run.base.pool_accuracy, kappa);
  return draw.map((i) => {
    const base = i < nRight;
    return { id: String(i), base, model: rng.next() < (base ? p11 : p01) };
  });
}

/** A whole run's events: run, train events each `every` steps, probe rounds with accuracy acc(k), end. */
export function simulate(run: RunEvent, acc: (round: number) => number, seed: number, opts: { fixedIds?: number[]; end?: boolean; evalItems?: ProbeEvent['items'] } = {}): TelemetryEvent[] {
  const rng = createRng(seed);
  const every = run.probe.every;
  const K = Math.ceil(run.plan.steps / every);
  const evs: TelemetryEvent[] = [run];
  for (let k = 1; k <= K; k++) {
    const step = k * every;
    evs.push({ v: 1, type: 'train', run: run.run, step, loss: 2 / Math.sqrt(k), grad_norm: 1 });
    evs.push({ v: 1, type: 'probe', run: run.run, step, seq: k, items: probeItems(rng, run, k, acc(k), opts.fixedIds) });
  }
  if (opts.evalItems !== undefined) evs.push({ v: 1, type: 'eval', run: run.run, step: run.plan.steps, split: 'heldout', items: opts.evalItems });
  if (opts.end !== false) evs.push({ v: 1, type: 'end', run: run.run, step: run.plan.steps, status: 'completed' });
  return evs;
}

import { detectorApply, detectorInit, type DetectorOptions, type DetectorState } from '../../src/detector/index.js';
import type { DesignInput } from '../../src/eprocess/index.js';
import type { OutputLine } from '../../src/telemetry/schema.js';

/** Feeds events (the first must be the run event) through the detector; returns final state and all lines. */
export function feed(events: readonly TelemetryEvent[], override?: Partial<DesignInput>, options?: DetectorOptions): { state: DetectorState; out: OutputLine[] } {
  const [first, ...rest] = events;
  let state = detectorInit(first as RunEvent, override, options);
  const out: OutputLine[] = [];
  for (const ev of rest) { const r = detectorApply(state, ev); state = r.state; out.push(...r.out); }
  return { state, out };
}

/**
 * The alarms one seeded run fires over `rounds` probe rounds of `size` items (pool accuracy
 * acc(k), coupling kappa(k) in round k): the loop of the validity tests.
 */
export function alarmsFired(sc: { size: number; acc: (k: number) => number; kappa: (k: number) => number; design?: Partial<DesignInput>; opts?: DetectorOptions },
  seed: number, prefix: string, rounds = 30): Set<string> {
  const rng = createRng(seed);
  const run = makeRun({ run: `${prefix}${seed}`, probe: { size: sc.size, every: 10, sampling: 'with_replacement', seed } });
  let st = detectorInit(run, sc.design, sc.opts ?? {});
  const fired = new Set<string>();
  for (let k = 1; k <= rounds; k++) {
    const ev = { v: 1, type: 'probe', run: run.run, step: 10 * k, seq: k, items: probeItems(rng, run, k, sc.acc(k), undefined, sc.kappa(k)) } as TelemetryEvent;
    const r = detectorApply(st, ev);
    st = r.state;
    for (const o of r.out) if (o.type === 'alarm') fired.add(o.alarm as string);
  }
  return fired;
}
