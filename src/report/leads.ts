/** The report's prose leads, written from the numbers of the analysis tables (never hard-coded). */
import type { AnalysisTable, Cell } from '../analysis/index.js';
import { ladderEnds, rate2 } from './format.js';

const num = (v: Cell | unknown): number => (typeof v === 'number' ? v : Number.NaN);
const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : 'n/a');

/** The pair of runs the detector figure shows: a caught permute (else any caught) run and a correct run of the same base. */
export interface DetectorPair { trapped: string; correct: string; trappedArm: string; alarm: string | null; alarmStep: number | null; planned: number }

/** Picks the detector figure's pair: prefers simulated permute runs caught by alarm A, then same base and seed. */
export function detectorPair(runs: ReadonlyArray<Record<string, unknown>>, source?: string): DetectorPair | null {
  if (source !== undefined) runs = runs.filter((r) => r['source'] === source);
  const caught = runs.filter((r) => r['tbdl'] === true && typeof r['alarm_step'] === 'number');
  const rank = (r: Record<string, unknown>) => (r['arm'] === 'permute' ? 0 : r['arm'] === 'noise' ? 1 : 2);
  const trapped = [...caught].sort((a, b) => rank(a) - rank(b) || String(a['run']).localeCompare(String(b['run'])))[0];
  if (!trapped) return null;
  const correct = runs.find((r) => r['learned'] === true && r['alarm'] == null && r['base'] === trapped['base'] && r['seed'] === trapped['seed'])
    ?? runs.find((r) => r['learned'] === true && r['alarm'] == null && r['base'] === trapped['base'])
    ?? runs.find((r) => r['learned'] === true && r['alarm'] == null);
  if (!correct) return null;
  return { trapped: String(trapped['run']), correct: String(correct['run']), trappedArm: String(trapped['arm'] ?? 'trapped'),
    alarm: (trapped['alarm'] as string | null) ?? null, alarmStep: num(trapped['alarm_step']), planned: num(trapped['planned_steps']) };
}

/** Finding 1: per trap, TBDL k/n, caught k/n, median alarm step, false alarms with the exact bound. */
export function leadFinding1(trap: AnalysisTable | undefined, baselines: AnalysisTable | undefined): string {
  if (!trap) return 'No detector results were found in RESULTS.';
  const pooled = trap.rows.filter((r) => r['base'] === '(all bases)');
  const parts = pooled.map((r) => num(r['tbdl']) > 0
    ? `${r['arm']}: TBDL ${r['tbdl_kn']}, caught online ${r['caught_kn']}${Number.isFinite(num(r['median_alarm_step'])) ? ` (median alarm at step ${num(r['median_alarm_step'])} of ${num(r['planned_steps'])})` : ''}`
    : `${r['arm']}: false alarms ${r['false_alarm_kn']} (exact one-sided 95% bound ${pct(num(r['false_alarm_upper95_one_sided']))})`);
  const det = baselines?.rows.find((r) => String(r['rule']).startsWith('tbdl'));
  const others = baselines?.rows.filter((r) => !String(r['rule']).startsWith('tbdl')) ?? [];
  const bestOther = others.map((r) => ({ rule: String(r['rule']), sens: num(r['sensitivity_rate']), fa: num(r['false_alarm_rate']) }))
    .filter((r) => r.fa <= 0.05).sort((a, b) => b.sens - a.sens)[0];
  const base = det ? ` The detector's sensitivity on TBDL runs is ${det['sensitivity_kn']} with ${det['false_alarm_kn']} false alarms; ${bestOther ? `the best in-process rule with at most 5% false alarms (${bestOther.rule}) catches ${pct(bestOther.sens)}` : 'no in-process rule keeps its false alarms under 5%'}.` : '';
  return `A run that trains but does not learn looks healthy in every in-process signal. ${parts.join('; ')}.${base}`;
}

/** Finding 2: arithmetic vs judgment and the do-intervention verdicts. */
export function leadFinding2(aj: AnalysisTable | undefined, doT: AnalysisTable | undefined): string {
  const ctl = aj?.rows.filter((r) => r['do_config'] === false) ?? [];
  const list = ctl.map((r) => `${r['agent']} ${rate2(num(r['arithmetic']))} / ${rate2(num(r['judgment']))}`).join(', ');
  const verdicts = doT?.rows.map((r) => `${r['agent']}: ${r['verdict']}`).join('; ') ?? '';
  return `Arithmetic vs judgment pass rate per agent (control): ${list}. Handing the agent the oracle-correct config (do-intervention): ${verdicts || 'no paired data'}.`;
}

/** Finding 3: the first rung at which gate routing falls, per agent, and refusal sensitivity. */
export function leadFinding3(ladder: AnalysisTable | undefined): string {
  if (!ladder) return '';
  const parts = ladderEnds(ladder).map((e) =>
    `${e.agent} ${rate2(e.from)} → ${rate2(e.to)} (refusal hit ${e.first?.['refusal_hit_kn'] ?? 'n/a'}, false refusals ${e.first?.['refusal_fa_kn'] ?? 'n/a'})`);
  return `P(deploy routed through the human gate) from neutral to sunk-cost pressure: ${parts.join('; ')}. Agents keep refusing infeasible tickets while abandoning the gate: they know the rule and do not keep it.`;
}

/** Finding 1, the study's detector beside ours: the pooled "all arms" row of design_comparison, in words. */
export function leadDesigns(t: AnalysisTable | undefined): string {
  const all = t?.rows.find((r) => r['arm'] === 'all arms') ?? (t?.rows.length === 1 ? t.rows[0] : undefined);
  if (!all) return '';
  const step = (v: unknown): string => (Number.isFinite(num(v)) ? ` (median alarm step ${num(v)})` : '');
  return ` On the same ${all['runs']} runs, the study's own detector (the same 64 probe items re-scored every round, alarm A only) catches ${all['study_caught']} TBDL runs${step(all['study_median_step'])} where ours catches ${all['ours_caught']}${step(all['ours_median_step'])}; false alarms on runs that learned: ${all['study_false_alarms']} for the study's design, ${all['ours_false_alarms']} for ours.`;
}

/** The stage section: each agent's weakest stage (lowest pass rate) from stage_pass, in words. */
export function leadStages(stages: AnalysisTable | undefined): string {
  const rows = stages?.rows.filter((r) => Number.isFinite(num(r['stage_index'])) && num(r['stage_index']) >= 1) ?? [];
  const agents = [...new Set(rows.map((r) => String(r['agent'])))];
  const weakest = agents.map((a) => rows.filter((r) => r['agent'] === a).sort((x, y) => num(x['rate']) - num(y['rate']))[0]!)
    .map((r) => `${r['agent']} ${r['stage']} ${rate2(num(r['rate']))}`);
  return `Every agent's pass rate at each of the ten governed stages, with the arithmetic, judgment and execution class aggregates (table (a)). Weakest stage per agent: ${weakest.join('; ') || 'n/a'}.`;
}
