/**
 * The report's Kelly-delay figure: alarm B's mean detection delay over its Kelly bound across a
 * grid of (base, fine-tuned, margin, probe size), simulated at report time (seeded, about a second).
 */
import { kellyDelayFigure } from '../analysis/figures/index.js';
import { createRng } from '../rng.js';
import { kellyDelayGrid } from '../sim/kelly-delay.js';
import type { ReportFigure } from './html.js';

/**
 * The figure with its caption, from `runs` seeded replicates per cell [200].
 * @example kellyDelayReportFigure(1).id // 'kelly-delay'
 */
export function kellyDelayReportFigure(seed: number, runs = 200): ReportFigure {
  const rows = kellyDelayGrid({ rng: createRng(seed), runs });
  return {
    id: 'kelly-delay',
    caption: `How close alarm B bets to Kelly: mean rounds to alarm over the Kelly bound log(1/alpha_B)/(size KL), ${runs} simulated runs per point (seed ${seed}), B betting from round 1; solid = the detector's default (pre-registered prior), dashed = no prior. The bound is the stratified one (an exact, trusted mu0); the default bets on the paired observation, valid whatever mu0 is declared, whose own floor is higher when checkpoint and base are independent (docs/power.md).`,
    spec: kellyDelayFigure(rows),
  };
}
