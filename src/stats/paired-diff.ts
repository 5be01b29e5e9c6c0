/**
 * Tango's score interval for the difference of two paired proportions (Tango 1998, "Equivalence
 * test and confidence interval for the difference in proportions for the paired-sample design",
 * Stat Med 17:891-908): the one implementation, used by the analysis (src/analysis/paired-diff.ts
 * checks inputs and builds its Interval) and the detector's margin test. With b = pairs where
 * treatment passes and control fails, c = the reverse, n pairs and delta = (b - c)/n:
 *   Z(d) = (b - c - n d) / sqrt(n (2 q(d) + d (1 - d))),
 *   q(d) = (sqrt(W^2 + 8 n c d (1 - d)) - W) / (4 n),  W = -b - c + (2 n - b + c) d,
 * q(d) being the restricted MLE of P(control only) under delta = d; the interval is
 * {d in [-1, 1] : |Z(d)| <= z_{1-alpha/2}}, found by bisection (Z decreases in d).
 */
import { normalQuantile } from './special.js';

/** Discordant counts of a paired 2x2 table and the number of pairs. */
export interface PairedCounts {
  readonly b: number;
  readonly c: number;
  readonly n: number;
}

/** Tango's score statistic Z(d) (see the file header); +-Infinity where the variance is 0. */
export function tangoScore(t: PairedCounts, d: number): number {
  const { b, c, n } = t;
  const w = -b - c + (2 * n - b + c) * d;
  const q = (Math.sqrt(Math.max(0, w * w + 8 * n * c * d * (1 - d))) - w) / (4 * n);
  const num = b - c - n * d;
  const v = n * (2 * q + d * (1 - d));
  if (!(v > 0)) return num === 0 ? 0 : num > 0 ? Infinity : -Infinity;
  return num / Math.sqrt(v);
}

/**
 * Tango's two-sided (1 - alpha) interval [lower, upper] (within [-1, 1], bracketing (b - c)/n) for
 * counts with n >= max(1, b + c) (not checked here).
 * @example tangoInterval({ b: 12, c: 2, n: 50 }, 0.05) // about { lower: 0.056, upper: 0.345 }
 */
export function tangoInterval(t: PairedCounts, alpha: number): { estimate: number; lower: number; upper: number } {
  const z = normalQuantile(1 - alpha / 2);
  const est = (t.b - t.c) / t.n;
  // lower: the smallest d with Z(d) <= z; upper: the largest d with Z(d) >= -z.
  const solve = (lo: number, hi: number, inside: (d: number) => boolean, wantLow: boolean): number => {
    if (wantLow ? inside(lo) : inside(hi)) return wantLow ? lo : hi;
    for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
      const mid = (lo + hi) / 2;
      if (inside(mid) === wantLow) hi = mid; else lo = mid;
    }
    return wantLow ? hi : lo;
  };
  const lower = solve(-1, est, (d) => tangoScore(t, d) <= z, true);
  const upper = solve(est, 1, (d) => tangoScore(t, d) >= -z, false);
  return { estimate: est, lower: Math.min(est, lower), upper: Math.max(est, upper) };
}
