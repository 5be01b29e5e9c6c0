/**
 * The seam between the monitor and the detector (src/detector): the monitor routes events by
 * run id to per-run detector state and reads it only through these functions. Injectable (tests,
 * other detectors), with {@link defaultDetector} binding the real one (style.md #4:
 * init -> apply -> finish, pure, plain-JSON state).
 */
import {
  costAt, detectorApply, detectorFinish, detectorInit, firedAlarms, secondsPerStep, type DetectorState,
} from '../detector/index.js';
import type { DesignInput } from '../eprocess/index.js';
import type { OutputLine, RunEvent, TelemetryEvent } from '../telemetry/schema.js';
import type { RunStatus } from './render.js';

/**
 * A monitor-side design override (`--alpha/--margin/--warmup-step`, docs/protocol.md field names);
 * it wins over the run event's design, field by field, and the verdict's `design_source` says so.
 */
export interface DesignOverride {
  alpha?: number;
  margin?: number;
  warmup_step?: number;
}

/** The per-run detector lifecycle the monitor drives. */
export interface DetectorApi<S> {
  /** Fresh state for a run; throws a coded error on an invalid design. */
  init(run: RunEvent, override?: DesignOverride): S;
  /** Applies one event (exactly once by seq inside); the new state and any output lines. */
  apply(state: S, event: TelemetryEvent): { state: S; out: OutputLine[] };
  /** Closes the run: notices (e.g. no probe data) and the verdict. */
  finish(state: S): { state: S; out: OutputLine[] };
  /** The row the human status view shows. */
  status(state: S): RunStatus;
  /** Events the detector received but did not apply (duplicates, late rounds, after the end). */
  redundant(state: S): number;
  /** The last probe seq applied in order (0 before any). */
  lastSeq(state: S): number;
}

/**
 * Maps telemetry-style override fields onto the e-process design input of this run:
 * margin -> delta, warmup_step -> warmupRound = max(1, ceil(warmup_step / probe.every))
 * (the mapping of src/detector/design-map.ts).
 * @example designInputFor(run, { margin: 0.1 }) // { delta: 0.1 }
 */
export function designInputFor(run: RunEvent, o: DesignOverride): Partial<DesignInput> {
  const input: Partial<DesignInput> = {};
  if (o.alpha !== undefined) input.alpha = o.alpha;
  if (o.margin !== undefined) input.delta = o.margin;
  if (o.warmup_step !== undefined) input.warmupRound = Math.max(1, Math.ceil(o.warmup_step / run.probe.every));
  return input;
}

function status(s: DetectorState): RunStatus {
  const last = s.rounds[s.rounds.length - 1];
  const t = s.design.logThreshold;
  let lead: RunStatus['lead'] = null;
  if (last !== undefined) {
    for (const [k, v, thr] of [['A', last.log_e_a, t.A], ['B', last.log_e_b, t.B], ['C', last.log_e_c, t.C]] as const) {
      if (v !== null && (lead === null || v - thr > lead.logE - lead.threshold)) lead = { alarm: k, logE: v, threshold: thr };
    }
  }
  const rate = secondsPerStep(s.plan, s.train_clock, s.probe_clock);
  const cost = costAt(s.last_step, s.plan, rate.seconds, rate.rule);
  return {
    run: s.run, rounds: s.rounds.length, step: s.last_step, plannedSteps: s.plan.steps, lead,
    probeAccuracy: last === undefined ? null : last.model_correct / last.n,
    csLower: last?.cs_lower ?? null, csUpper: last?.cs_upper ?? null,
    baseAccuracy: s.base_accuracy, usdSpent: cost.usd_spent, usdAtStake: s.finished ? 0 : cost.usd_saved,
    alarms: firedAlarms(s).map((a) => a.alarm), finished: s.finished,
  };
}

/**
 * The real detector (src/detector) behind the {@link DetectorApi} seam.
 * @example const m = new Monitor({ detector: defaultDetector() });
 */
export function defaultDetector(): DetectorApi<DetectorState> {
  return {
    init: (run, o) => (o === undefined ? detectorInit(run) : detectorInit(run, designInputFor(run, o))),
    apply: detectorApply,
    finish: detectorFinish,
    status,
    redundant: (s) => s.delivery.duplicates + s.delivery.late + s.eval_duplicates + s.ignored.after_finish + s.ignored.run_repeats,
    lastSeq: (s) => s.delivery.nextSeq - 1,
  };
}
