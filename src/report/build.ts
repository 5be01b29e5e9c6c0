/**
 * Builds the report document from a RESULTS directory (docs/results-schema.md): runs the analysis,
 * picks the detector figure's pair of runs, maps tables to figure rows, and writes the prose
 * leads from the numbers (nothing in the text is hard-coded).
 */
import { analyzeResults, getTable, openResults, rowsOf } from '../analysis/index.js';
import type { AnalysisResult, AnalysisTable, AnalyzeOptions, Cell } from '../analysis/index.js';
import {
  alarmStepHistogram, arithmeticJudgmentFigure, baselinesFigure, detectorFigure, forestFigure, passKFigure,
  pressureLadderFigure, stageHeatmapFigure, trapCatchFigure,
} from '../analysis/figures/index.js';
import type { SeriesRow } from '../analysis/figures/index.js';
import type { ReportDoc, ReportFigure, ReportSection, ReportTable } from './html.js';
import * as rows from './rows.js';
import { detectorPair, leadDesigns, leadFinding1, leadFinding2, leadFinding3, leadStages } from './leads.js';
import { keyNumbers } from './summary.js';
import { SAVINGS_DEFINITION } from '../analysis/savings.js';
import { kellyDelayReportFigure } from './kelly.js';

/** What {@link buildReport} returns: the document, its figures and the analysis it used. */
export interface BuiltReport {
  doc: ReportDoc;
  figures: ReportFigure[];
  analysis: AnalysisResult;
}

const SHOW: Record<string, readonly string[]> = {
  trap_base: ['arm', 'base', 'runs', 'tbdl_kn', 'caught_kn', 'caught_lower', 'caught_upper', 'false_alarm_kn', 'false_alarm_upper95_one_sided', 'median_alarm_step', 'usd_saved'],
  design_comparison: ['arm', 'runs', 'tbdl', 'learned', 'study_caught', 'ours_caught', 'study_median_step', 'ours_median_step', 'study_false_alarms', 'ours_false_alarms', 'study_fa_upper95', 'ours_fa_upper95', 'study_usd_saved', 'ours_usd_saved'],
  detector_baselines: ['rule', 'sensitivity_kn', 'sensitivity_lower', 'sensitivity_upper', 'false_alarm_kn', 'false_alarm_lower', 'false_alarm_upper', 'median_step'],
  arith_vs_judgment: ['agent', 'do_config', 'arithmetic_kn', 'arithmetic', 'arithmetic_lower', 'arithmetic_upper', 'judgment_kn', 'judgment', 'judgment_lower', 'judgment_upper', 'residual_judgment_failure'],
  do_intervention: ['agent', 'pairs', 'judgment_control', 'judgment_do', 'diff', 'diff_lower', 'diff_upper', 'p_change_holm', 'tost_p', 'verdict', 'mde', 'all_pass_b', 'all_pass_c', 'all_pass_mcnemar_p'],
  pressure_ladder: ['agent', 'rung', 'kn', 'seed_estimate', 'seed_lower', 'seed_upper', 'p_vs_neutral', 'not_deployed', 'refusal_hit_kn', 'refusal_fa_kn'],
};

/** Rows a report table shows before pointing to the CSV (every table of a study-sized sweep fits). */
export const REPORT_ROW_LIMIT = 500;

function toReportTable(t: AnalysisTable | undefined, limit = REPORT_ROW_LIMIT): ReportTable[] {
  if (!t) return [];
  const cols = SHOW[t.name]?.filter((c) => t.columns.some((k) => k.name === c)) ?? t.columns.map((c) => c.name);
  const shown = t.rows.slice(0, limit) as ReadonlyArray<Record<string, Cell>>;
  const notes = [...t.notes, ...(t.rows.length > limit ? [`showing ${limit} of ${t.rows.length} rows; all rows are in ${t.name}.csv`] : [])];
  return [{ title: t.title, columns: cols, rows: shown, notes }];
}

async function loadDetector(resultsDir: string): Promise<{ runs: Record<string, unknown>[]; series: Map<string, SeriesRow[]> }> {
  const db = await openResults(resultsDir);
  try {
    if (!db.tables.includes('detector_runs')) return { runs: [], series: new Map() };
    const runs = rowsOf(await db.query('SELECT * FROM detector_runs ORDER BY run'));
    const series = new Map<string, SeriesRow[]>();
    if (db.tables.includes('detector_series')) {
      const pairs = [detectorPair(runs, 'simulated'), detectorPair(runs, 'real')];
      for (const id of pairs.flatMap((p) => (p ? [p.trapped, p.correct] : []))) {
        const r = rowsOf(await db.query(`SELECT * FROM detector_series WHERE run = '${String(id).replaceAll("'", "''")}' ORDER BY step, loss NULLS FIRST`));
        series.set(id, r as unknown as SeriesRow[]);
      }
    }
    return { runs, series };
  } finally {
    db.close();
  }
}

/**
 * Analyzes RESULTS and assembles the report.
 * @param resultsDir a RESULTS directory or .duckdb file. @param options analysis options (seeded).
 */
export async function buildReport(resultsDir: string, options: AnalyzeOptions = {}): Promise<BuiltReport> {
  const analysis = await analyzeResults(resultsDir, options);
  const t = (name: string) => getTable(analysis, name);
  const { runs, series } = await loadDetector(resultsDir);
  const sections: ReportSection[] = [];
  // table (a) and its heatmap open the report, so the lettered tables read (a), (b), (c), ... in order
  const heat = rows.heatRows(t('stage_pass'));
  if (t('stage_pass')) {
    sections.push({ id: 'stages', title: 'The ten stages — every agent, stage by stage', lead: leadStages(t('stage_pass')),
      figures: heat.length > 0 ? [{ id: 'stage-heatmap', caption: 'Control condition, all traps.', spec: stageHeatmapFigure(heat) }] : [],
      tables: toReportTable(t('stage_pass')) });
  }
  const f1: ReportFigure[] = [];
  for (const [source, id, what] of [['simulated', 'detector', 'simulated study run (calibrated to the reference study)'], ['real', 'detector-real', 'real CPU fine-tuning job (digits, torch)']] as const) {
    const pair = detectorPair(runs, source);
    if (!pair || !series.get(pair.trapped) || !series.get(pair.correct)) continue;
    f1.push({ id, caption: `${what}: ${pair.correct} (correct) and ${pair.trapped} (${pair.trappedArm}). First alarm ${pair.alarm ?? 'none'} at step ${pair.alarmStep ?? '—'}; the held-out eval comes at step ${pair.planned}.`,
      spec: detectorFigure({ correct: series.get(pair.correct)!, trapped: series.get(pair.trapped)!, alarmStep: pair.alarmStep, evalStep: pair.planned, correctLabel: 'correct run', trappedLabel: `${pair.trappedArm} run` }) });
  }
  const catchRows = rows.trapCatchRows(t('trap_base'));
  if (catchRows.length > 0) f1.push({ id: 'trap-catch', caption: 'Counts per trap and base; the pooled rows and exact intervals are in the table below.', spec: trapCatchFigure(catchRows) });
  const alarms = rows.alarmStepRows(runs);
  if (alarms.length > 0) {
    const planned = Math.max(...runs.map((r) => (typeof r['planned_steps'] === 'number' ? r['planned_steps'] : 0)));
    f1.push({ id: 'alarm-steps', caption: 'First alarm step of every run that alarmed.', spec: alarmStepHistogram(alarms, planned) });
  }
  const fire = rows.ruleFireRows(t('detector_baselines'));
  if (fire.length > 0) f1.push({ id: 'baselines', caption: 'The online detector beside the in-process rules operators use today, on the same telemetry.', spec: baselinesFigure(fire) });
  if (f1.length > 0) f1.push(kellyDelayReportFigure(analysis.meta.options.seed));
  if (f1.length > 0 || t('trap_base')) {
    sections.push({ id: 'finding-1', title: 'Finding 1 — trains but does not learn, caught before payment', lead: leadFinding1(t('trap_base'), t('detector_baselines')) + leadDesigns(t('design_comparison')), figures: f1,
      tables: [...toReportTable(t('trap_base')), ...toReportTable(t('design_comparison')), ...toReportTable(t('detector_baselines')), ...toReportTable(t('learned_audit'))] });
  }
  const f2: ReportFigure[] = [];
  const aj = rows.arithJudgmentRows(t('arith_vs_judgment'));
  if (aj.length > 0) f2.push({ id: 'arith-judgment', caption: 'Seed-level pass rates with stratified-bootstrap 95% intervals.', spec: arithmeticJudgmentFigure(aj) });
  const forest = rows.doForestRows(t('do_intervention'));
  if (forest.length > 0) f2.push({ id: 'do-forest', caption: 'Paired difference in judgment pass rate, do(config) minus control, with cluster-robust intervals.', spec: forestFigure(forest, 'What handing over the correct config does to judgment', 'Judgment pass rate, do(config) - control, paired within (agent, base, seed, ticket, trap) at the neutral rung; 0 = no effect.') });
  if (f2.length > 0) {
    sections.push({ id: 'finding-2', title: 'Finding 2 — judgment, not arithmetic', lead: leadFinding2(t('arith_vs_judgment'), t('do_intervention')), figures: f2,
      tables: [...toReportTable(t('arith_vs_judgment')), ...toReportTable(t('do_intervention'))] });
  }
  const ladder = rows.ladderRows(t('pressure_ladder'));
  if (ladder.length > 0) {
    sections.push({ id: 'finding-3', title: 'Finding 3 — governance is pressure-fragile', lead: leadFinding3(t('pressure_ladder')),
      figures: [{ id: 'pressure-ladder', caption: 'Feasible tickets; bands are seed-level 95% intervals.', spec: pressureLadderFigure(ladder) }],
      tables: [...toReportTable(t('pressure_ladder')), ...toReportTable(t('pressure_trend'))] });
  }
  const pk = rows.passKRows(t('pass_k'));
  if (pk.length > 0 || t('ranking')) {
    sections.push({ id: 'reliability', title: 'Reliability, ranking and the comparisons behind every claim', lead: 'pass^k asks whether a delivery is repeatable across seeds; the ranking keeps agents whose difference is not resolved in one tie group; every comparison is Holm-adjusted and reported with its minimum detectable effect.',
      figures: pk.length > 0 ? [{ id: 'pass-k', caption: 'Unbiased pass^k over seeds.', spec: passKFigure(pk) }] : [],
      tables: [...toReportTable(t('pass_k')), ...toReportTable(t('ranking')), ...toReportTable(t('comparisons'))] });
  }
  const m = analysis.meta;
  const doc: ReportDoc = {
    title: 'tbdl report',
    subtitle: 'Trains but does not learn: online detection, the de-looped oracle, and seed-level analysis with honest uncertainty.',
    meta: [
      ['results', resultsDir],
      ['rows read', Object.entries(m.counts).map(([k, v]) => `${k} ${v}`).join(', ')],
      ['agents / bases / seeds', `${m.agents.length} / ${m.bases.length} / ${m.seeds.length} (${m.seeds.join(', ')})`],
      ['options', `alpha ${m.options.alpha}, bootstrap seed ${m.options.seed}, ${m.options.replicates} replicates, TOST epsilon ${m.options.epsilon}`],
      ['dollars saved', SAVINGS_DEFINITION],
      ...(m.notices ?? []).map((n): [string, string] => ['notice', n]),
    ],
    keyNumbers: keyNumbers(t),
    sections,
  };
  return { doc, figures: sections.flatMap((x) => [...x.figures]), analysis };
}
