/**
 * Minimum detectable effect for two proportions (two-sided z test of p1 = p2 with pooled null
 * variance; Fleiss, Levin and Paik 2003 eq. 4.14): the smallest delta > 0 with
 * z_{1-alpha/2} sqrt(pbar(1-pbar)(1/n1 + 1/n2)) + z_{power} sqrt(p1 q1/n1 + p2 q2/n2) <= |delta|,
 * p2 = p1 + delta (or p1 - delta with direction 'down'), pbar = (n1 p1 + n2 p2)/(n1 + n2).
 * Solved by bisection. Paired designs are treated as independent arms, which is conservative
 * when the pairs correlate positively (state it beside every null result).
 */
import { analysisErrors, checkAlpha } from './errors.js';
import { normalQuantile } from './special.js';

/** Inputs of {@link minimumDetectableEffect}. */
export interface MdeInput {
  readonly n1: number;
  readonly n2: number;
  /** Baseline proportion of arm 1, 0 <= p1 <= 1. */
  readonly p1: number;
  readonly alpha?: number;
  readonly power?: number;
  /** Search an increase ('up', default) or a decrease ('down') from p1. */
  readonly direction?: 'up' | 'down';
}

/**
 * @returns the MDE delta in (0, 1], or NaN when even the largest possible change is not
 * detectable at this n. @throws invalid_counts, invalid_alpha, invalid_probability.
 * @example minimumDetectableEffect({n1: 100, n2: 100, p1: 0.5}) // about 0.192
 */
export function minimumDetectableEffect(inp: MdeInput): number {
  const { n1, n2, p1 } = inp;
  const alpha = inp.alpha ?? 0.05;
  const power = inp.power ?? 0.8;
  checkAlpha(alpha);
  if (!(power > 0 && power < 1)) throw analysisErrors.invalidProbability('power', power);
  if (!(p1 >= 0 && p1 <= 1)) throw analysisErrors.invalidProbability('p1', p1);
  if (!Number.isInteger(n1) || n1 < 1) throw analysisErrors.invalidCounts('n1', n1, 'a positive integer');
  if (!Number.isInteger(n2) || n2 < 1) throw analysisErrors.invalidCounts('n2', n2, 'a positive integer');
  const za = normalQuantile(1 - alpha / 2), zb = normalQuantile(power);
  const sign = inp.direction === 'down' ? -1 : 1;
  const maxDelta = sign > 0 ? 1 - p1 : p1;
  const gap = (d: number): number => {
    const p2 = p1 + sign * d;
    const pbar = (n1 * p1 + n2 * p2) / (n1 + n2);
    const need = za * Math.sqrt(pbar * (1 - pbar) * (1 / n1 + 1 / n2)) + zb * Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
    return d - need;
  };
  if (!(maxDelta > 0) || gap(maxDelta) < 0) return NaN;
  let lo = 0, hi = maxDelta;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (gap(mid) >= 0) hi = mid; else lo = mid;
  }
  return hi;
}
