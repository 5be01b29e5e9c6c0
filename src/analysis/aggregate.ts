/**
 * Seed-level aggregation per the spec's unit hierarchy (analysis.md): an episode is
 * (agent, base, seed, condition); seeds are replicates; bases are strata.
 * 1. each (group, base, seed) cell gives one seed-level rate k/n (k, n pooled over the cell's
 *    episodes and stages; whole episodes stay inside their seed, so stage correlation is kept);
 * 2. seeds are averaged within (group, base); 3. bases are weighted equally.
 * The interval is the seeded stratified bootstrap (seeds within base), optionally two-stage,
 * widened where needed so that it is never narrower than the exact floor: the Clopper-Pearson
 * interval of the estimate at its effective sample size (Korn and Graubard 1998; see
 * {@link exactFloor}). Without the floor a group at n/n or 0/n (every seed at 1 or 0, so every
 * replicate equals the estimate) gets the point interval [1, 1] - e.g. 41/41 -> [1, 1] - which
 * claims certainty 41 trials cannot give; with it, 41/41 -> [0.914, 1] as for one exact cell.
 * The raw pooled k/n is always reported beside it.
 */
import type { Rng } from '../rng.js';
import { stratifiedBootstrap } from './bootstrap.js';
import { clopperPearsonEffective } from './clopper-pearson.js';
import { analysisErrors, checkCounts } from './errors.js';

/** One (group, base, seed) cell: k successes in n pooled trials. `group` names the aggregate. */
export interface SeedCell {
  readonly group: string;
  readonly base: string;
  readonly seed: number;
  readonly k: number;
  readonly n: number;
  /**
   * Optional clustering inside the cell: `units` episodes and ss = sum over episodes of
   * (k_e - p n_e)^2 with p = k/n. Absent: the n trials are taken as independent (ss = n p (1-p)).
   */
  readonly units?: number;
  readonly ss?: number;
}

/** The aggregate of one group. */
export interface SeedAggregate {
  readonly group: string;
  readonly k: number;
  readonly n: number;
  readonly bases: number;
  readonly seeds: number;
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly replicates: Float64Array;
  /** Effective sample size used by the exact floor. */
  readonly nEff: number;
  /** Whether the exact floor widened the bootstrap interval. */
  readonly floored: boolean;
  readonly method: string;
}

/**
 * The exact floor of a seed-level aggregate: Clopper-Pearson at the estimate p with an effective
 * sample size n_eff (Korn and Graubard 1998): n_eff = min(n, p(1 - p)/v) where v is the
 * within-seed sampling variance of the equal-weight estimate, v = (1/S^2) sum_b (1/m_b^2)
 * sum_s se_s^2 (S bases, m_b seeds in base b, se_s the seed's CR1 SE); at p = 0 or 1, or when
 * v = 0, n_eff = the number of independent units (episodes; trials when no clustering is given),
 * which is conservative when stages of an episode are correlated. Capping n_eff at the episodes
 * everywhere would be safer still near the boundary but doubles interior widths of stage-pooled
 * rates (the floor would then treat an episode of 5 stages as one trial), so it is not done.
 * @example exactFloor(1, 41, 205, 0) // {lower: 0.914, upper: 1, nEff: 41}
 * @param p estimate in [0, 1]. @param units independent units. @param n trials. @param v variance (>= 0).
 */
export function exactFloor(p: number, units: number, n: number, v: number, alpha = 0.05): { lower: number; upper: number; nEff: number } {
  const nEff = p > 0 && p < 1 && v > 0 ? Math.max(1, Math.min(n, (p * (1 - p)) / v)) : Math.max(1, units);
  const iv = clopperPearsonEffective(p, nEff, alpha);
  return { lower: iv.lower, upper: iv.upper, nEff };
}

/** Options of {@link aggregateSeeds}. */
export interface AggregateOptions {
  readonly rng: Rng;
  readonly replicates?: number;
  readonly alpha?: number;
  /** Also resample bases (two-stage bootstrap). Default false. */
  readonly resampleBases?: boolean;
  /**
   * Add each seed's own sampling noise (its CR1 SE over episodes, or binomial when no clustering
   * is given) in every replicate (default true). Off: the plain seed bootstrap, whose width
   * collapses with 2-3 seeds per base.
   */
  readonly withinSeed?: boolean;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Aggregates seed cells into one row per group (groups sorted by name, so row order of the
 * input never matters). Cells with n = 0 are ignored. Cells repeating a (group, base, seed) are
 * pooled. Each group draws its replicates from the shared rng in sorted order.
 * @throws invalid_counts, empty_input.
 * @example aggregateSeeds([{group: 'a', base: 'q', seed: 1, k: 7, n: 10}, ...], {rng: createRng(1)})
 */
export function aggregateSeeds(cells: readonly SeedCell[], opts: AggregateOptions): SeedAggregate[] {
  const tree = new Map<string, Map<string, Map<number, { k: number; n: number; units: number; ss: number }>>>();
  for (const c of cells) {
    checkCounts(c.k, c.n);
    if (c.n === 0) continue;
    let byBase = tree.get(c.group);
    if (!byBase) tree.set(c.group, (byBase = new Map()));
    let bySeed = byBase.get(c.base);
    if (!bySeed) byBase.set(c.base, (bySeed = new Map()));
    const cur = bySeed.get(c.seed) ?? { k: 0, n: 0, units: 0, ss: 0 };
    const p = c.k / c.n;
    bySeed.set(c.seed, { k: cur.k + c.k, n: cur.n + c.n, units: cur.units + (c.units ?? c.n), ss: cur.ss + (c.ss ?? c.n * p * (1 - p)) });
  }
  if (tree.size === 0 && cells.length > 0) throw analysisErrors.emptyInput('seed cells with n > 0');
  const out: SeedAggregate[] = [];
  for (const group of [...tree.keys()].sort(cmp)) {
    const byBase = tree.get(group)!;
    const strata: Float64Array[] = [];
    const sds: Float64Array[] = [];
    let k = 0, n = 0, seeds = 0, units = 0, v = 0;
    for (const base of [...byBase.keys()].sort(cmp)) {
      const bySeed = byBase.get(base)!;
      const keys = [...bySeed.keys()].sort((a, b) => a - b);
      strata.push(Float64Array.from(keys, (s) => { const c = bySeed.get(s)!; k += c.k; n += c.n; units += c.units; return c.k / c.n; }));
      const sd = Float64Array.from(keys, (s) => {
        const c = bySeed.get(s)!;
        // CR1 variance of the seed's pooled rate: G/(G-1) * ss / n^2 (G = episodes in the seed).
        return c.units > 1 ? Math.sqrt(((c.units / (c.units - 1)) * c.ss) / (c.n * c.n)) : 0;
      });
      sds.push(sd);
      let vb = 0;
      for (const x of sd) vb += x * x;
      v += vb / (keys.length * keys.length);
      seeds += keys.length;
    }
    const boot = stratifiedBootstrap(strata, {
      ...(opts.withinSeed ?? true ? { withinSd: sds } : {}),
      rng: opts.rng,
      ...(opts.replicates !== undefined ? { replicates: opts.replicates } : {}),
      ...(opts.alpha !== undefined ? { alpha: opts.alpha } : {}),
      resampleStrata: opts.resampleBases ?? false,
    });
    const S = strata.length;
    const floor = exactFloor(Math.min(1, Math.max(0, boot.estimate)), units, n, v / (S * S), opts.alpha ?? 0.05);
    const lower = Math.max(0, Math.min(boot.lower, floor.lower)), upper = Math.min(1, Math.max(boot.upper, floor.upper));
    out.push({ group, k, n, bases: S, seeds, estimate: boot.estimate, lower, upper, replicates: boot.replicates, nEff: floor.nEff,
      floored: floor.lower < boot.lower || floor.upper > boot.upper,
      method: `seed-level mean, bases weighted equally; ${boot.method}; never narrower than Clopper-Pearson at the effective sample size (Korn-Graubard)` });
  }
  return out;
}
