/**
 * Table 1 as a library function: runs every trace through the detector and the baselines and
 * tabulates, per arm x base (and per arm over all bases), the study's columns: runs, TBDL count,
 * TBDL runs caught online by alarms A / B / C and by any, median first-alarm step, false alarms
 * (alarms on runs whose verdict is not TBDL), USD saved, and how many runs each baseline fired on.
 * Also measures issue 3's targets (see {@link Table1Targets}) and, given healthy runs, the
 * false-alarm rate with its exact 95% upper bound.
 */
import { BASELINE_RULES } from '../baselines/index.js';
import type { DesignInput } from '../eprocess/index.js';
import type { DetectorOptions } from '../detector/index.js';
import type { TelemetryEvent } from '../telemetry/schema.js';
import { clopperPearsonUpper } from '../analysis/clopper-pearson.js'; // the canonical kernel: (k, n, alpha = 0.05)
import { totalSavings } from '../analysis/savings.js'; // the one definition of dollars saved
import { table1Errors } from './errors.js';
import { evaluateRun } from './run-one.js';
import { median } from './median.js';
import type { FalseAlarmStudy, StudyComparison, Table1Result, Table1Row, Table1Run, Table1Targets } from './types.js';
import { evaluateStudyDesign } from './study-design.js';
import { compareDesigns } from '../analysis/design-comparison.js';

/** One run's events (its `run` event first), with the file it came from. */
export interface TraceInput {
  readonly events: readonly TelemetryEvent[];
  readonly file?: string;
}

/** Options of {@link table1}. */
export interface Table1Options {
  /** Detector design override (e.g. `{ alphaSplit: {...}, warmupRound, delta }`). */
  readonly override?: Partial<DesignInput>;
  /** Healthy runs (correct / mask) for the false-alarm study. */
  readonly healthy?: readonly TraceInput[];
  /** Detector options beyond the design (alarm A tolerance, alarm B method). */
  readonly detector?: DetectorOptions;
  /**
   * The same runs' study-design traces (fixed 64-item probe): evaluated with the study's detector
   * (study-design.ts) and set side by side with ours in `study`, paired by run id.
   */
  readonly study?: readonly TraceInput[];
  /** The healthy runs' study-design traces (paired with `healthy` by run id). */
  readonly studyHealthy?: readonly TraceInput[];
}

const ARM_ORDER = ['permute', 'noise', 'mask', 'collapse', 'correct'];

export { median };

function rowOf(arm: string, base: string, runs: readonly Table1Run[], rules: readonly string[]): Table1Row {
  const tbdl = runs.filter((r) => r.tbdl === true);
  const caught = tbdl.filter((r) => r.caught);
  const before = (s: number | null, r: Table1Run): boolean => s !== null && s < r.planned_steps;
  const baselines: Record<string, number> = {};
  for (const rule of rules) baselines[rule] = runs.filter((r) => r.baselines[rule]?.fired === true).length;
  const money = totalSavings(runs);
  return {
    arm, base, runs: runs.length, tbdl: tbdl.length,
    caught_a: tbdl.filter((r) => before(r.alarm_a_step, r)).length,
    caught_b: tbdl.filter((r) => before(r.alarm_b_step, r)).length,
    caught_c: tbdl.filter((r) => before(r.alarm_c_step, r)).length,
    caught: caught.length,
    median_alarm_step: median(caught.map((r) => r.alarm_step!)),
    false_alarms: runs.filter((r) => r.tbdl !== true && r.alarm_step !== null).length,
    usd_saved: money.usd_saved, false_alarm_usd: money.false_alarm_usd,
    baselines,
  };
}

/**
 * The false-alarm study over healthy runs: any alarm on a run counts.
 * @example falseAlarmStudy(runs).upper95 // 0.0149 for 0 of 200
 */
export function falseAlarmStudy(runs: readonly Table1Run[], rules: readonly string[] = BASELINE_RULES.map((r) => r.name)): FalseAlarmStudy {
  const fired = runs.filter((r) => r.alarm_step !== null).length;
  const baselines: Record<string, number> = {};
  for (const rule of rules) baselines[rule] = runs.filter((r) => r.baselines[rule]?.fired === true).length;
  return {
    runs: runs.length, false_alarms: fired,
    by_alarm: {
      A: runs.filter((r) => r.alarm_a_step !== null).length,
      B: runs.filter((r) => r.alarm_b_step !== null).length,
      C: runs.filter((r) => r.alarm_c_step !== null).length,
    },
    upper95: runs.length > 0 ? clopperPearsonUpper(fired, runs.length) : 1,
    baselines,
  };
}

/** The issue-3 targets measured on tabulated runs (see docs/readme/sim.md). */
export function measureTargets(runs: readonly Table1Run[], healthy: FalseAlarmStudy | null): Table1Targets {
  const permute = runs.filter((r) => r.arm === 'permute');
  const delays = permute
    .filter((r) => r.alarm_step !== null && r.cross_step !== null)
    .map((r) => (r.alarm_step! - r.cross_step!) / r.probe_every);
  const noise = runs.filter((r) => r.arm === 'noise');
  const collapse = runs.filter((r) => r.arm === 'collapse');
  return {
    permute: { runs: permute.length, caught: permute.filter((r) => r.caught).length, median_delay_rounds: median(delays), delays_rounds: delays },
    noise: {
      runs: noise.length, tbdl: noise.filter((r) => r.tbdl === true).length,
      caught: noise.filter((r) => r.caught).length, caught_tbdl: noise.filter((r) => r.caught && r.tbdl === true).length,
    },
    collapse: { runs: collapse.length, caught: collapse.filter((r) => r.caught).length },
    healthy,
  };
}

/**
 * Computes Table 1 from traces (one run each; see {@link splitRuns} for multi-run streams).
 * @throws `no_runs` when `traces` is empty; `missing_run_event` for a trace not starting with its run event.
 * @example table1(studyRuns().map((r) => ({ events: r.events as TelemetryEvent[] }))).rows[0]
 */
export function table1(traces: readonly TraceInput[], options: Table1Options = {}): Table1Result {
  if (traces.length === 0) throw table1Errors.noRuns();
  const ev = (t: TraceInput): Table1Run =>
    evaluateRun(t.events, {
      ...(options.override ? { override: options.override } : {}), ...(options.detector ? { detector: options.detector } : {}),
      ...(t.file !== undefined ? { file: t.file } : {}),
    });
  const runs = traces.map(ev);
  const rules = BASELINE_RULES.map((r) => r.name);
  const arms = [...new Set(runs.map((r) => r.arm))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const rows: Table1Row[] = [];
  for (const arm of arms) {
    const ofArm = runs.filter((r) => r.arm === arm);
    const bases = [...new Set(ofArm.map((r) => r.base))];
    for (const base of bases) rows.push(rowOf(arm, base, ofArm.filter((r) => r.base === base), rules));
    if (bases.length > 1) rows.push(rowOf(arm, 'all', ofArm, rules));
  }
  const healthyRuns = options.healthy && options.healthy.length > 0 ? options.healthy.map(ev) : null;
  const healthy = healthyRuns !== null ? falseAlarmStudy(healthyRuns, rules) : null;
  let study: StudyComparison | null = null;
  if (options.study && options.study.length > 0) {
    const sv = (t: TraceInput): Table1Run => evaluateStudyDesign(t.events, {
      ...(options.detector ? { detector: options.detector } : {}), ...(t.file !== undefined ? { file: t.file } : {}),
    });
    const c = compareDesigns(runs, options.study.map(sv));
    const h = healthyRuns !== null && options.studyHealthy && options.studyHealthy.length > 0
      ? compareDesigns(healthyRuns, options.studyHealthy.map(sv), 'healthy runs').rows.at(-1) ?? null : null;
    study = { rows: c.rows, unpaired: c.unpaired, healthy: h === null ? null : { ...h, arm: 'healthy runs' } };
  }
  return { runs, rows, rules, targets: measureTargets(runs, healthy), design_override: options.override ? { ...options.override } : null, study };
}

function rank(arm: string): number {
  const i = ARM_ORDER.indexOf(arm);
  return i < 0 ? ARM_ORDER.length : i;
}

/**
 * Splits an event stream (possibly several interleaved runs) into one trace per run, each
 * starting at its run event; events of a run seen before its run event are dropped.
 */
export function splitRuns(events: readonly TelemetryEvent[], file?: string): TraceInput[] {
  const byRun = new Map<string, TelemetryEvent[]>();
  for (const e of events) {
    const list = byRun.get(e.run);
    if (list) list.push(e);
    else if (e.type === 'run') byRun.set(e.run, [e]);
  }
  return [...byRun.values()].map((events) => (file !== undefined ? { events, file } : { events }));
}
