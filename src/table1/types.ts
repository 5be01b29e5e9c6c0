/**
 * Shapes of the Table 1 computation (the study's Table 1, per trap x base, with our alarms and the
 * baselines side by side).
 */
import type { BaselineResult } from '../baselines/index.js';
import type { DesignComparisonRow } from '../analysis/design-comparison.js';
import type { NullBoundaryStudy } from './study-design.js';

/** One monitored run, as Table 1 sees it. */
export interface Table1Run {
  run: string;
  /** Source file (when read from disk). */
  file: string | null;
  source: string;
  arm: string;
  base: string;
  seed: number | null;
  planned_steps: number;
  train_pass: boolean;
  learned: boolean | null;
  tbdl: boolean | null;
  /** First alarm of each kind (step), null when it did not fire. */
  alarm_a_step: number | null;
  alarm_b_step: number | null;
  alarm_c_step: number | null;
  /** First alarm of any kind. */
  alarm_step: number | null;
  alarm: string | null;
  /** True when an alarm fired before the planned end (alarm_step < planned_steps). */
  caught: boolean;
  usd_saved: number;
  usd_spent: number;
  /** Simulated traces only: first probe step whose true pool accuracy is <= mu0 - 0.1. */
  cross_step: number | null;
  probe_every: number;
  baselines: Record<string, BaselineResult>;
}

/** One row of Table 1: an arm x base group (or an arm total with base 'all'). */
export interface Table1Row {
  arm: string;
  base: string;
  runs: number;
  tbdl: number;
  /** TBDL runs caught online by alarm A / B / C, and by any alarm. */
  caught_a: number;
  caught_b: number;
  caught_c: number;
  caught: number;
  /** Median first-alarm step over the caught TBDL runs (null when none). */
  median_alarm_step: number | null;
  /** Runs with an alarm whose verdict is not TBDL. */
  false_alarms: number;
  /** USD saved on the caught TBDL runs (stopping at the alarm vs the full plan; SAVINGS_DEFINITION, src/analysis/savings.ts). */
  usd_saved: number;
  /** USD spent up to the stop on runs that learned but an alarm stopped before the planned end (a cost, never a saving). */
  false_alarm_usd: number;
  /** Per baseline rule: runs of the group on which it fired. */
  baselines: Record<string, number>;
}

/** Healthy-run false-alarm study (correct and mask runs only). */
export interface FalseAlarmStudy {
  runs: number;
  false_alarms: number;
  by_alarm: { A: number; B: number; C: number };
  /** Exact one-sided 95% Clopper-Pearson upper bound on the per-run false-alarm rate. */
  upper95: number;
  /** Per baseline rule: healthy runs on which it fired. */
  baselines: Record<string, number>;
}

/** The measured targets of issue 3 (simulated study traces). */
export interface Table1Targets {
  permute: { runs: number; caught: number; median_delay_rounds: number | null; delays_rounds: number[] };
  /** caught = runs with an alarm before the planned end; caught_tbdl = those that are TBDL. */
  noise: { runs: number; tbdl: number; caught: number; caught_tbdl: number };
  collapse: { runs: number; caught: number };
  healthy: FalseAlarmStudy | null;
}

/** The whole result. */
export interface Table1Result {
  runs: Table1Run[];
  rows: Table1Row[];
  /** Baseline rule names, in column order. */
  rules: string[];
  targets: Table1Targets;
  /** Design override passed to the detector (null = the runs' own pre-registration). */
  design_override: Record<string, unknown> | null;
  /** The study's detector next to ours on the same runs (null unless study-design traces were given). */
  study: StudyComparison | null;
}

/** The study's detector (fixed 64-item probe, alarm A only, pooled) side by side with ours. */
export interface StudyComparison {
  /** Per arm, then all arms. */
  rows: DesignComparisonRow[];
  /** Runs present under one design only (left out). */
  unpaired: number;
  /** The healthy runs (correct, mask) under both designs, when given. */
  healthy: DesignComparisonRow | null;
  /** Alarm A at the edge of its null under both designs (`tbdl table1 --study --null N`), when run. */
  null_boundary?: NullBoundaryStudy;
}
