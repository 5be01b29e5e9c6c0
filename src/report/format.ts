/**
 * One rounding source for the numbers the report prints in prose and on its cards, so a card and
 * its paragraph can never disagree (e.g. 0.07 on the card, 0.06 in the text).
 */
import type { AnalysisTable, Cell } from '../analysis/index.js';

const num = (v: Cell | unknown): number => (typeof v === 'number' ? v : Number.NaN);

/**
 * A rate in prose: two decimals, 'n/a' when not finite.
 * @example rate2(0.0649) // '0.06'
 */
export function rate2(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : 'n/a';
}

/** An agent's gate-routing estimate at its first (neutral) and last (sunk-cost) rung, and those rows. */
export interface LadderEnds { agent: string; from: number; to: number; first: Record<string, Cell> | undefined; last: Record<string, Cell> | undefined }

/**
 * Neutral and last-rung estimates per agent from pressure_ladder: the seed-level estimate
 * (`seed_estimate`, the quantity the figure and the intervals show), in agent order of appearance.
 * @example ladderEnds(getTable(res, 'pressure_ladder')).map((e) => `${rate2(e.from)} → ${rate2(e.to)}`)
 */
export function ladderEnds(ladder: AnalysisTable | undefined): LadderEnds[] {
  if (!ladder) return [];
  const agents = [...new Set(ladder.rows.map((r) => String(r['agent'])))];
  return agents.map((agent) => {
    const rs = ladder.rows.filter((r) => r['agent'] === agent).sort((x, y) => num(x['rung_index']) - num(y['rung_index']));
    const first = rs[0], last = rs[rs.length - 1];
    return { agent, from: num(first?.['seed_estimate']), to: num(last?.['seed_estimate']), first, last };
  });
}
