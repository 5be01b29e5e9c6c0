/**
 * Result-table rows (docs/results-schema.md): `detector_runs` (one per run) and
 * `detector_series` (one per probe round and per kept train step). The caller adds the columns it
 * knows and the detector does not: source, arm, base, seed.
 */
import type { AlarmLine, VerdictLine } from '../telemetry/schema.js';
import type { DetectorState } from './state.js';
import { verdictLine } from './verdict.js';

/** A `detector_runs` row without source, arm, base, seed: the verdict's fields plus plan, per-alarm steps and cost. */
export type DetectorRunRow = Pick<VerdictLine, 'run' | 'train_pass' | 'learned' | 'tbdl' | 'mcnemar_p' | 'b' | 'c' | 'n' | 'alarm_step'> & {
  /** The Learned rule that decided `learned`, and each rule's own decision (null without eval data). */
  learned_rule_id: string | null;
  learned_exact_margin: boolean | null;
  learned_study: boolean | null;
  planned_steps: number;
  alarm: AlarmLine['alarm'] | null;
  alarm_a_step: number | null;
  alarm_b_step: number | null;
  alarm_c_step: number | null;
  gpu_hours_spent: number;
  usd_spent: number;
  gpu_hours_saved: number;
  usd_saved: number;
};

/** A `detector_series` row (plus `round`, null on train rows). */
export interface DetectorSeriesRow {
  run: string;
  step: number;
  round: number | null;
  loss: number | null;
  probe_accuracy: number | null;
  cs_lower: number | null;
  cs_upper: number | null;
  log_e_a: number | null;
  log_e_b: number | null;
  log_e_c: number | null;
  threshold_a: number;
  threshold_b: number;
  threshold_c: number;
  base_accuracy: number;
}

/**
 * The run's `detector_runs` row, from the state as it is now (finished or not; the verdict rule
 * of verdict.ts). Pure.
 * @example { ...detectorSummary(state), source: 'simulated', arm: 'permute', base: 'Qwen3-8B', seed: 1 }
 */
export function detectorSummary(state: DetectorState): DetectorRunRow {
  const v = verdictLine(state);
  const a = state.proc.alarms;
  return {
    run: state.run, planned_steps: state.plan.steps,
    train_pass: v.train_pass, learned: v.learned, tbdl: v.tbdl,
    mcnemar_p: v.mcnemar_p, b: v.b, c: v.c, n: v.n,
    learned_rule_id: typeof v.learned_rule_id === 'string' ? v.learned_rule_id : null,
    learned_exact_margin: typeof v.learned_exact_margin === 'boolean' ? v.learned_exact_margin : null,
    learned_study: typeof v.learned_study === 'boolean' ? v.learned_study : null,
    alarm: v.alarm, alarm_step: v.alarm_step,
    alarm_a_step: a.A.step, alarm_b_step: a.B.step, alarm_c_step: a.C.step,
    gpu_hours_spent: v.gpu_hours_spent as number, usd_spent: v.usd_spent as number,
    gpu_hours_saved: v.gpu_hours_saved as number, usd_saved: v.usd_saved as number,
  };
}

/**
 * The run's `detector_series` rows, sorted by step (probe rows before train rows at equal steps).
 * Bounded: one row per applied probe round plus at most TRAIN_SERIES_CAP train rows. Pure.
 * @example detectorSeries(state).filter((r) => r.round !== null).map((r) => r.log_e_a)
 */
export function detectorSeries(state: DetectorState): DetectorSeriesRow[] {
  const t = state.design.logThreshold;
  const common = { run: state.run, threshold_a: t.A, threshold_b: t.B, threshold_c: t.C, base_accuracy: state.base_accuracy };
  const rows: DetectorSeriesRow[] = state.rounds.map((r) => ({
    ...common, step: r.step, round: r.seq, loss: null, probe_accuracy: r.model_correct / r.n,
    cs_lower: r.cs_lower, cs_upper: r.cs_upper, log_e_a: r.log_e_a, log_e_b: r.log_e_b, log_e_c: r.log_e_c,
  }));
  for (const p of state.train_series) {
    rows.push({ ...common, step: p.step, round: null, loss: p.loss, probe_accuracy: null, cs_lower: null, cs_upper: null, log_e_a: null, log_e_b: null, log_e_c: null });
  }
  return rows.sort((x, y) => x.step - y.step || (x.round === null ? 1 : 0) - (y.round === null ? 1 : 0));
}
