/**
 * Dollars saved, one definition for every place that prints it (`tbdl table1`, `tbdl analyze`'s
 * trap_base, the report's key numbers, `tbdl demo`'s replay summary):
 *
 *   saved(run)          = usd_saved(run)  if verdict is TBDL and an alarm stopped the run before
 *                                           its planned last step (alarm_step < planned_steps),
 *                         0                 otherwise;
 *   false_alarm_cost(run) = usd_spent(run) if the run learned and an alarm stopped it before its
 *                                           planned last step (a false-alarm stop),
 *                         0                 otherwise.
 *
 * usd_saved(run) is the detector's planned cost minus the cost up to the alarm step, and
 * usd_spent(run) the cost up to that step (src/detector/cost.ts). A stop of a run that learned
 * is never a saving: the compute spent until the stop bought no model and the run must be
 * repeated, so that spend is shown as a cost. Runs that are neither TBDL nor learned (the train
 * gate T failed, or no held-out eval) count in neither total.
 */

/** The definition in one sentence, printed in table notes, the report methods and the docs. */
export const SAVINGS_DEFINITION =
  'USD saved = for each run whose verdict is TBDL and that an alarm stopped before its planned last step, ' +
  'the planned cost minus the cost up to the alarm; an alarm that stops a run that learned is a false-alarm stop, ' +
  'never a saving: its cost (the USD spent up to the stop, which bought no model) is shown separately as false_alarm_usd';

/** The fields {@link runSavings} reads (a `detector_runs` row, a Table 1 run or a verdict line). */
export interface SavingsInput {
  readonly tbdl: boolean | null;
  readonly learned: boolean | null;
  readonly alarm_step: number | null;
  readonly planned_steps: number;
  readonly usd_saved: number | null;
  readonly usd_spent: number | null;
}

/** A run's contribution to the two totals. */
export interface RunSavings {
  /** USD saved (0 unless a TBDL run was stopped before its planned end). */
  readonly usd_saved: number;
  /** USD lost to a false-alarm stop (0 unless a learning run was stopped before its planned end). */
  readonly false_alarm_usd: number;
}

/** True when an alarm fired before the planned last step (the run was stopped). */
export function stoppedEarly(r: Pick<SavingsInput, 'alarm_step' | 'planned_steps'>): boolean {
  return r.alarm_step !== null && r.alarm_step < r.planned_steps;
}

/**
 * One run's dollars saved and false-alarm cost under {@link SAVINGS_DEFINITION}.
 * @param r the run's verdict, first alarm step, planned steps and the detector's cost figures.
 * @returns `{ usd_saved, false_alarm_usd }`, both >= 0 (non-finite inputs count as 0).
 * @example runSavings({ tbdl: false, learned: true, alarm_step: 180, planned_steps: 300, usd_saved: 3.6, usd_spent: 5.4 }) // { usd_saved: 0, false_alarm_usd: 5.4 }
 */
export function runSavings(r: SavingsInput): RunSavings {
  const fin = (x: number | null): number => (typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : 0);
  const stopped = stoppedEarly(r);
  return {
    usd_saved: stopped && r.tbdl === true ? fin(r.usd_saved) : 0,
    false_alarm_usd: stopped && r.learned === true ? fin(r.usd_spent) : 0,
  };
}

/** Sums {@link runSavings} over runs. @example totalSavings([]) // { usd_saved: 0, false_alarm_usd: 0 } */
export function totalSavings(runs: readonly SavingsInput[]): RunSavings {
  let saved = 0, cost = 0;
  for (const r of runs) {
    const s = runSavings(r);
    saved += s.usd_saved;
    cost += s.false_alarm_usd;
  }
  return { usd_saved: saved, false_alarm_usd: cost };
}

/** The same definition as SQL expressions over `detector_runs` columns (one row -> one amount). */
export const SAVINGS_SQL = {
  usd_saved: `CASE WHEN tbdl AND alarm_step IS NOT NULL AND alarm_step < planned_steps AND isfinite(usd_saved) AND usd_saved > 0 THEN usd_saved ELSE 0 END`,
  gpu_hours_saved: `CASE WHEN tbdl AND alarm_step IS NOT NULL AND alarm_step < planned_steps AND isfinite(gpu_hours_saved) AND gpu_hours_saved > 0 THEN gpu_hours_saved ELSE 0 END`,
  false_alarm_usd: `CASE WHEN learned AND alarm_step IS NOT NULL AND alarm_step < planned_steps AND isfinite(usd_spent) AND usd_spent > 0 THEN usd_spent ELSE 0 END`,
} as const;

/** The fields of a monitor verdict line {@link verdictSavings} reads (it carries no planned_steps). */
export interface VerdictSavingsInput {
  readonly tbdl: boolean | null;
  readonly learned: boolean | null;
  readonly alarm_step: number | null;
  readonly gpu_hours_saved?: unknown;
  readonly usd_saved?: unknown;
  readonly usd_spent?: unknown;
}

/**
 * {@link runSavings} for a monitor verdict line, which has no planned_steps: the detector's
 * gpu_hours_saved (planned GPU-hours minus those up to the first alarm) is > 0 exactly when the
 * alarm came before the planned last step; when the cost rate is unknown every amount is 0.
 * @example verdictSavings({ type: 'verdict', tbdl: true, learned: false, alarm_step: 120, gpu_hours_saved: 1, usd_saved: 3, usd_spent: 2 }).usd_saved // 3
 */
export function verdictSavings(v: VerdictSavingsInput): RunSavings {
  const n = (x: unknown): number | null => (typeof x === 'number' ? x : null);
  const early = v.alarm_step !== null && (n(v.gpu_hours_saved) ?? 0) > 0;
  return runSavings({
    tbdl: v.tbdl, learned: v.learned, alarm_step: v.alarm_step,
    planned_steps: early ? Infinity : (v.alarm_step ?? 0), usd_saved: n(v.usd_saved), usd_spent: n(v.usd_spent),
  });
}
