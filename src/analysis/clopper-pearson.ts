import { analysisErrors, checkAlpha, checkCounts } from './errors.js';
import type { Interval } from './interval.js';
import { betaQuantile } from './special.js';
import { clopperPearsonBounds, clopperPearsonUpperBound } from '../stats/clopper-pearson.js';

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
  const { lower, upper } = clopperPearsonBounds(k, n, alpha); // the src/stats kernel
  return { estimate: k / n, lower, upper, level: 1 - alpha, method: 'clopper-pearson' };
}

/**
 * The canonical one-sided exact (Clopper-Pearson) upper bound of tbdl: the largest p with
 * P(X <= k | n, p) >= alpha, i.e. B^{-1}(1 - alpha; k + 1, n - k); at k = 0 it is
 * 1 - alpha^{1/n} ("rule of three" ~ 3/n); 1 at k = n or n = 0.
 *
 * The third argument is ALPHA, the one-sided error rate (0.05 for a 95% bound), not the
 * confidence level: `clopperPearsonUpper(0, 36, 0.05)` is the 95% bound 0.0799. Passing a level
 * such as 0.95 by mistake throws `invalid_alpha` (a one-sided bound with alpha >= 0.5 would lie
 * at or below the estimate, which no caller wants). (src/table1's older
 * `clopperPearsonUpper(x, n, level = 0.95)` gives the same numbers with level = 1 - alpha.)
 * @param k successes, integer 0..n. @param n trials, integer >= 0. @param alpha 0 < alpha < 0.5.
 * @returns the upper bound in (0, 1]. @throws invalid_counts, invalid_alpha.
 * @example clopperPearsonUpper(0, 36, 0.05) // 0.0799 (0/36 false alarms allows about 8%)
 */
export function clopperPearsonUpper(k: number, n: number, alpha = 0.05): number {
  checkCounts(k, n);
  if (!(alpha > 0 && alpha < 0.5)) throw analysisErrors.invalidAlpha(alpha, '0 < alpha < 0.5; alpha is the one-sided error, e.g. 0.05 for a 95% bound, not the confidence level');
  return clopperPearsonUpperBound(k, n, alpha);
}

/**
 * Clopper-Pearson interval at an effective sample size (Korn and Graubard 1998, "Confidence
 * intervals for proportions with small expected number of positive counts estimated from survey
 * data", Survey Methodology 24:193-201): the exact beta-quantile bounds with x = p n_eff and
 * n = n_eff, both possibly non-integer: lower = B^{-1}(alpha/2; x, n - x + 1) (0 at p = 0),
 * upper = B^{-1}(1 - alpha/2; x + 1, n - x) (1 at p = 1). Equals clopperPearson(k, n) for
 * integer k = p n. Used as the floor under bootstrap intervals of clustered or aggregated rates.
 * @param p estimate in [0, 1]. @param nEff effective sample size > 0. @param alpha 0 < alpha < 1.
 * @throws invalid_probability, invalid_argument, invalid_alpha.
 * @example clopperPearsonEffective(1, 41).lower // 0.914 (= 0.025^(1/41))
 */
export function clopperPearsonEffective(p: number, nEff: number, alpha = 0.05): Interval {
  if (!(p >= 0 && p <= 1)) throw analysisErrors.invalidProbability('p', p);
  if (!(nEff > 0) || !Number.isFinite(nEff)) throw analysisErrors.invalidArgument('effective sample size', nEff, 'a positive finite number');
  checkAlpha(alpha);
  const x = p * nEff;
  return {
    estimate: p,
    lower: p === 0 ? 0 : Math.min(p, betaQuantile(alpha / 2, x, nEff - x + 1)),
    upper: p === 1 ? 1 : Math.max(p, betaQuantile(1 - alpha / 2, x + 1, nEff - x)),
    level: 1 - alpha,
    method: 'clopper-pearson (effective n, Korn-Graubard)',
  };
}
