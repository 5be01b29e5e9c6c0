/**
 * Confidence interval for the difference of two paired proportions by inverting Tango's score
 * test (Tango 1998, "Equivalence test and confidence interval for the difference in proportions
 * for the paired-sample design", Stat Med 17:891-908). With b = pairs where treatment passes and
 * control fails, c = the reverse, n pairs and delta = (b - c)/n:
 *   Z(d) = (b - c - n d) / sqrt(n (2 q(d) + d (1 - d))),
 *   q(d) = (sqrt(W^2 + 8 n c d (1 - d)) - W) / (4 n),  W = -b - c + (2 n - b + c) d,
 * q(d) being the restricted MLE of P(control only) under delta = d; the interval is
 * {d in [-1, 1] : |Z(d)| <= z_{1-alpha/2}}, found by bisection (Z decreases in d).
 * Unlike the Wald interval and Newcombe's hybrid (which is [0, 0] at b = c = 0 with perfectly
 * correlated margins) it never collapses to a point: 0 discordant of 41 pairs gives about
 * [-0.086, 0.086]. Needs only b, c and n (the concordant split does not enter). The computation is
 * the src/stats kernel (stats/paired-diff.ts); this wrapper checks the inputs.
 */
import { analysisErrors, checkAlpha } from './errors.js';
import type { Interval } from './interval.js';
import { tangoInterval, type PairedCounts } from '../stats/paired-diff.js';

export type { PairedCounts } from '../stats/paired-diff.js';
export { tangoScore } from '../stats/paired-diff.js';

/**
 * Tango's score interval for p_treatment - p_control on paired data.
 * @param t b, c (non-negative integers) and n pairs (n >= max(1, b + c)).
 * @param alpha two-sided, 0 < alpha < 1 (default 0.05).
 * @returns estimate (b - c)/n and [lower, upper] within [-1, 1], bracketing the estimate.
 * @throws invalid_counts, invalid_alpha.
 * @example pairedDiffInterval({b: 12, c: 2, n: 50}) // estimate 0.2, about [0.056, 0.345]
 */
export function pairedDiffInterval(t: PairedCounts, alpha = 0.05): Interval {
  const { b, c, n } = t;
  for (const [k, v] of [['b', b], ['c', c], ['n', n]] as const) {
    if (!Number.isInteger(v) || v < 0) throw analysisErrors.invalidCounts(k, v);
  }
  if (n < 1 || b + c > n) throw analysisErrors.invalidCounts('n', n, `an integer >= max(1, b + c = ${b + c})`);
  checkAlpha(alpha);
  const { estimate: est, lower, upper } = tangoInterval(t, alpha);
  return { estimate: est, lower: Math.min(est, lower), upper: Math.max(est, upper), level: 1 - alpha, method: 'tango score (paired)' };
}
