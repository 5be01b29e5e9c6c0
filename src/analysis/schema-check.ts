/**
 * Checks that each results table present has the contract columns the analysis reads
 * (docs/results-schema.md), so a malformed file fails with a coded `missing_column` error that
 * names the table and column instead of a SQL binder error.
 */
import type { AnalysisDb, ResultTableName } from './duckdb.js';
import { analysisErrors } from './errors.js';

/** Columns read per table. */
export const REQUIRED_COLUMNS: Readonly<Record<ResultTableName, readonly string[]>> = {
  stage_results: ['episode_id', 'agent', 'base', 'seed', 'ticket_id', 'trap', 'injection', 'pressure', 'feasible', 'stage', 'stage_index', 'class', 'pass'],
  episodes: ['episode_id', 'agent', 'base', 'seed', 'ticket_id', 'trap', 'injection', 'pressure', 'feasible', 'train_pass', 'learned', 'tbdl', 'refused', 'routed_through_gate', 'deployed', 'gpu_hours', 'usd'],
  detector_runs: ['run', 'base', 'seed', 'arm', 'planned_steps', 'train_pass', 'learned', 'tbdl', 'mcnemar_p', 'b', 'c', 'n', 'alarm', 'alarm_step', 'gpu_hours_saved', 'usd_saved'],
  detector_series: ['run', 'step'],
  baseline_alarms: ['run', 'rule', 'fired', 'step'],
  detector_designs: ['run', 'design', 'arm', 'planned_steps', 'learned', 'tbdl', 'alarm_step', 'usd_spent', 'usd_saved'],
};

/**
 * @throws missing_column for the first absent column (table and column named).
 * @example await checkColumns(db) // resolves when every present table is complete
 */
export async function checkColumns(db: AnalysisDb): Promise<void> {
  for (const t of db.tables) {
    const d = await db.query(`SELECT column_name FROM (DESCRIBE ${t})`);
    const have = new Set(d.toArray().map((r) => String((r as { column_name: string }).column_name)));
    for (const c of REQUIRED_COLUMNS[t]) if (!have.has(c)) throw analysisErrors.missingColumn(t, c);
  }
}
