import { checkAlpha, checkCounts } from './errors.js';
import type { Interval } from './interval.js';
import { normalQuantile } from './special.js';

/**
 * Wilson score interval for a binomial proportion (Wilson 1927; Brown, Cai and DasGupta 2001):
 * centre (k + z^2/2)/(n + z^2), half-width z sqrt(k(n-k)/n + z^2/4)/(n + z^2), z = Phi^{-1}(1 - alpha/2).
 * @param k successes, integer in [0, n]. @param n trials, positive integer.
 * @param alpha 0 < alpha < 1, two-sided (default 0.05).
 * @returns the interval with estimate k/n. @throws invalid_counts, invalid_alpha.
 * @example wilson(8, 10) // {estimate: 0.8, lower: 0.490, upper: 0.943, ...}
 */
export function wilson(k: number, n: number, alpha = 0.05): Interval {
  checkCounts(k, n);
  checkAlpha(alpha);
  if (n === 0) return { estimate: NaN, lower: 0, upper: 1, level: 1 - alpha, method: 'wilson' };
  const z = normalQuantile(1 - alpha / 2);
  const z2 = z * z;
  const p = k / n;
  const denom = n + z2;
  const centre = (k + z2 / 2) / denom;
  const half = (z * Math.sqrt((k * (n - k)) / n + z2 / 4)) / denom;
  return {
    estimate: p,
    lower: k === 0 ? 0 : Math.max(0, Math.min(p, centre - half)),
    upper: k === n ? 1 : Math.min(1, Math.max(p, centre + half)),
    level: 1 - alpha,
    method: 'wilson',
  };
}
