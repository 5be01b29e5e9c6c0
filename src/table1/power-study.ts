/**
 * The power study behind docs/power.md: issue 3's targets measured on replicated simulated
 * studies (60 runs per master seed: 4 bases x 3 seeds x 5 arms) for several probe sizes and
 * detector designs. Every number comes from the real detector on the simulated traces (table1 ->
 * evaluateRun -> detectorInit / detectorApply), never from a formula.
 */
import type { DetectorOptions } from '../detector/index.js';
import type { DesignInput } from '../eprocess/index.js';
import { healthyRuns, studyRuns, type SimRun } from '../sim/index.js';
import type { TelemetryEvent } from '../telemetry/schema.js';
import { falseAlarmStudy, table1, median, type TraceInput } from './aggregate.js';
import { evaluateRun } from './run-one.js';
import { clopperPearsonUpper } from '../analysis/clopper-pearson.js'; // the canonical kernel: (k, n, alpha = 0.05)

/** Options of {@link powerStudy}. */
export interface PowerStudyOptions {
  /** Probe sizes (items per round) of the simulated runs [64, 128, 256]. */
  readonly sizes?: readonly number[];
  /** Master seeds of the replicated studies [1..5]. */
  readonly seeds?: readonly number[];
  /** Healthy runs per size for the false-alarm rate (master seed = first seed) [0]. */
  readonly healthy?: number;
  /** Detector design override and options (the variant studied). */
  readonly override?: Partial<DesignInput>;
  readonly detector?: DetectorOptions;
}

/** One size's measured targets over the replicated studies. */
export interface PowerRow {
  size: number;
  studies: number;
  /** Noise runs caught before the end, per study (of 12), and how many studies reached >= 10/12. */
  noise_caught: number[];
  noise_at_least_10: number;
  /** Noise runs the held-out gate calls TBDL, and the TBDL ones caught, summed over studies. */
  noise_tbdl: number;
  noise_tbdl_caught: number;
  /** Permute caught (summed, of 12 x studies), median of the per-study median delays (rounds). */
  permute_caught: number;
  permute_median_delay: number | null;
  collapse_caught: number;
  /** Alarms on correct and mask study runs (summed). */
  study_false_alarms: number;
  /** Healthy runs, false alarms, exact one-sided 95% upper bound (null when healthy = 0). */
  healthy_runs: number;
  healthy_false_alarms: number | null;
  healthy_upper95: number | null;
}

const asTrace = (r: SimRun): TraceInput => ({ events: r.events as unknown as TelemetryEvent[] });

/**
 * Runs the power study.
 * @example powerStudy({ sizes: [64, 256], seeds: [1, 2] }).map((r) => r.noise_caught)
 */
export function powerStudy(options: PowerStudyOptions = {}): PowerRow[] {
  const sizes = options.sizes ?? [64, 128, 256];
  const seeds = options.seeds ?? [1, 2, 3, 4, 5];
  const opt = { ...(options.override ? { override: options.override } : {}), ...(options.detector ? { detector: options.detector } : {}) };
  const rows: PowerRow[] = [];
  for (const size of sizes) {
    const noise: number[] = [];
    let tbdl = 0, tbdlCaught = 0, perm = 0, coll = 0, fa = 0;
    const delays: number[] = [];
    for (const seed of seeds) {
      const res = table1(studyRuns({ seed, run: { size } }).map(asTrace), opt);
      const t = res.targets;
      noise.push(t.noise.caught);
      tbdl += t.noise.tbdl; tbdlCaught += t.noise.caught_tbdl;
      perm += t.permute.caught; coll += t.collapse.caught;
      if (t.permute.median_delay_rounds !== null) delays.push(t.permute.median_delay_rounds);
      fa += res.runs.filter((r) => (r.arm === 'correct' || r.arm === 'mask') && r.alarm_step !== null).length;
    }
    const hN = options.healthy ?? 0;
    let hFa: number | null = null;
    if (hN > 0) {
      const runs = healthyRuns(hN, { seed: seeds[0] ?? 1, run: { size } }).map((r) => evaluateRun(asTrace(r).events, opt));
      hFa = falseAlarmStudy(runs).false_alarms;
    }
    rows.push({
      size, studies: seeds.length, noise_caught: noise, noise_at_least_10: noise.filter((x) => x >= 10).length,
      noise_tbdl: tbdl, noise_tbdl_caught: tbdlCaught, permute_caught: perm, permute_median_delay: median(delays),
      collapse_caught: coll, study_false_alarms: fa, healthy_runs: hN, healthy_false_alarms: hFa,
      healthy_upper95: hFa === null ? null : clopperPearsonUpper(hFa, hN),
    });
  }
  return rows;
}

/** Markdown table of {@link powerStudy} rows. */
export function formatPowerStudy(rows: readonly PowerRow[]): string {
  const lines = [
    '| probe size | studies | noise caught per study (of 12) | studies >= 10/12 | TBDL noise caught | permute caught | permute median delay (rounds) | collapse caught | alarms on correct+mask | healthy false alarms (95% bound) |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const h = r.healthy_false_alarms === null ? '-' : `${r.healthy_false_alarms}/${r.healthy_runs} (${(100 * (r.healthy_upper95 ?? 1)).toFixed(2)}%)`;
    lines.push(`| ${r.size} | ${r.studies} | ${r.noise_caught.join(' ')} | ${r.noise_at_least_10}/${r.studies} | ${r.noise_tbdl_caught}/${r.noise_tbdl} | ${r.permute_caught}/${12 * r.studies} | ${r.permute_median_delay ?? '-'} | ${r.collapse_caught}/${12 * r.studies} | ${r.study_false_alarms}/${24 * r.studies} | ${h} |`);
  }
  return lines.join('\n');
}
