/**
 * Predictable mean and variance estimates shared by the bet strategies and the confidence
 * sequences (Waudby-Smith & Ramdas 2023, JRSSB, "Estimating means of bounded random variables by
 * betting", §3 and Appendix B), computed from sufficient statistics n, S1 = sum y, S2 = sum y^2.
 *
 * Mean: mu_hat = (1/2 + S1) / (n + 1) (a prior pseudo-observation at 1/2, as in the paper).
 * Variance: sigma2_hat = (1/4 + Q) / (n + 1), Q = S2 - S1^2 / n the empirical sum of squares.
 * The paper's Q sums predictable residuals (y_i - mu_hat_{i-1})^2; we use the empirical sum of
 * squares instead so that a per-round update from counts is order-invariant and O(1). Either
 * choice is predictable, which is all validity needs. For y in {0, 1/2, 1} S1 and S2 are exact.
 */

/** Regularised running mean (1/2 + S1) / (n + 1), in [0, 1]. */
export function meanHat(n: number, s1: number): number {
  return (0.5 + s1) / (n + 1);
}

/** Regularised running variance (1/4 + max(0, S2 - S1^2/n)) / (n + 1), in (0, 1/4]. */
export function varHat(n: number, s1: number, s2: number): number {
  const q = n > 0 ? s2 - (s1 * s1) / n : 0;
  return (0.25 + (q > 0 ? q : 0)) / (n + 1);
}

/**
 * Predictable plug-in bet magnitude (WSR 2023 eq. (26)): sqrt(2 log(1/a) / (sigma2 t log(1 + t)))
 * with t = n + 1 the index of the next observation; `logInvAlpha` = log(1/a) (log(2/alpha) for a
 * two-sided CS). Not truncated here. A round of r items bets once with t = n + r, the plug-in
 * bet of the round's last item (r is fixed by the sampler, so the bet stays predictable); using
 * t = n + 1 would stake a whole round at the first item's large bet.
 */
export function pluginLambda(logInvAlpha: number, n: number, s1: number, s2: number, t: number = n + 1): number {
  return Math.sqrt((2 * logInvAlpha) / (varHat(n, s1, s2) * t * Math.log1p(t)));
}
