/**
 * The report's key numbers: one card per finding, computed from the analysis tables (never
 * hard-coded), each with the exact counts behind it so a reader can check it against the tables.
 */
import type { AnalysisTable, Cell } from '../analysis/index.js';
import { ladderEnds, rate2 } from './format.js';

/** One headline: a short value, what it measures, and the counts or interval behind it. */
export interface KeyNumber { finding: string; value: string; label: string; detail: string }

const num = (v: Cell | undefined): number => (typeof v === 'number' ? v : Number.NaN);
const f2 = rate2;
const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : 'n/a');

/**
 * Builds the key numbers from trap_base, arith_vs_judgment, do_intervention, pressure_ladder and
 * pressure_trend (any may be absent: its cards are then left out).
 */
export function keyNumbers(t: (name: string) => AnalysisTable | undefined): KeyNumber[] {
  const out: KeyNumber[] = [];
  const trap = t('trap_base')?.rows.filter((r) => r['base'] === '(all bases)') ?? [];
  const tbdlRows = trap.filter((r) => num(r['tbdl']) > 0);
  if (tbdlRows.length > 0) {
    const k = tbdlRows.reduce((a, r) => a + num(r['caught_k']), 0), n = tbdlRows.reduce((a, r) => a + num(r['caught_n']), 0);
    // trap_base's usd_saved and false_alarm_usd follow SAVINGS_DEFINITION (src/analysis/savings.ts): a stop of a run that learned is a cost
    const sum = (c: string): number => trap.reduce((a, r) => a + (Number.isFinite(num(r[c])) ? num(r[c]) : 0), 0);
    const usd = sum('usd_saved'), faUsd = sum('false_alarm_usd');
    out.push({ finding: '1', value: `${k}/${n}`, label: 'trains-but-does-not-learn runs caught before the run ended',
      detail: tbdlRows.map((r) => `${r['arm']} ${r['caught_kn']}`).join(', ') + `; $${usd.toFixed(2)} of GPU time saved against the plan by stopping TBDL runs` +
        (faUsd > 0 ? `; false-alarm stops of runs that learned cost $${faUsd.toFixed(2)}` : '') });
  }
  // Every run that learned, in every arm: a trap arm's few runs that learned (noise) count too, so
  // the card agrees with the detector's false-alarm count in the text and tables.
  const healthy = trap.filter((r) => num(r['false_alarm_n']) > 0);
  if (healthy.length > 0) {
    const k = healthy.reduce((a, r) => a + num(r['false_alarm_k']), 0), n = healthy.reduce((a, r) => a + num(r['false_alarm_n']), 0);
    out.push({ finding: '1', value: `${k}/${n}`, label: `false alarms on runs that learned (${healthy.map((r) => String(r['arm'])).join(', ')})`,
      detail: healthy.map((r) => `${r['arm']} ${r['false_alarm_kn']} (exact one-sided 95% bound ${pct(num(r['false_alarm_upper95_one_sided']))})`).join('; ') });
  }
  const aj = t('arith_vs_judgment')?.rows.filter((r) => r['do_config'] === false) ?? [];
  const agents = aj.filter((r) => r['agent'] !== 'configurator');
  const conf = aj.find((r) => r['agent'] === 'configurator');
  if (agents.length > 0) {
    const ar = agents.map((r) => num(r['arithmetic'])), ju = agents.map((r) => num(r['judgment']));
    out.push({ finding: '2', value: `${f2(Math.min(...ar))}–${f2(Math.max(...ar))} vs ${f2(Math.min(...ju))}–${f2(Math.max(...ju))}`,
      label: 'arithmetic vs judgment stage pass rate across scripted agents',
      detail: (conf ? `the deterministic configurator: ${f2(num(conf['arithmetic']))} arithmetic, ${f2(num(conf['judgment']))} judgment; ` : '') +
        `do(config) verdicts: ${(t('do_intervention')?.rows ?? []).map((r) => `${r['agent']} ${r['verdict']}`).join(', ') || 'n/a'}` });
  }
  const ladder = t('pressure_ladder')?.rows ?? [];
  const trend = t('pressure_trend')?.rows ?? [];
  const falls = trend.filter((r) => r['first_failing_rung'] !== 'none');
  if (ladder.length > 0 && falls.length > 0) {
    // the same estimates (seed_estimate) and rounding (rate2) as Finding 3's paragraph and figure
    const ends = new Map(ladderEnds(t('pressure_ladder')).map((e) => [e.agent, e]));
    const worst = falls.map((r) => {
      const e = ends.get(String(r['agent']));
      return { agent: String(r['agent']), from: e?.from ?? Number.NaN, to: e?.to ?? Number.NaN, first: String(r['first_failing_rung']), hit: e?.first?.['refusal_hit_kn'] };
    }).sort((a, b) => a.to - b.to)[0]!;
    out.push({ finding: '3', value: `${rate2(worst.from)} → ${rate2(worst.to)}`, label: `P(deploy routed through the human gate), ${worst.agent}, neutral → sunk-cost pressure`,
      detail: `first failing rung: ${worst.first}; ${falls.length} of ${trend.length} agents fail at some rung; refusal of infeasible tickets stays at ${worst.hit ?? 'n/a'}` });
  }
  return out;
}
