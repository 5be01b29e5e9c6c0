/**
 * Probability of improvement and tie groups for rankings (Agarwal et al. 2021, "Deep RL at the
 * Edge of the Statistical Precipice", rliable: P(X > Y) from bootstrap replicates).
 *
 * P(A > B) is estimated as the share of paired bootstrap replicates with A_r > B_r (ties count
 * one half). Tie groups: sort by estimate; the top remaining item opens a group and every item
 * with P(top > item) < 1 - tieThreshold (0.95 by default, i.e. P in [0.05, 0.95]) or whose
 * interval overlaps the top's joins it; repeat on the rest.
 */
import { analysisErrors } from './errors.js';

/**
 * P(A > B) from bootstrap replicates of two independent (or jointly resampled) estimates.
 * @param a replicates of A. @param b replicates of B (same length). @throws invalid_argument.
 * @example probabilityOfImprovement([0.8, 0.9], [0.7, 0.9]) // 0.75
 */
export function probabilityOfImprovement(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length || a.length === 0) throw analysisErrors.invalidArgument('replicate lengths', `${a.length} vs ${b.length}`, 'equal and positive');
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! > b[i]! ? 1 : a[i]! === b[i]! ? 0.5 : 0;
  return s / a.length;
}

/** One ranked entry. */
export interface RankInput {
  readonly name: string;
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly replicates: ArrayLike<number>;
}

/** A ranked entry with its tie group (1 = best) and P(better than the next entry). */
export interface RankOutput {
  readonly name: string;
  readonly rank: number;
  readonly group: number;
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly pBeatsNext: number;
  readonly pBelowGroupTop: number;
}

/**
 * Ranks entries by estimate (descending; ties by name) and forms tie groups.
 * @param threshold separation level, 0.5 < threshold < 1 (default 0.95).
 * @example rankWithTieGroups([{name: 'a', ...}, {name: 'b', ...}])
 */
export function rankWithTieGroups(items: readonly RankInput[], threshold = 0.95): RankOutput[] {
  if (!(threshold > 0.5 && threshold < 1)) throw analysisErrors.invalidArgument('tie threshold', threshold, '0.5 < threshold < 1');
  const sorted = [...items].sort((x, y) => y.estimate - x.estimate || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const out: RankOutput[] = [];
  let group = 0;
  let top: RankInput | undefined;
  sorted.forEach((it, i) => {
    const pTop = top === undefined ? 1 : probabilityOfImprovement(top.replicates, it.replicates);
    const overlaps = top !== undefined && it.upper >= top.lower;
    if (top === undefined || (pTop >= threshold && !overlaps)) { group++; top = it; }
    const next = sorted[i + 1];
    out.push({
      name: it.name, rank: i + 1, group, estimate: it.estimate, lower: it.lower, upper: it.upper,
      pBeatsNext: next === undefined ? NaN : probabilityOfImprovement(it.replicates, next.replicates),
      pBelowGroupTop: top === it ? NaN : probabilityOfImprovement(top.replicates, it.replicates),
    });
  });
  return out;
}
