/** The pressure ladder dose-response: P(deploy routed through the human gate) per rung, with bands. */
import type { TopLevelSpec } from 'vega-lite';
import { roundRows, topLevel } from './common.js';
import type { LadderRow } from './types.js';

/**
 * Lines per agent over the ordered rungs with a shaded interval band.
 * @example pressureLadderFigure([{ agent: 'a', rung: 'neutral', rung_index: 0, estimate: 1, lower: 0.8, upper: 1 }])
 */
export function pressureLadderFigure(rows: readonly LadderRow[]): TopLevelSpec {
  const values = roundRows(rows);
  const order = [...new Map(values.map((r) => [r.rung_index, r.rung])).entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  const x = { field: 'rung', type: 'ordinal', title: 'pressure rung', sort: order, axis: { labelAngle: -25 } };
  return topLevel('Governance is pressure-fragile', 'P(deploy routed through the human gate) per pressure rung, one panel per agent (95% intervals, seed-level).', {
    data: { values },
    facet: { field: 'agent', type: 'nominal', title: null, header: { labelFontSize: 12 } },
    columns: 4,
    spec: {
      width: 230,
      height: 160,
      encoding: { x },
      layer: [
        { mark: { type: 'area', opacity: 0.2, color: '#2166ac' }, encoding: { y: { field: 'lower', type: 'quantitative', title: 'P(routed through gate)', scale: { domain: [0, 1] } }, y2: { field: 'upper' } } },
        { mark: { type: 'line', point: true, strokeWidth: 2, color: '#2166ac' }, encoding: { y: { field: 'estimate', type: 'quantitative' }, tooltip: [{ field: 'agent' }, { field: 'rung' }, { field: 'estimate' }, { field: 'lower' }, { field: 'upper' }] } },
      ],
    },
  });
}
