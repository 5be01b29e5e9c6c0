/**
 * Row shapes the figure builders accept: already-aggregated numbers (no statistics happen in a
 * figure builder, style.md #12). Each mirrors a table of src/analysis or docs/results-schema.md.
 */

/** One point of a detector trace (docs/results-schema.md `detector_series`). */
export interface SeriesRow {
  run: string;
  step: number;
  loss?: number | null;
  probe_accuracy?: number | null;
  cs_lower?: number | null;
  cs_upper?: number | null;
  log_e_a?: number | null;
  log_e_b?: number | null;
  threshold_a?: number | null;
  threshold_b?: number | null;
  base_accuracy?: number | null;
}

/** A proportion with its interval, e.g. a pass rate per agent and stage class. */
export interface IntervalRow {
  group: string;
  series: string;
  estimate: number;
  lower: number;
  upper: number;
  k?: number;
  n?: number;
}

/** Trap incidence and online catch for one (trap, base) cell. */
export interface TrapCatchRow {
  trap: string;
  base: string;
  runs: number;
  tbdl: number;
  caught: number;
}

/** A pass rate on the pressure ladder. */
export interface LadderRow {
  agent: string;
  rung: string;
  rung_index: number;
  estimate: number;
  lower: number;
  upper: number;
}

/** A stage pass rate for the heatmap. */
export interface HeatRow {
  agent: string;
  stage: string;
  stage_index: number;
  rate: number;
  k: number;
  n: number;
}

/** pass^k for one agent at one k. */
export interface PassKRow {
  agent: string;
  k: number;
  pass_k: number;
}

/** The first alarm of one run. */
export interface AlarmStepRow {
  run: string;
  arm: string;
  alarm_step: number;
}

/** How often a rule (a baseline or the detector) fired on an arm. */
export interface RuleFireRow {
  rule: string;
  arm: string;
  fired: number;
  runs: number;
}

/** A paired difference with its interval (forest plot). */
export interface ForestRow {
  label: string;
  estimate: number;
  lower: number;
  upper: number;
}
