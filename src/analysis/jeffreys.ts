import { checkAlpha, checkCounts } from './errors.js';
import type { Interval } from './interval.js';
import { betaQuantile } from './special.js';

/**
 * Jeffreys interval (Brown, Cai and DasGupta 2001): equal-tailed quantiles of the
 * Beta(k + 1/2, n - k + 1/2) posterior, with lower = 0 at k = 0 and upper = 1 at k = n; the
 * bounds are clamped to bracket k/n (they can miss it by a hair for k = 1 or n - 1 at small n).
 * @param k successes in [0, n]. @param n trials. @param alpha two-sided, 0 < alpha < 1.
 * @throws invalid_counts, invalid_alpha.
 * @example jeffreys(3, 12) // {estimate: 0.25, lower: 0.0713, upper: 0.5332, ...}
 */
export function jeffreys(k: number, n: number, alpha = 0.05): Interval {
  checkCounts(k, n);
  checkAlpha(alpha);
  if (n === 0) return { estimate: NaN, lower: 0, upper: 1, level: 1 - alpha, method: 'jeffreys' };
  const p = k / n;
  return {
    estimate: p,
    lower: k === 0 ? 0 : Math.min(p, betaQuantile(alpha / 2, k + 0.5, n - k + 0.5)),
    upper: k === n ? 1 : Math.max(p, betaQuantile(1 - alpha / 2, k + 0.5, n - k + 0.5)),
    level: 1 - alpha,
    method: 'jeffreys',
  };
}
