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
  const r = evaluateRun(pooledAsFresh(events), { override: STUDY_OVERRIDE, ...options });
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
