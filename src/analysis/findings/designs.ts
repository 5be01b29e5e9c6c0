/**
 * Finding 1, the study's detector next to ours: `detector_designs` (written by `tbdl table1
 * --study --results DIR`: each simulated run evaluated with the study's detector, a fixed 64-item
 * probe re-scored every round, alarm A only, rounds pooled) paired by run id with `detector_runs`
 * (ours, from `tbdl replay --results`). Per arm: TBDL runs each catches before the planned end and
 * when, false alarms on runs that learned with the exact one-sided 95% bound, and money under
 * SAVINGS_DEFINITION.
 */
import type { FindingContext } from '../context.js';
import { compareDesigns, type DesignRun } from '../design-comparison.js';
import { col, type AnalysisTable } from '../table.js';
import { num, rows, str } from './common.js';

/** The design label `tbdl table1 --study` writes for the study's detector. */
export const STUDY_DESIGN_ID = 'study_fixed64_alarm_a_pooled';

const asRun = (x: Record<string, unknown>): DesignRun => ({
  run: str(x, 'run'), arm: str(x, 'arm'), tbdl: x['tbdl'] === null || x['tbdl'] === undefined ? null : Boolean(x['tbdl']),
  learned: x['learned'] === null || x['learned'] === undefined ? null : Boolean(x['learned']),
  alarm_step: x['alarm_step'] === null || x['alarm_step'] === undefined ? null : num(x, 'alarm_step'), planned_steps: num(x, 'planned_steps'),
  usd_saved: x['usd_saved'] === null ? null : num(x, 'usd_saved'), usd_spent: x['usd_spent'] === null || x['usd_spent'] === undefined ? null : num(x, 'usd_spent'),
});

/** Builds `design_comparison` (needs detector_runs and detector_designs). */
export async function designComparisonTable(ctx: FindingContext): Promise<AnalysisTable> {
  const cols = new Set((await rows(ctx, `SELECT column_name FROM (DESCRIBE detector_runs)`)).map((x) => str(x, 'column_name')));
  const spent = cols.has('usd_spent') ? 'usd_spent' : 'NULL::DOUBLE AS usd_spent';
  const ours = (await rows(ctx, `SELECT run, arm, tbdl, learned, alarm_step, planned_steps, usd_saved, ${spent} FROM detector_runs ORDER BY run`)).map(asRun);
  const study = (await rows(ctx, `SELECT run, arm, tbdl, learned, alarm_step, planned_steps, usd_saved, usd_spent FROM detector_designs WHERE design = '${STUDY_DESIGN_ID}' ORDER BY run`)).map(asRun);
  const c = compareDesigns(ours, study);
  return {
    name: 'design_comparison',
    title: "Finding 1: the study's detector (fixed 64-item probe, alarm A only) next to ours, on the same runs",
    columns: [col('arm', 'VARCHAR'), col('runs', 'INTEGER'), col('tbdl', 'INTEGER'), col('learned', 'INTEGER'),
      col('study_caught', 'VARCHAR'), col('ours_caught', 'VARCHAR'), col('study_median_step', 'DOUBLE'), col('ours_median_step', 'DOUBLE'),
      col('study_false_alarms', 'VARCHAR'), col('ours_false_alarms', 'VARCHAR'), col('study_fa_upper95', 'DOUBLE'), col('ours_fa_upper95', 'DOUBLE'),
      col('study_usd_saved', 'DOUBLE'), col('ours_usd_saved', 'DOUBLE'), col('study_false_alarm_usd', 'DOUBLE'), col('ours_false_alarm_usd', 'DOUBLE')],
    rows: c.rows.map((r) => ({
      arm: r.arm, runs: r.runs, tbdl: r.tbdl, learned: r.learned,
      study_caught: `${r.study_caught}/${r.tbdl}`, ours_caught: `${r.ours_caught}/${r.tbdl}`,
      study_median_step: r.study_median_step, ours_median_step: r.ours_median_step,
      study_false_alarms: `${r.study_false_alarms}/${r.learned}`, ours_false_alarms: `${r.ours_false_alarms}/${r.learned}`,
      study_fa_upper95: r.study_fa_upper95, ours_fa_upper95: r.ours_fa_upper95,
      study_usd_saved: r.study_usd_saved, ours_usd_saved: r.ours_usd_saved, study_false_alarm_usd: r.study_false_alarm_usd, ours_false_alarm_usd: r.ours_false_alarm_usd,
    })),
    notes: [
      "study = the study's detector: the same 64 probe items re-scored every 10 steps, alarm A only (worse than base, tolerance 0.02, alpha 0.05), its rounds pooled into one e-process as if fresh (pooling a re-scored probe voids the false-alarm guarantee); ours = 256 fresh items a round, alarms A, B and C",
      `paired by run id: the same runs (curves, checkpoints, held-out verdicts), only the probe and the detector differ; ${c.rows.at(-1)?.runs ?? 0} runs paired, ${c.unpaired} under one design only left out`,
      'caught = TBDL runs alarmed before the planned last step; false alarms = alarms on runs that learned, with the exact one-sided 95% Clopper-Pearson bound (fa_upper95); USD as in trap_base',
    ],
  };
}
