/**
 * Cost accounting against the plan: GPU-hours and USD spent up to a step and saved by stopping there.
 *
 *   gpu_hours(steps) = steps * seconds_per_step * plan.gpus / 3600,  usd = gpu_hours * usd_per_gpu_hour
 *   spent at step s = gpu_hours(s);  saved = gpu_hours(max(0, plan.steps - s))
 *
 * seconds_per_step, first available of: (1) `plan.seconds_per_step` from the run event ('plan');
 * (2) the slope between the first and the latest train events with a parseable `ts` and distinct
 * steps ('train_ts'); (3) the same from probe events ('probe_ts'); else unknown ('none': all
 * cost figures are 0 and `cost_rule` says so).
 */
import { detectorErrors } from './errors.js';

/** Where seconds_per_step came from. */
export type CostRule = 'plan' | 'train_ts' | 'probe_ts' | 'none';

/** The plan fields the cost model reads (the run event's `plan`). */
export interface CostPlan {
  steps: number;
  gpus: number;
  usd_per_gpu_hour: number;
  seconds_per_step?: number | undefined;
}

/** Running first/last timestamped step, enough to estimate seconds per step (plain JSON). */
export interface StepClock {
  firstStep: number | null;
  firstMs: number | null;
  lastStep: number | null;
  lastMs: number | null;
}

/** Cost figures at one step. */
export interface CostAt {
  gpu_hours_spent: number;
  usd_spent: number;
  gpu_hours_saved: number;
  usd_saved: number;
  seconds_per_step: number | null;
  cost_rule: CostRule;
}

/** An empty {@link StepClock}. */
export function clockInit(): StepClock {
  return { firstStep: null, firstMs: null, lastStep: null, lastMs: null };
}

/**
 * Records a (step, ts) observation; ignores unparseable timestamps. Returns a new clock.
 * @example clockUpdate(clockInit(), 10, '2026-06-01T12:00:00Z')
 */
export function clockUpdate(clock: StepClock, step: number, ts: string | undefined): StepClock {
  if (ts === undefined) return clock;
  const ms = Date.parse(ts);
  if (!Number.isFinite(ms)) return clock;
  if (clock.firstStep === null || clock.firstMs === null || step < clock.firstStep) {
    return { firstStep: step, firstMs: ms, lastStep: clock.lastStep ?? step, lastMs: clock.lastMs ?? ms };
  }
  if (clock.lastStep === null || step >= clock.lastStep) return { ...clock, lastStep: step, lastMs: ms };
  return clock;
}

function clockRate(c: StepClock): number | null {
  if (c.firstStep === null || c.lastStep === null || c.firstMs === null || c.lastMs === null) return null;
  if (c.lastStep <= c.firstStep || c.lastMs <= c.firstMs) return null;
  return (c.lastMs - c.firstMs) / 1000 / (c.lastStep - c.firstStep);
}

/**
 * Seconds per step by the documented rule (plan, then train timestamps, then probe timestamps).
 * @example secondsPerStep({ steps: 300, gpus: 1, usd_per_gpu_hour: 3, seconds_per_step: 12 }, clockInit(), clockInit())
 *   // { seconds: 12, rule: 'plan' }
 */
export function secondsPerStep(plan: CostPlan, train: StepClock, probe: StepClock): { seconds: number | null; rule: CostRule } {
  if (plan.seconds_per_step !== undefined) return { seconds: plan.seconds_per_step, rule: 'plan' };
  const t = clockRate(train);
  if (t !== null) return { seconds: t, rule: 'train_ts' };
  const p = clockRate(probe);
  if (p !== null) return { seconds: p, rule: 'probe_ts' };
  return { seconds: null, rule: 'none' };
}

/**
 * GPU-hours and USD spent at `step` and saved against `plan.steps` by stopping there.
 * @param step integer >= 0 (clamped to plan.steps for the saved figure).
 * @throws `invalid_cost` for a negative or non-finite step.
 * @example costAt(180, { steps: 300, gpus: 1, usd_per_gpu_hour: 3 }, 12, 'plan').usd_saved // 1.2
 */
export function costAt(step: number, plan: CostPlan, seconds: number | null, rule: CostRule): CostAt {
  if (!(Number.isFinite(step) && step >= 0)) throw detectorErrors.invalidCost('step', step, 'a finite number >= 0');
  if (seconds === null) {
    return { gpu_hours_spent: 0, usd_spent: 0, gpu_hours_saved: 0, usd_saved: 0, seconds_per_step: null, cost_rule: 'none' };
  }
  const perStep = (seconds * plan.gpus) / 3600;
  const spent = step * perStep;
  const saved = Math.max(0, plan.steps - step) * perStep;
  return {
    gpu_hours_spent: spent, usd_spent: spent * plan.usd_per_gpu_hour,
    gpu_hours_saved: saved, usd_saved: saved * plan.usd_per_gpu_hour,
    seconds_per_step: seconds, cost_rule: rule,
  };
}
