/**
 * Test helper for the validity harness of a real job's mistakes: seeded Monte Carlo over whole
 * runs, and the level check "the exact (Clopper-Pearson) one-sided 95% upper bound of the
 * false-alarm rate is at most the alarm's alpha".
 *
 * Pools are exact: of N items the base gets round(mu0 N) right and the checkpoint exactly
 * `modelRight` (so its pool accuracy, hence E[D] of a fresh draw, is known to the item), coupled
 * to the base by kappa; each item's outcomes are fixed for the run (a deterministic checkpoint),
 * which makes a reused probe as dependent as it can be.
 */
import { expect } from 'vitest';
import { createRng, type Rng } from '../../src/rng.js';
import { clopperPearsonUpper } from '../../src/analysis/clopper-pearson.js';
import { detectorApply, detectorInit, type DetectorOptions, type DetectorState } from '../../src/detector/index.js';
import type { DesignInput } from '../../src/eprocess/index.js';
import type { ProbeEvent, RunEvent, TelemetryEvent } from '../../src/telemetry/schema.js';

/** Per-position base and checkpoint correctness. */
export interface Pool { base: boolean[]; model: boolean[] }

/** An exact pool: `nBase` base-right items (the first ones), `modelRight` checkpoint-right items, coupling kappa. */
export function makePool(rng: Rng, N: number, nBase: number, modelRight: number, kappa: number): Pool {
  const a = modelRight / N;
  const m1 = Math.min(nBase, modelRight, Math.round(nBase * (a + kappa * (1 - a))));
  const m0 = Math.min(N - nBase, modelRight - m1);
  const m1b = modelRight - m0; // keeps the total exact when m0 hits its cap
  const pick = (count: number, k: number): boolean[] => {
    const v = Array.from({ length: count }, (_, i) => i < k);
    for (let i = v.length - 1; i > 0; i--) { const j = rng.int(i + 1); [v[i], v[j]] = [v[j] as boolean, v[i] as boolean]; }
    return v;
  };
  const base = Array.from({ length: N }, (_, i) => i < nBase);
  return { base, model: [...pick(nBase, m1b), ...pick(N - nBase, m0)] };
}

/** A `run` event for the harness (K = 30 rounds of 64 every 10 steps, warm-up step 100, alpha 0.05, margin 0.05). */
export function harnessRun(id: string, over: { poolSize?: number; poolAccuracy?: number; seed?: number | null; every?: number; size?: number } = {}): RunEvent {
  const probe: Record<string, unknown> = { size: over.size ?? 64, every: over.every ?? 10, sampling: 'with_replacement' };
  if (over.seed !== null) probe['seed'] = over.seed ?? 7;
  return {
    v: 1, type: 'run', run: id,
    base: { model: 'base', pool_size: over.poolSize ?? 1000, pool_accuracy: over.poolAccuracy ?? 0.328 },
    probe, plan: { steps: 300, gpus: 1, gpu_type: 'H200', usd_per_gpu_hour: 3, seconds_per_step: 12 },
    design: { alpha: 0.05, margin: 0.05, warmup_step: 100 },
  } as RunEvent;
}

/** A probe event from pool positions, with the ids given (default: the positions). */
export function probeEvent(run: RunEvent, pool: Pool, seq: number, step: number, pos: readonly number[], ids?: readonly string[]): ProbeEvent {
  return {
    v: 1, type: 'probe', run: run.run, step, seq,
    items: pos.map((p, j) => ({ id: ids?.[j] ?? String(p), base: pool.base[p] as boolean, model: pool.model[p] as boolean })),
  } as ProbeEvent;
}

/** False alarms per alarm over R replicates, plus any-alarm. */
export interface Rates { R: number; A: number; B: number; C: number; any: number }

/** Feeds the events through a detector; the set of alarm letters that fired, and the final state. */
export function runDetector(events: readonly TelemetryEvent[], override?: Partial<DesignInput>, options?: DetectorOptions): { fired: Set<'A' | 'B' | 'C'>; state: DetectorState } {
  const [first, ...rest] = events;
  let st = detectorInit(first as RunEvent, override, options);
  const fired = new Set<'A' | 'B' | 'C'>();
  const letter = { worse_than_base: 'A', not_learned: 'B', collapse: 'C' } as const;
  for (const ev of rest) {
    const r = detectorApply(st, ev);
    st = r.state;
    for (const o of r.out) if (o.type === 'alarm') fired.add(letter[o.alarm as keyof typeof letter]);
  }
  return { fired, state: st };
}

/** Runs R replicates; `gen(rep, rng)` builds one run's events (run event first). */
export function rates(R: number, seed0: number, gen: (rep: number, rng: Rng) => TelemetryEvent[], options?: DetectorOptions): Rates {
  const out: Rates = { R, A: 0, B: 0, C: 0, any: 0 };
  for (let rep = 0; rep < R; rep++) {
    const { fired } = runDetector(gen(rep, createRng(seed0 + rep)), undefined, options);
    for (const l of fired) out[l] += 1;
    if (fired.size > 0) out.any += 1;
  }
  return out;
}

/** One-sided 95% Clopper-Pearson upper bound of count/R. */
export const upper95 = (count: number, R: number): number => clopperPearsonUpper(count, R, 0.05);

/** The level check: each alarm's one-sided 95% exact upper bound <= its alpha (0.02, 0.02, 0.01). */
export function expectLevel(r: Rates, what: string): void {
  const msg = (l: string, a: number) => `${what}: alarm ${l} fired in ${r[l as 'A']}/${r.R} runs, 95% upper bound ${upper95(r[l as 'A'], r.R).toFixed(4)} vs alpha ${a}`;
  expect(upper95(r.A, r.R), msg('A', 0.02)).toBeLessThanOrEqual(0.02);
  expect(upper95(r.B, r.R), msg('B', 0.02)).toBeLessThanOrEqual(0.02);
  expect(upper95(r.C, r.R), msg('C', 0.01)).toBeLessThanOrEqual(0.01);
}
