/**
 * Two detectors on the same runs, side by side (the study's detector next to ours): per arm, the
 * TBDL runs each catches before the planned end and when, its false alarms on runs that learned
 * (exact one-sided 95% bound), and money under SAVINGS_DEFINITION. Pure; used by `tbdl table1`
 * (src/table1/study-design.ts) and by analyze's `design_comparison` table.
 */
import { clopperPearsonUpper } from './clopper-pearson.js';
import { totalSavings, type SavingsInput } from './savings.js';

/** What the comparison reads of a run (a Table 1 run, or a results-table row). */
export interface DesignRun extends SavingsInput {
  readonly run: string;
  readonly arm: string;
}

function medianOf(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** One row of the side-by-side comparison: an arm (or the healthy runs) under both detectors. */
export interface DesignComparisonRow {
  arm: string;
  runs: number;
  tbdl: number;
  learned: number;
  /** TBDL runs caught before the planned end, and the median alarm step over them. */
  ours_caught: number;
  study_caught: number;
  ours_median_step: number | null;
  study_median_step: number | null;
  /** Runs that learned on which an alarm fired (false alarms), with the exact one-sided 95% bound. */
  ours_false_alarms: number;
  study_false_alarms: number;
  ours_fa_upper95: number | null;
  study_fa_upper95: number | null;
  /** SAVINGS_DEFINITION totals. */
  ours_usd_saved: number;
  study_usd_saved: number;
  ours_false_alarm_usd: number;
  study_false_alarm_usd: number;
}

function side(runs: readonly DesignRun[]): { caught: number; med: number | null; fa: number; learned: number; saved: number; faUsd: number } {
  const caught = runs.filter((r) => r.tbdl === true && r.alarm_step !== null && r.alarm_step < r.planned_steps);
  const learned = runs.filter((r) => r.learned === true);
  const money = totalSavings(runs);
  return {
    caught: caught.length, med: medianOf(caught.map((r) => r.alarm_step!)), learned: learned.length,
    fa: learned.filter((r) => r.alarm_step !== null).length, saved: money.usd_saved, faUsd: money.false_alarm_usd,
  };
}

/**
 * Pairs our runs with the study design's by run id and tabulates per arm (and an "all arms" row):
 * what each design catches, when, its false alarms on runs that learned, and the money.
 * Runs present under one design only are left out (their count is in `unpaired`).
 * @example compareDesigns(ours, study).rows.find((r) => r.arm === 'permute')?.study_caught
 */
export function compareDesigns(ours: readonly DesignRun[], study: readonly DesignRun[], label = 'all arms'): { rows: DesignComparisonRow[]; unpaired: number } {
  const byId = new Map(study.map((r) => [r.run, r]));
  const pairs = ours.flatMap((o) => { const s = byId.get(o.run); return s ? [[o, s] as const] : []; });
  const arms = [...new Set(pairs.map(([o]) => o.arm))];
  const row = (arm: string, ps: ReadonlyArray<readonly [DesignRun, DesignRun]>): DesignComparisonRow => {
    const o = side(ps.map((p) => p[0])), s = side(ps.map((p) => p[1]));
    return {
      arm, runs: ps.length, tbdl: ps.filter(([x]) => x.tbdl === true).length, learned: o.learned,
      ours_caught: o.caught, study_caught: s.caught, ours_median_step: o.med, study_median_step: s.med,
      ours_false_alarms: o.fa, study_false_alarms: s.fa,
      ours_fa_upper95: o.learned > 0 ? clopperPearsonUpper(o.fa, o.learned) : null, study_fa_upper95: o.learned > 0 ? clopperPearsonUpper(s.fa, o.learned) : null,
      ours_usd_saved: o.saved, study_usd_saved: s.saved, ours_false_alarm_usd: o.faUsd, study_false_alarm_usd: s.faUsd,
    };
  };
  const rows = arms.map((a) => row(a, pairs.filter(([o]) => o.arm === a)));
  if (arms.length > 1) rows.push(row(label, pairs));
  return { rows, unpaired: ours.length + study.length - 2 * pairs.length };
}

