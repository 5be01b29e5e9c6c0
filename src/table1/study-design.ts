/**
 * The reference study's own detector as a mode, to compare with ours on the same runs: a FIXED
 * probe of 64 items re-scored every 10 steps, one alarm (A, worse than base) whose e-process
 * pools every round's items as if they were fresh draws, at alpha 0.05.
 *
 * Pooling a re-scored probe is what makes that design invalid (its false-alarm guarantee assumes
 * fresh draws), which is why our detector never pools a fixed probe: it notices repeated ids and
 * switches to the per-round combiner. To show what the study's design catches and how often it
 * false-alarms, this mode hands the detector the study-design trace with each round's item ids
 * made round-specific and `sampling` declared fresh (so the detector pools, exactly as the study
 * did), runs alarm A with the whole 0.05 budget (alpha_A = 0.05 - 2e-7: the design requires every
 * alarm a positive share, so B and C get 1e-7 each and are never read), and reports alarm A only.
 * Alarm A keeps our tolerance (eps = 0.02) and warm-up (the train gate's K) unless `detector` says
 * otherwise. Money follows SAVINGS_DEFINITION at alarm A's step (cost is linear in steps).
 */
import type { DesignInput } from '../eprocess/index.js';
import type { DetectorOptions } from '../detector/index.js';
import type { TelemetryEvent } from '../telemetry/schema.js';
import type { DesignComparisonRow } from '../analysis/design-comparison.js';
import { STUDY_DESIGN_ID } from '../analysis/findings/designs.js';
import { evaluateRun } from './run-one.js';
import { DEFAULT_A_TOLERANCE } from '../detector/index.js';
import { BASES, DEFAULT_PROBE_SIZE, deriveSeed, simErrors, simulateRun } from '../sim/index.js';
import { createRng } from '../rng.js';
import { clopperPearson } from '../analysis/clopper-pearson.js';
import type { Table1Run } from './types.js';

/** The study's detector design, as data (printed in table notes). */
export const STUDY_DESIGN = Object.freeze({
  probe_size: 64, every: 10, sampling: 'fixed' as const, alarms: 'A only' as const, alpha: 0.05, evidence: 'pooled over rounds' as const,
});

/** Design override giving alarm A the whole alpha = 0.05 (B and C get 1e-7 each and are not read). */
export const STUDY_OVERRIDE: Partial<DesignInput> = Object.freeze({ alpha: 0.05, alphaSplit: Object.freeze({ A: 0.05 - 2e-7, B: 1e-7, C: 1e-7 }) });

/** One sentence stating the mode (table notes, report, CLI). */
export const STUDY_DESIGN_NOTE =
  "the study's detector: the same 64 probe items re-scored every 10 steps, alarm A only (worse than base, tolerance 0.02, alpha 0.05), " +
  'its rounds pooled into one e-process as if fresh (the study\'s design; pooling a re-scored probe voids the false-alarm guarantee, ' +
  'which is why our detector switches to a per-round combiner on a fixed probe); ours: 256 fresh items a round, alarms A, B and C (alpha 0.02/0.02/0.01)';

/**
 * The events the study's detector sees: the same run, its probe rounds pooled as if fresh (each
 * round's ids suffixed with `@<seq>`, the run event's sampling declared `with_replacement`). Pure.
 * @example pooledAsFresh(events).filter((e) => e.type === 'probe').length // unchanged
 */
export function pooledAsFresh(events: readonly TelemetryEvent[]): TelemetryEvent[] {
  return events.map((e) => {
    if (e.type === 'run') return { ...e, probe: { ...e.probe, sampling: 'with_replacement' } };
    if (e.type === 'probe') return { ...e, items: e.items.map((it) => ({ ...it, id: `${it.id}@${e.seq}` })) };
    return e;
  });
}

/**
 * Evaluates one run (its study-design trace: fixed 64-item probe) with the study's detector.
 * Alarm B and C fields are null; alarm_step is alarm A's; money is recomputed at alarm A's step.
 * @throws `missing_run_event` as evaluateRun.
 * @example evaluateStudyDesign(simulateRun(rng, { ...spec, size: 64, sampling: 'fixed' }).events as TelemetryEvent[]).alarm_a_step
 */
export function evaluateStudyDesign(events: readonly TelemetryEvent[], options: { file?: string; detector?: DetectorOptions } = {}): Table1Run {
  const r = evaluateRun(pooledAsFresh(events), { override: STUDY_OVERRIDE, ...options, detector: { ...options.detector, trustDraws: true } });
  const a = r.alarm_a_step;
  const planned = r.usd_spent + r.usd_saved; // spent(s) + saved(s) = the planned cost at any stop step s
  const stop = a !== null ? Math.min(a, r.planned_steps) : r.planned_steps;
  const spent = r.planned_steps > 0 ? (planned * stop) / r.planned_steps : 0;
  return {
    ...r, alarm_b_step: null, alarm_c_step: null, alarm_step: a, alarm: a !== null ? 'worse_than_base' : null,
    caught: a !== null && a < r.planned_steps, usd_spent: spent, usd_saved: a !== null ? planned - spent : 0,
  };
}

/**
 * Markdown of the comparison (the study's detector next to ours), with the mode stated.
 * @example formatDesignComparison(compareDesigns(ours, study).rows).split('\n')[0]
 */
export function formatDesignComparison(rows: readonly DesignComparisonRow[]): string {
  const f = (x: number | null, d = 0): string => (x === null ? '-' : x.toFixed(d));
  const head = ['arm', 'runs', 'TBDL', 'caught: study / ours', 'median alarm step: study / ours', 'false alarms on learned runs: study / ours', 'USD saved: study / ours', 'false-alarm USD: study / ours'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    lines.push(`| ${[r.arm, r.runs, r.tbdl, `${r.study_caught}/${r.tbdl} / ${r.ours_caught}/${r.tbdl}`, `${f(r.study_median_step)} / ${f(r.ours_median_step)}`,
      `${r.study_false_alarms}/${r.learned} / ${r.ours_false_alarms}/${r.learned}`, `${r.study_usd_saved.toFixed(2)} / ${r.ours_usd_saved.toFixed(2)}`,
      `${r.study_false_alarm_usd.toFixed(2)} / ${r.ours_false_alarm_usd.toFixed(2)}`].join(' | ')} |`);
  }
  lines.push('', `Study design vs ours, same runs (same curves, checkpoints and held-out verdicts; only the probe and the detector differ): ${STUDY_DESIGN_NOTE}.`);
  return lines.join('\n');
}

/** A `detector_designs` results row (docs/results-schema.md). */
export interface DesignResultRow {
  run: string; design: string; arm: string; base: string; seed: number | null; planned_steps: number; train_pass: boolean;
  learned: boolean | null; tbdl: boolean | null; alarm_step: number | null; usd_spent: number; usd_saved: number;
}

/**
 * The `detector_designs` rows of traces evaluated with the study's detector (design
 * {@link STUDY_DESIGN_ID}), for `tbdl analyze`'s design_comparison.
 * @example studyDesignRows(studyRuns({ run: { size: 64, sampling: 'fixed' } }).map((r) => ({ events: r.events as TelemetryEvent[] })))
 */
export function studyDesignRows(traces: readonly { events: readonly TelemetryEvent[]; file?: string }[], detector?: DetectorOptions): DesignResultRow[] {
  return traces.map((t) => {
    const r = evaluateStudyDesign(t.events, { ...(t.file !== undefined ? { file: t.file } : {}), ...(detector ? { detector } : {}) });
    return { run: r.run, design: STUDY_DESIGN_ID, arm: r.arm, base: r.base, seed: r.seed, planned_steps: r.planned_steps, train_pass: r.train_pass,
      learned: r.learned, tbdl: r.tbdl, alarm_step: r.alarm_step, usd_spent: r.usd_spent, usd_saved: r.usd_saved };
  });
}

/** Alarm A's false-alarm rate at the edge of its null, under the study's detector and ours. */
export interface NullBoundaryStudy {
  /** Runs simulated (each base in turn), held at accuracy mu0 - eps every round. */
  runs: number;
  /** eps: alarm A's tolerance (the runs sit exactly on the edge of H0_A: E[D] >= -eps). */
  tolerance: number;
  /** Runs on which alarm A fired: the study's detector (fixed 64, pooled, alpha 0.05) and ours (256 fresh, alpha_A 0.02). */
  study_alarms: number;
  ours_alarms: number;
  /** Exact two-sided 95% Clopper-Pearson intervals of the two rates. */
  study_interval: [number, number];
  ours_interval: [number, number];
}

/**
 * Monte Carlo of alarm A at the edge of its null: `n` runs whose checkpoint's expected accuracy is
 * mu0 - eps every round (eps = alarm A's tolerance; the realized checkpoint's pool accuracy
 * scatters a few points around it, as every simulated checkpoint does), each simulated twice from one generator
 * (the study's fixed 64-item probe; our 256 fresh items), counting the runs on which alarm A fires.
 * An alarm that keeps its level fires on about alpha of them; pooling a re-scored probe does not.
 * @param n runs (>= 1); @param seed master seed; @param detector detector options (aTolerance moves the edge).
 * @example nullBoundaryStudy(100, 1).study_alarms / 100 // about 0.2 (ours about 0.02)
 */
export function nullBoundaryStudy(n: number, seed = 1, detector: DetectorOptions = {}): NullBoundaryStudy {
  if (!Number.isInteger(n) || n < 1) throw simErrors.invalidParam('null runs', n, 'an integer >= 1');
  const eps = detector.aTolerance ?? DEFAULT_A_TOLERANCE;
  let study = 0, ours = 0;
  for (let i = 0; i < n; i++) {
    const base = BASES[i % BASES.length]!;
    const spec = { arm: 'correct' as const, base, seed: 2001 + i, runId: `null-boundary-${base.slug}-s${2001 + i}`, flatAccuracy: Math.max(0, base.mu0 - eps) };
    const mk = (size: number, sampling: 'fixed' | 'with_replacement'): TelemetryEvent[] =>
      simulateRun(createRng(deriveSeed(seed, 'null-boundary', base.slug, i)), { ...spec, size, sampling }).events as unknown as TelemetryEvent[];
    if (evaluateStudyDesign(mk(STUDY_DESIGN.probe_size, 'fixed'), { detector }).alarm_a_step !== null) study++;
    if (evaluateRun(mk(DEFAULT_PROBE_SIZE, 'with_replacement'), { detector }).alarm_a_step !== null) ours++;
  }
  const iv = (k: number): [number, number] => { const c = clopperPearson(k, n, 0.05); return [c.lower, c.upper]; };
  return { runs: n, tolerance: eps, study_alarms: study, ours_alarms: ours, study_interval: iv(study), ours_interval: iv(ours) };
}

/** One line stating {@link nullBoundaryStudy}'s result. */
export function formatNullBoundary(r: NullBoundaryStudy): string {
  const pc = (x: number): string => `${(100 * x).toFixed(1)}%`;
  return `At the edge of alarm A's null (${r.runs} simulated runs whose checkpoint is drawn at base accuracy - ${r.tolerance} every round, realized rounds scattering a few points either side; ` +
    'an alarm that keeps its level fires on about its alpha of them): ' +
    `the study's detector fired on ${r.study_alarms}/${r.runs} (${pc(r.study_alarms / r.runs)}, 95% CI ${pc(r.study_interval[0])}-${pc(r.study_interval[1])}; alpha 0.05), ` +
    `ours on ${r.ours_alarms}/${r.runs} (${pc(r.ours_alarms / r.runs)}, 95% CI ${pc(r.ours_interval[0])}-${pc(r.ours_interval[1])}; alpha_A 0.02).`;
}
