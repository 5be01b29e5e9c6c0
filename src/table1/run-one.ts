/**
 * One run through the detector and the baselines: the detector is driven exactly as the monitor
 * drives it (detectorInit on the `run` event, detectorApply per event in stream order,
 * detectorFinish, detectorSummary), the baselines see only the run's `train` events.
 */
import { runBaselines, type BaselineResult } from '../baselines/index.js';
import { detectorApply, detectorFinish, detectorInit, detectorSummary, type DetectorOptions } from '../detector/index.js';
import type { DesignInput } from '../eprocess/index.js';
import type { RunEvent, TelemetryEvent, TrainEvent } from '../telemetry/schema.js';
import { table1Errors } from './errors.js';
import type { Table1Run } from './types.js';

/** Options of {@link evaluateRun}. */
export interface EvaluateOptions {
  /** Design override for the detector (wins over the run's pre-registration). */
  override?: Partial<DesignInput>;
  /** File the run came from (for the arm/seed fallbacks and the report). */
  file?: string;
  /** Detector options beyond the design (alarm A tolerance, alarm B method). */
  detector?: DetectorOptions;
}

const ARM_WORDS = ['correct', 'permute', 'noise', 'mask', 'collapse'];

/** Arm: `run.arm`, else the first dot-separated word of the file name, else a known word in the run id. */
function armOf(run: RunEvent, file: string | undefined): string {
  const a = (run as { arm?: unknown }).arm;
  if (typeof a === 'string' && a.length > 0) return a;
  const fromFile = file?.split(/[\\/]/).at(-1)?.split('.')[0];
  if (fromFile !== undefined && ARM_WORDS.includes(fromFile)) return fromFile;
  return ARM_WORDS.find((w) => run.run.split(/[-_.]/).includes(w)) ?? 'unknown';
}

function seedOf(run: RunEvent, file: string | undefined): number | null {
  const s = (run as { sim?: { seed?: unknown }; seed?: unknown }).sim?.seed ?? (run as { seed?: unknown }).seed;
  if (typeof s === 'number' && Number.isInteger(s)) return s;
  const m = /seed(\d+)/.exec(file ?? '') ?? /-s(\d+)$/.exec(run.run);
  return m ? Number(m[1]) : null;
}

/**
 * Evaluates one run's events (the first must be its `run` event; all of the same run).
 * @throws `missing_run_event` when the first event is not a run event.
 * @example evaluateRun(simulateRun(rng, spec).events as TelemetryEvent[]).tbdl
 */
export function evaluateRun(events: readonly TelemetryEvent[], options: EvaluateOptions = {}): Table1Run {
  const first = events[0];
  if (first === undefined || first.type !== 'run') throw table1Errors.missingRunEvent(options.file ?? '(memory)');
  const run = first;
  let state = detectorInit(run, options.override, options.detector);
  const train: TrainEvent[] = [];
  let crossStep: number | null = null;
  const mu0 = run.base.pool_accuracy;
  for (let i = 1; i < events.length; i++) {
    const ev = events[i]!;
    state = detectorApply(state, ev).state;
    if (ev.type === 'train') train.push(ev);
    else if (ev.type === 'probe' && crossStep === null) {
      const t = (ev as { true_accuracy?: unknown }).true_accuracy;
      if (typeof t === 'number' && t <= mu0 - 0.1 + 1e-12) crossStep = ev.step;
    }
  }
  state = detectorFinish(state).state;
  const row = detectorSummary(state);
  const baselines: Record<string, BaselineResult> = {};
  for (const b of runBaselines(run.run, train)) baselines[b.rule] = { fired: b.fired, step: b.step };
  const planned = run.plan.steps;
  const alarmStep = row.alarm_step ?? null;
  const src = (run as { source?: unknown }).source;
  return {
    run: run.run, file: options.file ?? null,
    source: typeof src === 'string' ? src : 'real',
    arm: armOf(run, options.file), base: run.base.model, seed: seedOf(run, options.file),
    planned_steps: planned, train_pass: row.train_pass, learned: row.learned ?? null, tbdl: row.tbdl ?? null,
    alarm_a_step: row.alarm_a_step ?? null, alarm_b_step: row.alarm_b_step ?? null, alarm_c_step: row.alarm_c_step ?? null,
    alarm_step: alarmStep, alarm: row.alarm ?? null,
    caught: alarmStep !== null && alarmStep < planned,
    usd_saved: row.usd_saved ?? 0, usd_spent: row.usd_spent ?? 0,
    cross_step: crossStep, probe_every: run.probe.every, baselines,
  };
}
