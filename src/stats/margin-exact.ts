/**
 * The valid Learned rule `exact_margin`: "improved by at least the margin, at level alpha", exact
 * for every n and every true gain (no asymptotics).
 *
 * Pairs give b (fine-tuned right, base wrong), c (the reverse) and n - b - c ties; the gain is
 * g = p_b - p_c. H0: g <= delta. Write disc = p_b + p_c and pi = p_b / disc: given the m = b + c
 * discordant pairs, b ~ Binomial(m, pi), and H0 is pi <= pi0(disc) = (1 + delta/disc)/2, a bound
 * that decreases in the nuisance disc. The Berger-Boos construction (Berger and Boos 1994, JASA
 * 89:1012-1016, "P values maximised over a confidence set for the nuisance parameter"):
 *   L = the exact one-sided (1 - gamma) Clopper-Pearson lower bound of disc from m of n,
 *   p = P(Binomial(m, pi0(L)) >= b) + gamma   (p = 1 when L <= delta: then H0 holds for every pi),
 *   Learned := p <= alpha, gamma = alpha / 10.
 * Validity: P(Learned) <= P(disc < L) + P(Learned, disc >= L) <= gamma + (alpha - gamma), since on
 * disc >= L the true pi is at most pi0(disc) <= pi0(L) and the binomial tail increases in pi.
 * So P(Learned) <= alpha at every gain <= delta and every n (measured sizes at gain = delta are
 * about 0.01-0.015). It depends on (b, c, n) only.
 */
import { betaQuantile } from './special.js';
import { binomCdf } from './binomial.js';

/** Share of alpha spent on the nuisance's confidence bound. */
export const EXACT_MARGIN_GAMMA_SHARE = 0.1;

/** Result of {@link marginExactTest}. */
export interface MarginExactResult {
  /** Berger-Boos p-value (includes gamma); Learned iff p <= alpha. */
  p: number;
  /** Lower (1 - gamma) bound of the discordance p_b + p_c, and the null's pi bound there. */
  discLower: number;
  pi0: number;
  gamma: number;
}

/**
 * Exact test of H0: p_b - p_c <= delta on paired counts (see the file header).
 * @param t b, c, n: non-negative integers with b + c <= n (checked by the caller).
 * @param alpha level, 0 < alpha < 1. @param delta margin, 0 <= delta < 1.
 * @returns the p-value and its parts; p = 1 with no discordant pairs.
 * @example marginExactTest({ b: 60, c: 15, n: 300 }, 0.05, 0.05).p // 0.0063 (Learned)
 */
export function marginExactTest(t: { b: number; c: number; n: number }, alpha: number, delta: number): MarginExactResult {
  const { b, c, n } = t;
  const gamma = alpha * EXACT_MARGIN_GAMMA_SHARE;
  const m = b + c;
  if (m === 0 || n === 0) return { p: 1, discLower: 0, pi0: 1, gamma };
  const L = betaQuantile(gamma, m, n - m + 1);
  if (!(L > delta)) return { p: 1, discLower: L, pi0: 1, gamma };
  const pi0 = (1 + delta / L) / 2;
  const tail = b === 0 ? 1 : 1 - binomCdf(b - 1, m, pi0);
  return { p: Math.min(1, Math.max(0, tail) + gamma), discLower: L, pi0, gamma };
}
