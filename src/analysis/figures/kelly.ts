/** Alarm B's detection delay against the Kelly bound across traps (docs/power.md, "Betting closer to Kelly"). */
import type { TopLevelSpec } from 'vega-lite';
import { roundRows, topLevel } from './common.js';

/** One cell of the delay grid (src/sim kellyDelayGrid's rows carry these fields). */
export interface KellyDelayRow {
  /** B method label, e.g. 'default' or 'no prior'. */
  method: string;
  /** Base accuracy on the pool. */
  mu0: number;
  /** Margin delta. */
  delta: number;
  /** Probe items per round. */
  size: number;
  /** How far the fine-tuned accuracy sits below mu0 + delta. */
  gap: number;
  /** Mean delay in rounds. */
  meanDelay: number;
  /** log(1/alpha_B) / (size KL) in rounds. */
  kellyBound: number;
}

/**
 * Lines of mean delay / Kelly bound (the bound taken as at least one round, since no alarm can come
 * before the first round) against the trap's gap below the margin, per probe size and B method,
 * faceted by base accuracy (rows) and margin (columns); a rule marks ratio 1.
 * @example kellyDelayFigure([{ method: 'default', mu0: 0.33, delta: 0.05, size: 64, gap: 0.08, meanDelay: 6.3, kellyBound: 4.35 }])
 */
export function kellyDelayFigure(rows: readonly KellyDelayRow[]): TopLevelSpec {
  const values = roundRows(rows.map((r) => ({
    method: r.method, base: `base ${r.mu0}`, margin: `margin ${r.delta}`, size: `${r.size} items`, gap: r.gap,
    mean_delay: r.meanDelay, kelly_bound: r.kellyBound, ratio: r.meanDelay / Math.max(1, r.kellyBound),
  })));
  return topLevel('Alarm B against the Kelly bound', 'Mean detection delay / log(1/alpha_B) / (size KL), the bound taken as at least one round; 1 = an oracle with no overshoot.', {
    data: { values },
    facet: { row: { field: 'base', type: 'nominal', title: null }, column: { field: 'margin', type: 'nominal', title: null } },
    spec: {
      width: 220, height: 150,
      layer: [
        {
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'gap', type: 'quantitative', title: 'fine-tuned accuracy below base + margin', scale: { type: 'log' } },
            y: { field: 'ratio', type: 'quantitative', title: 'delay / Kelly bound', scale: { type: 'log' } },
            color: { field: 'size', type: 'nominal', title: 'probe' },
            strokeDash: { field: 'method', type: 'nominal', title: 'B method' },
            tooltip: [{ field: 'method' }, { field: 'base' }, { field: 'margin' }, { field: 'size' }, { field: 'gap' }, { field: 'mean_delay' }, { field: 'kelly_bound' }, { field: 'ratio' }],
          },
        },
        { mark: { type: 'rule', color: '#999' }, encoding: { y: { datum: 1 } } },
      ],
    },
  });
}
