/** Seeded simulation helpers shared by the eprocess Monte Carlo tests (no test cases here). */
import type { Rng } from '../../src/rng.js';
import type { PairedCounts } from '../../src/eprocess/index.js';

/** Paired-outcome probabilities of one round: P(D = -1), P(D = +1); P(D = 0) is the rest. */
export interface PairedProbs { readonly pMinus: number; readonly pPlus: number }

/** Binomial(n, p) draw by inversion of the CDF with one uniform (n small, e.g. 64). */
export function binomial(rng: Rng, n: number, p: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return n;
  const u = rng.next(), r = p / (1 - p);
  let k = 0, pk = Math.pow(1 - p, n), cdf = pk;
  while (u >= cdf && k < n) { pk *= (r * (n - k)) / (k + 1); k++; cdf += pk; }
  return k;
}

/** Multinomial draw of one round of `size` items with replacement (two binomials). */
export function drawRound(rng: Rng, p: PairedProbs, size: number): PairedCounts {
  const minus = binomial(rng, size, p.pMinus);
  const rest = 1 - p.pMinus;
  const plus = rest <= 0 ? 0 : binomial(rng, size - minus, Math.min(1, p.pPlus / rest));
  return { minus, zero: size - minus - plus, plus };
}

/** Binomial standard error sqrt(p (1 - p) / n). */
export function binomialSe(p: number, n: number): number {
  return Math.sqrt((p * (1 - p)) / n);
}

/** KL(Ber(p) || Ber(q)) in nats. */
export function klBernoulli(p: number, q: number): number {
  const t = (x: number, y: number) => (x === 0 ? 0 : x * Math.log(x / y));
  return t(p, q) + t(1 - p, 1 - q);
}

/** Median of a numeric array (copy sorted). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 === 1 ? (s[(n - 1) / 2] as number) : ((s[n / 2 - 1] as number) + (s[n / 2] as number)) / 2;
}

/** Probabilities with E[D] = mean and P(D = -1) = pMinus (requires pMinus + mean within [0, 1]). */
export function probsWithMean(mean: number, pMinus: number): PairedProbs {
  return { pMinus, pPlus: pMinus + mean };
}
