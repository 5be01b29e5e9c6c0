/** Trap incidence and online catch per trap and base (the study's Table 1 as a figure). */
import type { TopLevelSpec } from 'vega-lite';
import { roundRows, topLevel } from './common.js';
import type { TrapCatchRow } from './types.js';

/**
 * Grouped bars per trap (columns) and base: runs that were TBDL and those the detector caught online.
 * @example trapCatchFigure([{ trap: 'permute', base: 'Qwen3-8B', runs: 3, tbdl: 3, caught: 3 }])
 */
export function trapCatchFigure(rows: readonly TrapCatchRow[]): TopLevelSpec {
  const values = roundRows(rows).flatMap((r) => [
    { trap: r.trap, base: r.base, measure: 'runs', count: r.runs, runs: r.runs },
    { trap: r.trap, base: r.base, measure: 'TBDL runs', count: r.tbdl, runs: r.runs },
    { trap: r.trap, base: r.base, measure: 'caught online', count: r.caught, runs: r.runs },
  ]);
  return topLevel('Trap incidence and online catch', 'Per base and trap: all runs, those that trained but did not learn (TBDL), and those the e-process flagged before the run ended.', {
    data: { values },
    facet: { column: { field: 'base', type: 'nominal', title: null, header: { labelFontSize: 12 } } },
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: { step: 10 }, height: 180,
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'trap', type: 'nominal', title: null, axis: { labelAngle: -35 } },
        xOffset: { field: 'measure' },
        y: { field: 'count', type: 'quantitative', title: 'runs', axis: { tickMinStep: 1 } },
        color: { field: 'measure', type: 'nominal', title: null, scale: { domain: ['runs', 'TBDL runs', 'caught online'], range: ['#e0e0e0', '#888', '#b2182b'] }, legend: { orient: 'top' } },
        tooltip: [{ field: 'trap' }, { field: 'base' }, { field: 'measure' }, { field: 'count' }, { field: 'runs' }],
      },
    },
  });
}
