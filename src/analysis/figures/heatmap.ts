/** Stage heatmap: pass rate per agent x stage, with k/n in the cell. */
import type { TopLevelSpec } from 'vega-lite';
import { roundRows, topLevel } from './common.js';
import type { HeatRow } from './types.js';

/** Builds the agent x stage heatmap (stages in pipeline order). */
export function stageHeatmapFigure(rows: readonly HeatRow[]): TopLevelSpec {
  const values = roundRows(rows).map((r) => ({ ...r, label: `${Math.round(r.rate * 100)}%` }));
  const order = [...new Map(values.map((r) => [r.stage_index, r.stage])).entries()].sort((a, b) => a[0] - b[0]).map(([, s]) => s);
  return topLevel('Where deliveries fail', 'Pass rate per agent and stage (k/n in the tooltip).', {
    data: { values },
    width: { step: 52 },
    height: { step: 26 },
    encoding: {
      x: { field: 'stage', type: 'ordinal', sort: order, title: null, axis: { labelAngle: -30, grid: false } },
      y: { field: 'agent', type: 'nominal', title: null, axis: { grid: false } },
    },
    layer: [
      { mark: { type: 'rect' }, encoding: { color: { field: 'rate', type: 'quantitative', title: 'pass rate', scale: { domain: [0, 1], scheme: 'redyellowgreen' } }, tooltip: [{ field: 'agent' }, { field: 'stage' }, { field: 'rate' }, { field: 'k' }, { field: 'n' }] } },
      { mark: { type: 'text', fontSize: 10 }, encoding: { text: { field: 'label' }, color: { value: '#111' } } },
    ],
  });
}
