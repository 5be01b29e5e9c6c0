/** pass^k curves: the probability that all k seeds of a cell pass (reliability across seeds). */
import type { TopLevelSpec } from 'vega-lite';
import { roundRows, topLevel } from './common.js';
import type { PassKRow } from './types.js';

/** One line per agent over k. */
export function passKFigure(rows: readonly PassKRow[]): TopLevelSpec {
  return topLevel('Reliability across seeds', 'pass^k: probability that k independent seeds all pass (unbiased estimator over seeds).', {
    data: { values: roundRows(rows) },
    width: 360,
    height: 220,
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'k', type: 'quantitative', title: 'k', axis: { tickMinStep: 1 } },
      y: { field: 'pass_k', type: 'quantitative', title: 'pass^k', scale: { domain: [0, 1] } },
      color: { field: 'agent', type: 'nominal', title: null },
    },
  });
}
