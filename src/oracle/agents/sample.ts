/**
 * Samplers on an injected Rng (no global randomness): binomial and a categorical pick.
 */
import { normal, type Rng } from '../../rng.js';

/**
 * Binomial(n, p) draw: inversion (exact) when min(np, n(1-p)) < 30, else the normal
 * approximation with continuity rounding, clamped to [0, n].
 * @example binomial(createRng(1), 100, 0.5) // an integer near 50
 */
export function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  const mean = n * p;
  if (mean < 30) {
    const q = 1 - p;
    let pmf = Math.pow(q, n);
    let cdf = pmf;
    const u = rng.next();
    let k = 0;
    while (u > cdf && k < n) {
      pmf *= ((n - k) / (k + 1)) * (p / q);
      k++;
      cdf += pmf;
    }
    return k;
  }
  const x = Math.round(mean + Math.sqrt(mean * (1 - p)) * normal(rng));
  return Math.min(n, Math.max(0, x));
}

/** Uniform pick from a non-empty list. @throws RangeError on an empty list. */
export function pick<T>(rng: Rng, xs: readonly T[]): T {
  if (xs.length === 0) throw new RangeError('invalid list: empty (expected at least one element)');
  return xs[rng.int(xs.length)] as T;
}
