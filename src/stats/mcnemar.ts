/**
 * The exact McNemar kernel in log space (the one implementation; the detector's `mcnemarExact` and
 * the analysis' `mcnemarTest` validate their inputs and call it).
 *
 * Under H0 (no difference between the paired arms) the b discordant pairs that favour the
 * treatment are Binomial(m = b + c, 1/2) (McNemar 1947; the exact conditional form, e.g.
 * Fagerland, Lydersen and Laake 2013). One-sided p = P(X >= b) ('greater') or P(X >= c) ('less');
 * mid-p P(X > k) + P(X = k)/2 (Lancaster 1961). Tails are log-sum-exp sums of pmf terms (binomial.ts,
 * Loader's form) taken from the tail's largest term outward until the rest is below e^-40 of the
 * total; a tail that holds the mode is log1p(-other tail). O(sqrt(m)) terms at most.
 */
import { logBinomPmf } from './binomial.js';

/** log(e^a + e^b), exact at -Infinity. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const hi = Math.max(a, b);
  return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
}

/** log-sum of Binomial(m, 1/2) pmf terms from `start` stepping by `dir` to the end, while they matter. */
function sumFrom(start: number, m: number, dir: 1 | -1): number {
  let acc = -Infinity;
  for (let k = start; k >= 0 && k <= m; k += dir) {
    const t = logBinomPmf(k, m, 0.5);
    acc = logAddExp(acc, t);
    if (t < acc - 40) break; // terms only decrease from here on (we start at the tail's top)
  }
  return acc;
}

/**
 * log P(X >= k) for X ~ Binomial(m, 1/2) (0 for k <= 0, -Infinity for k > m).
 * @example Math.exp(logBinomHalfUpper(12, 15)) // 0.0176
 */
export function logBinomHalfUpper(k: number, m: number): number {
  if (k <= 0) return 0;
  if (k > m) return -Infinity;
  if (2 * k >= m) return Math.min(0, sumFrom(k, m, 1));
  // the upper tail holds the mode: 1 - P(X <= k - 1), whose terms decrease from k - 1 downward
  const lower = sumFrom(k - 1, m, -1);
  return Math.log1p(-Math.exp(lower));
}

/**
 * log of the one-sided exact McNemar p-value for non-negative integer counts (not checked here).
 * @param side 'greater' (treatment better: b large) or 'less'. @param midP mid-p variant.
 * @returns log p; 0 when b + c = 0.
 * @example Math.exp(mcnemarLogP(12, 3, 'greater', false)) // 0.0176
 */
export function mcnemarLogP(b: number, c: number, side: 'greater' | 'less', midP: boolean): number {
  const m = b + c;
  const k = side === 'greater' ? b : c; // P(X_b <= b) = P(X_c >= c), X_c = m - X_b
  if (m === 0) return 0;
  if (!midP) return logBinomHalfUpper(k, m);
  return Math.min(0, logAddExp(logBinomHalfUpper(k + 1, m), logBinomPmf(k, m, 0.5) - Math.LN2));
}
