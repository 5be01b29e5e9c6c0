/**
 * Latched alarms (spec detector.md §2): once a log-value reaches the threshold the alarm stays
 * fired, with the step and value at which it first fired. Plain JSON, pure updates.
 */
import { issues, fail } from './errors.js';
import type { Design } from './design.js';

/** Plain-JSON alarm state. `step` and `value` are null until it fires. */
export interface AlarmState {
  readonly kind: 'alarm';
  readonly threshold: number;
  readonly fired: boolean;
  readonly step: number | null;
  readonly value: number | null;
}

/**
 * Starts an unfired alarm with a log threshold (e.g. log(1/alpha_A), or srThreshold(K, alpha_C)).
 * @throws {EProcessError} invalid_threshold when not finite.
 * @example alarmInit(Math.log(50)).fired // false
 */
export function alarmInit(threshold: number): AlarmState {
  if (!(typeof threshold === 'number' && Number.isFinite(threshold))) fail(issues.invalidThreshold(threshold));
  return { kind: 'alarm', threshold, fired: false, step: null, value: null };
}

/**
 * Feeds the process's current log-value at `step`; fires (and latches) when logValue >= threshold.
 * A fired alarm is returned unchanged. Pure.
 * @throws {EProcessError} invalid_step when step is not finite.
 * @example alarmUpdate(alarmInit(1), 2, 30) // { fired: true, step: 30, value: 2, ... }
 */
export function alarmUpdate(state: AlarmState, logValue: number, step: number): AlarmState {
  if (state.fired) return state;
  if (!Number.isFinite(step)) fail(issues.invalidStep(step));
  if (logValue >= state.threshold) return { ...state, fired: true, step, value: logValue };
  return state;
}

/** The three latched alarms of a design, at thresholds log(1/alpha_A), log(1/alpha_B), log(K/alpha_C). */
export function designAlarms(d: Design): { readonly A: AlarmState; readonly B: AlarmState; readonly C: AlarmState } {
  return { A: alarmInit(d.logThreshold.A), B: alarmInit(d.logThreshold.B), C: alarmInit(d.logThreshold.C) };
}
