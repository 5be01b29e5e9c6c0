/**
 * Small helpers shared by the findings: querying small aggregated results as rows, k/n strings,
 * and the interval columns every table repeats.
 */
import type { Cell, ColumnSpec } from '../table.js';
import { col } from '../table.js';
import type { FindingContext } from '../context.js';
import { cellInterval } from '../interval.js';

/**
 * Runs SQL and returns rows as plain objects (for small, aggregated results). Non-integer
 * numbers are rounded to 12 significant digits: DuckDB's parallel floating-point sums depend on
 * row order in the last bits, and results must not depend on the order of input rows.
 */
export async function rows(ctx: FindingContext, sql: string): Promise<Record<string, unknown>[]> {
  const t = await ctx.db.query(sql);
  return t.toArray().map((r) => {
    const o = { ...(r as object) } as Record<string, unknown>;
    for (const [k, v] of Object.entries(o)) if (typeof v === 'number' && !Number.isInteger(v) && Number.isFinite(v)) o[k] = Number(v.toPrecision(12));
    return o;
  });
}

/** `k/n` string. */
export const kn = (k: number, n: number): string => `${k}/${n}`;

/** Number field of a row (null/undefined -> NaN). */
export const num = (r: Record<string, unknown>, f: string): number => {
  const v = r[f];
  return v === null || v === undefined ? NaN : Number(v);
};

/** String field of a row. */
export const str = (r: Record<string, unknown>, f: string): string => String(r[f] ?? '');

/** Columns `<p>k, <p>n, <p>kn, <p>rate, <p>lower, <p>upper` for a per-cell interval. */
export function cellColumns(prefix = ''): ColumnSpec[] {
  return [col(`${prefix}k`, 'INTEGER'), col(`${prefix}n`, 'INTEGER'), col(`${prefix}kn`, 'VARCHAR'), col(`${prefix}rate`, 'DOUBLE'), col(`${prefix}lower`, 'DOUBLE'), col(`${prefix}upper`, 'DOUBLE')];
}

/** Values for {@link cellColumns}: k/n with the spec's cell interval (Wilson, CP at 0/n, n/n, small n). */
export function cellValues(k: number, n: number, alpha: number, prefix = ''): Record<string, Cell> {
  const iv = cellInterval(k, n, alpha);
  return { [`${prefix}k`]: k, [`${prefix}n`]: n, [`${prefix}kn`]: kn(k, n), [`${prefix}rate`]: iv.estimate, [`${prefix}lower`]: iv.lower, [`${prefix}upper`]: iv.upper };
}

/** Columns of a seed-level aggregate: estimate, lower, upper, bases, seeds. */
export function seedColumns(prefix = 'seed_'): ColumnSpec[] {
  return [col(`${prefix}estimate`, 'DOUBLE'), col(`${prefix}lower`, 'DOUBLE'), col(`${prefix}upper`, 'DOUBLE'), col('bases', 'INTEGER'), col('seeds', 'INTEGER', 'seeds (summed over bases)')];
}

/** Method line for the per-cell interval rule. */
export const CELL_METHOD = 'k/n with Wilson score interval; Clopper-Pearson exact at k = 0, k = n or n < 30';

/** Method line for the seed-level aggregate. */
export function seedMethod(ctx: FindingContext): string {
  return `seed-level aggregate: mean over seeds within (agent, base, condition), bases weighted equally; ${ctx.opts.resampleBases ? 'two-stage' : 'stratified'} bootstrap (${ctx.opts.resampleBases ? 'bases, then seeds within base' : 'seeds resampled within base'}) with a normal within-seed stage from each seed's episode-level (CR1) SE, ${ctx.opts.replicates} replicates, percentile ${Math.round((1 - ctx.opts.alpha) * 100)}% interval, seed ${ctx.opts.seed}; ` +
    'the interval is never narrower than Clopper-Pearson at the effective sample size (Korn-Graubard 1998; n_eff = episodes at 0/n or n/n), so n/n never collapses to a point';
}

/** Sorted distinct values. */
export function distinct<T extends string | number>(xs: Iterable<T>): T[] {
  return [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
