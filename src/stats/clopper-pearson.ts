/**
 * The exact Clopper-Pearson (1934) bounds by beta quantiles: the one implementation, used by the
 * analysis intervals (src/analysis/clopper-pearson.ts checks inputs and builds its Interval) and the
 * detector's per-round interval (src/detector/cs.ts). Inputs are not checked here.
 *   lower = B^{-1}(alpha/2; k, n - k + 1) (0 at k = 0),
 *   upper = B^{-1}(1 - alpha/2; k + 1, n - k) (1 at k = n).
 */
import { betaQuantile } from './special.js';

/**
 * Two-sided exact bounds for k successes of n >= 1 trials at level 1 - alpha.
 * @example clopperPearsonBounds(0, 10, 0.05).upper // 0.3085 (= 1 - 0.025^(1/10))
 */
export function clopperPearsonBounds(k: number, n: number, alpha: number): { lower: number; upper: number } {
  return {
    lower: k === 0 ? 0 : betaQuantile(alpha / 2, k, n - k + 1),
    upper: k === n ? 1 : betaQuantile(1 - alpha / 2, k + 1, n - k),
  };
}

/**
 * One-sided exact upper bound: the largest p with P(X <= k | n, p) >= alpha (1 at k = n or n = 0).
 * @example clopperPearsonUpperBound(0, 36, 0.05) // 0.0799
 */
export function clopperPearsonUpperBound(k: number, n: number, alpha: number): number {
  if (n === 0 || k === n) return 1;
  return betaQuantile(1 - alpha, k + 1, n - k);
}

/**
 * One-sided exact lower bound: the smallest p with P(X >= k | n, p) >= alpha (0 at k = 0).
 * @example clopperPearsonLowerBound(36, 36, 0.05) // 0.9201
 */
export function clopperPearsonLowerBound(k: number, n: number, alpha: number): number {
  if (k === 0) return 0;
  return betaQuantile(alpha, k, n - k + 1);
}
