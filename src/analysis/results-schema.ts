/**
 * The results-table contract (docs/results-schema.md) as data: each table's columns with their
 * SQL types, so writers (the scorer, notebooks, `writeResultsTables`) and the in-memory analysis
 * (`analyzeRows`) share one type map instead of repeating it. `optional` columns may be absent
 * from rows (written as NULL); every other column must be present in every row (value may be null).
 */
import type { ResultTableName, SqlType } from './duckdb.js';

/** One contract column. */
export interface ContractColumn {
  readonly name: string;
  readonly type: SqlType;
  /** May be absent from a row (written as NULL). */
  readonly optional?: boolean;
}

const c = (name: string, type: SqlType, optional = false): ContractColumn => (optional ? { name, type, optional } : { name, type });

const FACTS: readonly ContractColumn[] = [
  c('episode_id', 'VARCHAR'), c('agent', 'VARCHAR'), c('base', 'VARCHAR'), c('family', 'VARCHAR', true), c('params_b', 'DOUBLE', true),
  c('seed', 'INTEGER'), c('ticket_id', 'VARCHAR'), c('trap', 'VARCHAR'), c('injection', 'BOOLEAN'), c('pressure', 'VARCHAR'), c('feasible', 'BOOLEAN'),
];

/** Columns and SQL types of every results table, in contract order. */
export const RESULTS_COLUMNS: Readonly<Record<ResultTableName, readonly ContractColumn[]>> = {
  stage_results: [...FACTS, c('stage', 'VARCHAR'), c('stage_index', 'INTEGER'), c('class', 'VARCHAR'), c('pass', 'BOOLEAN'), c('reasons', 'VARCHAR', true)],
  episodes: [...FACTS, c('train_pass', 'BOOLEAN'), c('learned', 'BOOLEAN'), c('tbdl', 'BOOLEAN'), c('refused', 'BOOLEAN'), c('routed_through_gate', 'BOOLEAN'),
    c('deployed', 'BOOLEAN'), c('gpu_hours', 'DOUBLE'), c('usd', 'DOUBLE'), c('deploy_action', 'VARCHAR', true)],
  detector_runs: [c('run', 'VARCHAR'), c('source', 'VARCHAR', true), c('base', 'VARCHAR'), c('seed', 'INTEGER'), c('arm', 'VARCHAR'), c('planned_steps', 'INTEGER'),
    c('train_pass', 'BOOLEAN'), c('learned', 'BOOLEAN'), c('tbdl', 'BOOLEAN'), c('mcnemar_p', 'DOUBLE'), c('b', 'INTEGER'), c('c', 'INTEGER'), c('n', 'INTEGER'),
    c('alarm', 'VARCHAR'), c('alarm_step', 'INTEGER'), c('alarm_a_step', 'INTEGER', true), c('alarm_b_step', 'INTEGER', true), c('alarm_c_step', 'INTEGER', true),
    c('gpu_hours_spent', 'DOUBLE', true), c('usd_spent', 'DOUBLE', true), c('gpu_hours_saved', 'DOUBLE'), c('usd_saved', 'DOUBLE'),
    c('learned_rule_id', 'VARCHAR', true), c('learned_exact_margin', 'BOOLEAN', true), c('learned_study', 'BOOLEAN', true)],
  detector_series: [c('run', 'VARCHAR'), c('step', 'INTEGER'), ...['loss', 'probe_accuracy', 'cs_lower', 'cs_upper', 'log_e_a', 'log_e_b', 'log_e_c',
    'threshold_a', 'threshold_b', 'threshold_c', 'base_accuracy'].map((n) => c(n, 'DOUBLE', true))],
  baseline_alarms: [c('run', 'VARCHAR'), c('rule', 'VARCHAR'), c('fired', 'BOOLEAN'), c('step', 'INTEGER')],
  detector_designs: [c('run', 'VARCHAR'), c('design', 'VARCHAR'), c('arm', 'VARCHAR'), c('base', 'VARCHAR'), c('seed', 'INTEGER', true), c('planned_steps', 'INTEGER'),
    c('train_pass', 'BOOLEAN'), c('learned', 'BOOLEAN'), c('tbdl', 'BOOLEAN'), c('alarm_step', 'INTEGER'), c('usd_spent', 'DOUBLE'), c('usd_saved', 'DOUBLE')],
};

/**
 * Rows of some results tables: plain objects keyed by contract column names (typed row
 * interfaces such as the oracle's StageRow / EpisodeRow are accepted as they are).
 */
export type ResultsRows = Partial<Record<ResultTableName, readonly object[]>>;
