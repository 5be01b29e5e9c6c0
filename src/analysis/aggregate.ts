/**
 * Seed-level aggregation per the spec's unit hierarchy (analysis.md): an episode is
 * (agent, base, seed, condition); seeds are replicates; bases are strata.
 * 1. each (group, base, seed) cell gives one seed-level rate k/n (k, n pooled over the cell's
 *    episodes and stages; whole episodes stay inside their seed, so stage correlation is kept);
 * 2. seeds are averaged within (group, base); 3. bases are weighted equally.
 * The interval is the seeded stratified bootstrap (seeds within base), optionally two-stage.
 * The raw pooled k/n is always reported beside it.
 */
import type { Rng } from '../rng.js';
import { stratifiedBootstrap } from './bootstrap.js';
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
  readonly method: string;
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
    let k = 0, n = 0, seeds = 0;
    for (const base of [...byBase.keys()].sort(cmp)) {
      const bySeed = byBase.get(base)!;
      const keys = [...bySeed.keys()].sort((a, b) => a - b);
      strata.push(Float64Array.from(keys, (s) => { const v = bySeed.get(s)!; k += v.k; n += v.n; return v.k / v.n; }));
      sds.push(Float64Array.from(keys, (s) => {
        const v = bySeed.get(s)!;
        // CR1 variance of the seed's pooled rate: G/(G-1) * ss / n^2 (G = episodes in the seed).
        return v.units > 1 ? Math.sqrt(((v.units / (v.units - 1)) * v.ss) / (v.n * v.n)) : 0;
      }));
      seeds += keys.length;
    }
    const boot = stratifiedBootstrap(strata, {
      ...(opts.withinSeed ?? true ? { withinSd: sds } : {}),
      rng: opts.rng,
      ...(opts.replicates !== undefined ? { replicates: opts.replicates } : {}),
      ...(opts.alpha !== undefined ? { alpha: opts.alpha } : {}),
      resampleStrata: opts.resampleBases ?? false,
    });
    out.push({ group, k, n, bases: strata.length, seeds, estimate: boot.estimate, lower: Math.max(0, boot.lower), upper: Math.min(1, boot.upper), replicates: boot.replicates, method: `seed-level mean, bases weighted equally; ${boot.method}` });
  }
  return out;
}
