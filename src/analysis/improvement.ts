/**
 * Probability of improvement and tie groups for rankings (Agarwal et al. 2021, "Deep RL at the
 * Edge of the Statistical Precipice", rliable: P(X > Y) from bootstrap replicates).
 *
 * P(A > B) is estimated as the share of paired bootstrap replicates with A_r > B_r (ties count
 * one half). Tie groups, one rule (probability of improvement read as a one-sided bootstrap
 * p-value, Holm-adjusted): sort by estimate; the top remaining item T opens a group. For the m
 * items below it, q_i = 1 - P(T > item_i); Holm's step-down (Holm 1979) separates items in
 * ascending q while q_(j) <= alpha/(m - j + 1) and stops at the first that fails. The group is T
 * plus every item down to the lowest-ranked one NOT separated (so a group is a contiguous run of
 * ranks); repeat on the rest. Equivalently, an item leaves T's group when
 * P(T > item) >= 1 - alpha/(m - j + 1) at its Holm step. Intervals play no part (two 95%
 * intervals can overlap while P(T > item) = 0.99).
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
 * Ranks entries by estimate (descending; ties by name) and forms tie groups by the Holm rule in
 * the file header.
 * @param alpha family-wise level of the separations within each group, 0 < alpha < 0.5
 * (default 0.05: with one comparison an item is separated when P(top > item) >= 0.95).
 * @throws invalid_alpha, invalid_argument (replicate lengths differ).
 * @example rankWithTieGroups([{name: 'a', ...}, {name: 'b', ...}], 0.05)
 */
export function rankWithTieGroups(items: readonly RankInput[], alpha = 0.05): RankOutput[] {
  if (!(alpha > 0 && alpha < 0.5)) throw analysisErrors.invalidAlpha(alpha, '0 < alpha < 0.5 (family-wise level of the tie-group separations)');
  const sorted = [...items].sort((x, y) => y.estimate - x.estimate || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const group = new Array<number>(sorted.length).fill(0);
  const top = new Array<number>(sorted.length).fill(0);
  let start = 0, g = 0;
  while (start < sorted.length) {
    g++;
    const t = sorted[start]!;
    const rest = sorted.slice(start + 1).map((it, i) => ({ i: start + 1 + i, q: 1 - probabilityOfImprovement(t.replicates, it.replicates) }));
    const m = rest.length;
    const order = [...rest].sort((a, b) => a.q - b.q || a.i - b.i);
    const separated = new Set<number>();
    for (let j = 0; j < m; j++) {
      const o = order[j]!;
      if (o.q <= alpha / (m - j)) separated.add(o.i); else break;
    }
    let end = start;
    for (let i = start + 1; i < sorted.length; i++) if (!separated.has(i)) end = i;
    for (let i = start; i <= end; i++) { group[i] = g; top[i] = start; }
    start = end + 1;
  }
  return sorted.map((it, i) => {
    const next = sorted[i + 1];
    const tp = sorted[top[i]!]!;
    return {
      name: it.name, rank: i + 1, group: group[i]!, estimate: it.estimate, lower: it.lower, upper: it.upper,
      pBeatsNext: next === undefined ? NaN : probabilityOfImprovement(it.replicates, next.replicates),
      pBelowGroupTop: tp === it ? NaN : probabilityOfImprovement(tp.replicates, it.replicates),
    };
  });
}
