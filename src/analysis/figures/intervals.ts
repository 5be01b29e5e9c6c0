/** Interval plots: pass rates with confidence intervals (per agent and stage class; judgment vs
 * arithmetic with and without the do-intervention; paired forest plots). */
import type { TopLevelSpec } from 'vega-lite';
import { roundRows, topLevel } from './common.js';
import type { ForestRow, IntervalRow } from './types.js';

/**
 * Point estimates with interval bars: one row per `group` (y), colour by `series`.
 * @param title figure title; @param subtitle the method (e.g. "seed-level, stratified bootstrap 95%").
 */
export function intervalFigure(rows: readonly IntervalRow[], title: string, subtitle: string, xTitle = 'pass rate'): TopLevelSpec {
  const values = roundRows(rows).map((r) => ({ ...r, kn: r.k != null && r.n != null ? `${r.k}/${r.n}` : '' }));
  return topLevel(title, subtitle, {
    data: { values },
    width: 420,
    height: { step: 26 },
    encoding: {
      y: { field: 'group', type: 'nominal', title: null, sort: null, axis: { labelLimit: 320 } },
      yOffset: { field: 'series' },
      color: { field: 'series', type: 'nominal', title: null },
    },
    layer: [
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { x: { field: 'lower', type: 'quantitative', title: xTitle, scale: { domain: [0, 1] } }, x2: { field: 'upper' } } },
      { mark: { type: 'point', filled: true, size: 60 }, encoding: { x: { field: 'estimate', type: 'quantitative' }, tooltip: [{ field: 'group' }, { field: 'series' }, { field: 'estimate' }, { field: 'lower' }, { field: 'upper' }, { field: 'kn', title: 'k/n' }] } },
    ],
  });
}

/**
 * Judgment vs arithmetic pass rates, with and without the do-intervention (series = condition).
 * Rows: group = "agent · class", series = "control" | "do(config)".
 */
export function arithmeticJudgmentFigure(rows: readonly IntervalRow[]): TopLevelSpec {
  return intervalFigure(rows, 'Judgment, not arithmetic', 'Pass rate per agent and stage class, with and without handing the agent the oracle-correct config (seed-level 95% intervals).');
}

/** A paired forest plot: differences with intervals around zero. */
export function forestFigure(rows: readonly ForestRow[], title: string, subtitle: string): TopLevelSpec {
  const values = roundRows(rows);
  return topLevel(title, subtitle, {
    data: { values },
    width: 420,
    height: { step: 24 },
    layer: [
      { data: { values: [{ z: 0 }] }, mark: { type: 'rule', color: '#888', strokeDash: [3, 3] }, encoding: { x: { field: 'z', type: 'quantitative' } } },
      { mark: { type: 'rule', strokeWidth: 2 }, encoding: { y: { field: 'label', type: 'nominal', title: null, sort: null }, x: { field: 'lower', type: 'quantitative', title: 'paired difference' }, x2: { field: 'upper' } } },
      { mark: { type: 'point', filled: true, size: 60, color: '#2166ac' }, encoding: { y: { field: 'label', type: 'nominal', sort: null }, x: { field: 'estimate', type: 'quantitative' } } },
    ],
  });
}
