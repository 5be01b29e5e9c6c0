import { checkAlpha, checkCounts } from './errors.js';
import type { Interval } from './interval.js';
import { betaQuantile } from './special.js';

/**
 * Clopper-Pearson exact interval (Clopper and Pearson 1934) by beta quantiles:
 * lower = B^{-1}(alpha/2; k, n-k+1) (0 at k = 0), upper = B^{-1}(1-alpha/2; k+1, n-k) (1 at k = n).
 * Coverage is at least 1 - alpha for every p (conservative).
 * @param k successes in [0, n]. @param n trials. @param alpha two-sided, 0 < alpha < 1.
 * @throws invalid_counts, invalid_alpha.
 * @example clopperPearson(0, 36).upper // 0.09739 ("0/36 false alarms still allows about 10%")
 */
export function clopperPearson(k: number, n: number, alpha = 0.05): Interval {
  checkCounts(k, n);
  checkAlpha(alpha);
  if (n === 0) return { estimate: NaN, lower: 0, upper: 1, level: 1 - alpha, method: 'clopper-pearson' };
  return {
    estimate: k / n,
    lower: k === 0 ? 0 : betaQuantile(alpha / 2, k, n - k + 1),
    upper: k === n ? 1 : betaQuantile(1 - alpha / 2, k + 1, n - k),
    level: 1 - alpha,
    method: 'clopper-pearson',
  };
}

/**
 * One-sided exact upper bound: the largest p with P(X <= k | n, p) >= alpha,
 * B^{-1}(1 - alpha; k+1, n-k). At k = 0 it is 1 - alpha^{1/n} ("rule of three" ~ 3/n).
 * @example clopperPearsonUpper(0, 36, 0.05) // 0.0799 (0/36 false alarms allows about 8%)
 */
export function clopperPearsonUpper(k: number, n: number, alpha = 0.05): number {
  checkCounts(k, n);
  checkAlpha(alpha);
  if (n === 0 || k === n) return 1;
  return betaQuantile(1 - alpha, k + 1, n - k);
}
