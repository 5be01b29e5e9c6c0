/**
 * Rates of a stage class (judgment `j`, arithmetic `a`, execution `e`, all stages `s`) pooled
 * over the stages of each episode, per group: raw k/n with a cluster-robust (CR1, cluster =
 * episode) interval, and the seed-level aggregate with its stratified bootstrap. Both aggregate
 * inside DuckDB first; only (group, base, seed) cells and per-group sums reach JavaScript.
 */
import { aggregateSeeds, type SeedAggregate, type SeedCell } from '../aggregate.js';
import type { FindingContext } from '../context.js';
import { normalQuantile } from '../special.js';
import { clopperPearsonEffective } from '../clopper-pearson.js';
import { num, rows, str } from './common.js';

/** A class rate of one group. */
export interface ClassRate {
  readonly key: string;
  readonly fields: Record<string, string>;
  readonly k: number;
  readonly n: number;
  readonly episodes: number;
  /** Cluster-robust (episode) Wald interval of the pooled rate, clipped to [0, 1]. */
  readonly crLower: number;
  readonly crUpper: number;
  readonly seed: SeedAggregate;
}

/** The stage-count prefix of a class. */
export type ClassPrefix = 'j' | 'a' | 'e' | 's';

/** Group key of a row. */
export const keyOf = (r: Record<string, unknown>, groupBy: readonly string[]): string => groupBy.map((g) => str(r, g)).join('\u0001');

/**
 * SQL of the seed cells of a class: one row per (groupBy..., base, seed) with k, n, episodes
 * (`units`) and the one-pass sums skk, skn, snn from which the within-seed CR1 variance follows.
 */
export function seedCellsSql(cls: ClassPrefix, groupBy: readonly string[], where: string): string {
  return `SELECT ${groupBy.join(', ')}, base, seed, sum(${cls}_k)::BIGINT AS k, sum(${cls}_n)::BIGINT AS n, count(*)::BIGINT AS units,
      sum(${cls}_k * ${cls}_k)::DOUBLE AS skk, sum(${cls}_k * ${cls}_n)::DOUBLE AS skn, sum(${cls}_n * ${cls}_n)::DOUBLE AS snn
    FROM ep WHERE (${where}) AND ${cls}_n > 0 GROUP BY ALL`;
}

/** Seed cells from the rows of {@link seedCellsSql} (ss = sum_e (k_e - p n_e)^2 from one-pass sums). */
export function toSeedCells(cells: readonly Record<string, unknown>[], groupBy: readonly string[]): SeedCell[] {
  return cells.map((r) => {
    const k = num(r, 'k'), n = num(r, 'n'), p = k / n;
    const ss = Math.max(0, num(r, 'skk') - 2 * p * num(r, 'skn') + p * p * num(r, 'snn'));
    return { group: keyOf(r, groupBy), base: str(r, 'base'), seed: num(r, 'seed'), k, n, units: num(r, 'units'), ss };
  });
}

/**
 * @param groupBy columns of `ep` (e.g. ['agent'] or ['agent', 'injection']).
 * @param where SQL predicate on `ep` ('TRUE' for all episodes). @param rngName names the rng stream.
 */
export async function classRates(ctx: FindingContext, cls: ClassPrefix, groupBy: readonly string[], where: string, rngName: string): Promise<ClassRate[]> {
  const g = groupBy.join(', ');
  const filt = `(${where}) AND ${cls}_n > 0`;
  const cells = await rows(ctx, seedCellsSql(cls, groupBy, where));
  const sums = await rows(ctx, `WITH t AS (SELECT ${g}, sum(${cls}_k)::DOUBLE / sum(${cls}_n) AS p FROM ep WHERE ${filt} GROUP BY ALL)
    SELECT ${groupBy.map((c) => `ep.${c}`).join(', ')}, count(*)::BIGINT AS episodes, sum(${cls}_k)::BIGINT AS k, sum(${cls}_n)::BIGINT AS n,
      sum(power(${cls}_k - t.p * ${cls}_n, 2))::DOUBLE AS ss
    FROM ep JOIN t USING (${g}) WHERE ${filt} GROUP BY ALL`);
  const aggs = aggregateSeeds(
    toSeedCells(cells, groupBy),
    { rng: ctx.rngFor(rngName), replicates: ctx.opts.replicates, alpha: ctx.opts.alpha, resampleBases: ctx.opts.resampleBases },
  );
  const byKey = new Map(aggs.map((a) => [a.group, a]));
  const z = normalQuantile(1 - ctx.opts.alpha / 2);
  return sums.map((r) => {
    const key = keyOf(r, groupBy);
    const k = num(r, 'k'), n = num(r, 'n'), G = num(r, 'episodes');
    const p = k / n;
    const se = G > 1 ? Math.sqrt((G / (G - 1)) * num(r, 'ss')) / n : NaN;
    const fields: Record<string, string> = {};
    for (const c of groupBy) fields[c] = str(r, c);
    let crLower = Math.max(0, p - z * se), crUpper = Math.min(1, p + z * se);
    // At k = 0 or k = n the CR1 Wald interval has zero width ([1, 1] at 180/180): fall back to
    // Clopper-Pearson at n_eff = episodes (the clusters), as the seed-level interval does.
    if (p === 0 || p === 1) { const cp = clopperPearsonEffective(p, G, ctx.opts.alpha); crLower = cp.lower; crUpper = cp.upper; }
    return { key, fields, k, n, episodes: G, crLower, crUpper, seed: byKey.get(key)! };
  }).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
