/**
 * Two one-sided tests (TOST; Schuirmann 1987) for equivalence of two paired proportions:
 * H0: |d| >= epsilon vs H1: |d| < epsilon, where d is the paired difference (treatment - control).
 * Equivalence is declared at level alpha when both one-sided tests reject, i.e. when the
 * (1 - 2 alpha) confidence interval of d lies inside (-epsilon, epsilon).
 *
 * For a 2x2 paired table, d = (b - c)/n with the Wald SE of a paired difference,
 * se = sqrt(b + c - (b - c)^2/n)/n, computed on Agresti-Min adjusted counts (b + 1/2, c + 1/2,
 * n + 1) so that zero discordant pairs do not give a zero SE (Agresti and Min 2005).
 */
import { analysisErrors, checkAlpha } from './errors.js';
import { normalCdf, normalQuantile } from './special.js';

/** Result of a TOST: both one-sided p-values, the overall p = max, the verdict and the CI. */
export interface TostResult {
  readonly estimate: number;
  readonly se: number;
  readonly epsilon: number;
  readonly alpha: number;
  readonly pLower: number;
  readonly pUpper: number;
  readonly p: number;
  readonly equivalent: boolean;
  readonly lower: number;
  readonly upper: number;
  readonly method: string;
}

/**
 * TOST from an estimate and its standard error (normal reference distribution).
 * @param estimate the difference d. @param se its SE (> 0). @param epsilon 0 < epsilon < 1.
 * @param alpha each one-sided test's level (default 0.05; the CI shown is 1 - 2 alpha).
 * @throws invalid_epsilon, invalid_alpha, invalid_argument (se not positive).
 * @example tostFromEstimate(0.01, 0.02, 0.1).equivalent // true
 */
export function tostFromEstimate(estimate: number, se: number, epsilon: number, alpha = 0.05, method = 'TOST (normal)'): TostResult {
  if (!(epsilon > 0 && epsilon < 1)) throw analysisErrors.invalidEpsilon(epsilon);
  checkAlpha(alpha);
  if (!(se > 0) || !Number.isFinite(se)) throw analysisErrors.invalidArgument('standard error', se, 'a positive finite number');
  const pLower = 1 - normalCdf((estimate + epsilon) / se);
  const pUpper = 1 - normalCdf((epsilon - estimate) / se);
  const p = Math.max(pLower, pUpper);
  const z = normalQuantile(1 - alpha);
  return {
    estimate, se, epsilon, alpha, pLower, pUpper, p,
    equivalent: p < alpha,
    lower: estimate - z * se,
    upper: estimate + z * se,
    method,
  };
}

/**
 * TOST for paired proportions from a 2x2 table's discordant counts.
 * @param t b (treatment yes, control no), c (treatment no, control yes), n pairs (n >= b + c, n >= 1).
 * @throws invalid_counts, invalid_epsilon, invalid_alpha.
 * @example tostPaired({b: 5, c: 6, n: 200}, 0.1).equivalent // true
 */
export function tostPaired(t: { b: number; c: number; n: number }, epsilon: number, alpha = 0.05): TostResult {
  const { b, c, n } = t;
  for (const [k, v] of [['b', b], ['c', c], ['n', n]] as const) {
    if (!Number.isInteger(v) || v < 0) throw analysisErrors.invalidCounts(k, v);
  }
  if (n < 1 || b + c > n) throw analysisErrors.invalidCounts('n', n, `an integer >= max(1, b + c = ${b + c})`);
  const ba = b + 0.5, ca = c + 0.5, na = n + 1;
  const se = Math.sqrt(ba + ca - ((ba - ca) * (ba - ca)) / na) / na;
  return tostFromEstimate((b - c) / n, se, epsilon, alpha, 'TOST paired proportions (Wald, Agresti-Min adjusted SE)');
}
