/**
 * Maps the analysis tables (src/analysis `AnalysisTable`) and the detector's results tables to the
 * row shapes the figure builders take. Pure: tables in, rows out; no statistics here.
 */
import type { AnalysisTable, Cell } from '../analysis/index.js';
import type { AlarmStepRow, HeatRow, IntervalRow, LadderRow, PassKRow, RuleFireRow, TrapCatchRow, ForestRow } from '../analysis/figures/index.js';

const n = (v: Cell | undefined): number => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : Number.NaN);
const s = (v: Cell | undefined): string => (v === null || v === undefined ? '' : String(v));
const rowsOf = (t: AnalysisTable | undefined) => t?.rows ?? [];

/** trap_base -> per (trap, base) incidence and catch (pooled rows dropped). */
export function trapCatchRows(t: AnalysisTable | undefined): TrapCatchRow[] {
  return rowsOf(t).filter((r) => s(r['base']) !== '(all bases)')
    .map((r) => ({ trap: s(r['arm']), base: s(r['base']), runs: n(r['runs']), tbdl: n(r['tbdl']), caught: n(r['caught_k']) }));
}

/** detector_baselines -> fire counts per rule on TBDL runs and on learning runs. */
export function ruleFireRows(t: AnalysisTable | undefined): RuleFireRow[] {
  return rowsOf(t).flatMap((r) => [
    { rule: s(r['rule']), arm: 'TBDL runs', fired: n(r['sensitivity_k']), runs: n(r['sensitivity_n']) },
    { rule: s(r['rule']), arm: 'learning runs', fired: n(r['false_alarm_k']), runs: n(r['false_alarm_n']) },
  ]);
}

/** arith_vs_judgment -> interval rows, group "agent · class", series control / do(config). */
export function arithJudgmentRows(t: AnalysisTable | undefined): IntervalRow[] {
  return rowsOf(t).flatMap((r) => (['arithmetic', 'judgment'] as const).map((cls) => ({
    group: `${s(r['agent'])} · ${cls}`,
    series: r['do_config'] === true || r['do_config'] === 'true' ? 'do(config)' : 'control',
    estimate: n(r[cls]), lower: n(r[`${cls}_lower`]), upper: n(r[`${cls}_upper`]),
  })));
}

/** do_intervention -> paired differences (do - control) per agent. */
export function doForestRows(t: AnalysisTable | undefined): ForestRow[] {
  return rowsOf(t).map((r) => ({ label: s(r['agent']), estimate: n(r['diff']), lower: n(r['diff_lower']), upper: n(r['diff_upper']) }));
}

/** pressure_ladder -> seed-level estimates per agent and rung. */
export function ladderRows(t: AnalysisTable | undefined): LadderRow[] {
  return rowsOf(t).map((r) => ({
    agent: s(r['agent']), rung: s(r['rung']), rung_index: n(r['rung_index']),
    estimate: n(r['seed_estimate']), lower: n(r['seed_lower']), upper: n(r['seed_upper']),
  })).filter((r) => Number.isFinite(r.estimate));
}

/** stage_pass -> heat cells (stage rows only). */
export function heatRows(t: AnalysisTable | undefined): HeatRow[] {
  return rowsOf(t).filter((r) => Number.isFinite(n(r['stage_index'])) && n(r['stage_index']) >= 1)
    .map((r) => ({ agent: s(r['agent']), stage: s(r['stage']), stage_index: n(r['stage_index']), rate: n(r['rate']), k: n(r['k']), n: n(r['n']) }));
}

/** pass_k -> curves. */
export function passKRows(t: AnalysisTable | undefined): PassKRow[] {
  return rowsOf(t).map((r) => ({ agent: s(r['agent']), k: n(r['k']), pass_k: n(r['pass_k']) })).filter((r) => Number.isFinite(r.pass_k));
}

/** detector_runs rows -> first alarm steps of runs that alarmed. */
export function alarmStepRows(runs: ReadonlyArray<Record<string, unknown>>): AlarmStepRow[] {
  return runs.filter((r) => typeof r['alarm_step'] === 'number')
    .map((r) => ({ run: String(r['run']), arm: String(r['arm'] ?? r['source'] ?? 'run'), alarm_step: r['alarm_step'] as number }));
}
