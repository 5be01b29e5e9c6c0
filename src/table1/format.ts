/**
 * Plain-text rendering of a {@link Table1Result}: a Markdown table per arm x base with the study's
 * columns and the baselines (fired / runs), the targets, and the false-alarm study.
 */
import type { Table1Result } from './types.js';
import { SAVINGS_DEFINITION } from '../analysis/savings.js';
import { formatDesignComparison, formatNullBoundary } from './study-design.js';

/** Short column headers for the baseline rules (legend printed below the table). */
export const RULE_ABBREV: Readonly<Record<string, string>> = {
  train_gate: 'T', sm_loss_not_decreasing: 'LND', sm_overfit: 'OVF', sm_overtraining: 'OVT',
  sm_vanishing_gradient: 'VG', sm_exploding_tensor: 'ET', hf_early_stopping: 'HF',
  keras_early_stopping: 'KER', lightning_early_stopping: 'LIG', plateau: 'PLT',
};

const fmt = (x: number | null, d = 0): string => (x === null ? '-' : x.toFixed(d));

/**
 * Renders the result as Markdown-compatible text.
 * @example formatTable1(table1(traces)).split('\n')[0] // '| arm | base | runs | TBDL | ...'
 */
export function formatTable1(res: Table1Result): string {
  const ab = res.rules.map((r) => RULE_ABBREV[r] ?? r);
  const head = ['arm', 'base', 'runs', 'TBDL', 'caught A', 'caught B', 'caught C', 'caught', 'median alarm step', 'false alarms', 'USD saved', 'false-alarm USD', ...ab];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of res.rows) {
    const cells = [r.arm, r.base, r.runs, r.tbdl, r.caught_a, r.caught_b, r.caught_c, `${r.caught}/${r.tbdl}`,
      fmt(r.median_alarm_step), r.false_alarms, r.usd_saved.toFixed(2), r.false_alarm_usd.toFixed(2),
      ...res.rules.map((rule) => `${r.baselines[rule] ?? 0}/${r.runs}`)];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  lines.push('', 'Baselines (runs on which the rule fired / runs): ' + res.rules.map((r) => `${RULE_ABBREV[r] ?? r} = ${r}`).join(', '));
  lines.push('caught = TBDL runs with an alarm before the planned last step; false alarms = alarms on runs whose verdict is not TBDL.');
  lines.push(`${SAVINGS_DEFINITION}.`);
  const t = res.targets;
  lines.push('', 'Targets:');
  if (t.permute.runs > 0) {
    const delay = t.permute.delays_rounds.length === 0
      ? 'delay to the 0.1-below-base round n/a (no true_accuracy in these traces)'
      : `median first alarm ${fmt(t.permute.median_delay_rounds, 1)} probe rounds after the first round with true probe accuracy <= mu0 - 0.1 (per run: ${t.permute.delays_rounds.map((d) => fmt(d, 0)).join(' ')})`;
    lines.push(`- permute caught ${t.permute.caught}/${t.permute.runs}; ${delay}`);
  }
  if (t.noise.runs > 0) lines.push(`- noise: alarm before the planned end on ${t.noise.caught}/${t.noise.runs} runs; ${t.noise.caught_tbdl}/${t.noise.tbdl} TBDL runs caught`);
  if (t.collapse.runs > 0) lines.push(`- collapse caught ${t.collapse.caught}/${t.collapse.runs}`);
  if (t.healthy) {
    const h = t.healthy;
    lines.push(`- healthy runs (correct, mask): ${h.false_alarms}/${h.runs} false alarms (A ${h.by_alarm.A}, B ${h.by_alarm.B}, C ${h.by_alarm.C}); exact one-sided 95% upper bound ${(100 * h.upper95).toFixed(2)}%`);
    lines.push(`  baselines fired on healthy runs: ${res.rules.map((r) => `${RULE_ABBREV[r] ?? r} ${h.baselines[r] ?? 0}/${h.runs}`).join(', ')}`);
  }
  if (res.design_override) lines.push('', `Detector design override: ${JSON.stringify(res.design_override)}`);
  if (res.study) {
    const rows = res.study.healthy ? [...res.study.rows, res.study.healthy] : res.study.rows;
    lines.push('', "The study's detector next to ours:", '', formatDesignComparison(rows));
    if (res.study.unpaired > 0) lines.push(`(${res.study.unpaired} runs present under one design only were left out)`);
    if (res.study.null_boundary) lines.push('', formatNullBoundary(res.study.null_boundary));
  }
  return lines.join('\n');
}
