/**
 * The interval shape every kernel returns, and the rule that picks the method for a cell.
 */
import { clopperPearson } from './clopper-pearson.js';
import { checkAlpha, checkCounts } from './errors.js';
import { wilson } from './wilson.js';

/** A two-sided confidence interval around a point estimate. `method` names the kernel. */
export interface Interval {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
  readonly method: string;
}

/** Counts of a binomial cell, always printed as `k/n`. */
export interface Proportion {
  readonly k: number;
  readonly n: number;
}

/** Below this many trials a cell uses Clopper-Pearson instead of Wilson (spec: small n). */
export const SMALL_N = 30;

/**
 * The spec's per-cell interval rule: Wilson score interval, except Clopper-Pearson (exact) at
 * k = 0, k = n, or n < {@link SMALL_N}. An empty cell (n = 0) gives NaN estimate and [0, 1].
 * @param k successes, integer 0..n. @param n trials. @param alpha 0 < alpha < 1 (default 0.05).
 * @throws invalid_counts, invalid_alpha.
 * @example cellInterval(0, 36).upper // 0.0974 (0/36 false alarms still allows about 10%)
 */
export function cellInterval(k: number, n: number, alpha = 0.05): Interval {
  checkCounts(k, n);
  checkAlpha(alpha);
  if (n === 0) return { estimate: NaN, lower: 0, upper: 1, level: 1 - alpha, method: 'none (n = 0)' };
  if (k === 0 || k === n || n < SMALL_N) return clopperPearson(k, n, alpha);
  return wilson(k, n, alpha);
}

/** Formats `k/n`. @example formatKn({k: 3, n: 12}) // '3/12' */
export function formatKn(p: Proportion): string {
  return `${p.k}/${p.n}`;
}
