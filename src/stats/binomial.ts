/**
 * Binomial probabilities in log space: Loader's saddle-point form (C. Loader 2000, "Fast and
 * accurate computation of binomial probabilities", the method behind R's dbinom):
 *
 *   log P(X = k) = stirlerr(n) - stirlerr(k) - stirlerr(n-k) - bd0(k, np) - bd0(n-k, nq)
 *                  + (1/2) log(n / (2 pi k (n-k))),
 *   bd0(x, np) = x log(x/np) + np - x (by a series near x = np),
 *
 * accurate to ~1e-15 relative even for n = 1e7, where lgamma differences lose ~7 digits.
 */

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** Stirling's error log(n!) - [(n + 1/2) log n - n + log sqrt(2 pi)] for an integer n >= 1. */
export function stirlerr(n: number): number {
  if (n <= 15) {
    let lf = 0;
    for (let i = 2; i <= n; i++) lf += Math.log(i);
    return lf - (n + 0.5) * Math.log(n) + n - LN_SQRT_2PI;
  }
  const S0 = 1 / 12, S1 = 1 / 360, S2 = 1 / 1260, S3 = 1 / 1680, S4 = 1 / 1188;
  const nn = n * n;
  if (n > 500) return (S0 - S1 / nn) / n;
  if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
  if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
  return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/** Deviance term bd0(x, np) = x log(x/np) + np - x, accurate when x is close to np. */
export function bd0(x: number, np: number): number {
  if (Math.abs(x - np) < 0.1 * (x + np)) {
    let v = (x - np) / (x + np);
    let s = (x - np) * v;
    let ej = 2 * x * v;
    v *= v;
    for (let j = 1; j < 1000; j++) {
      ej *= v;
      const s1 = s + ej / (2 * j + 1);
      if (s1 === s) return s1;
      s = s1;
    }
    return s;
  }
  return x * Math.log(x / np) + np - x;
}

/**
 * log P(X = k) for X ~ Binomial(n, p): integers 0 <= k <= n, 0 <= p <= 1 (-Infinity outside).
 * @example Math.exp(logBinomPmf(2, 4, 0.5)) // 0.375
 */
export function logBinomPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return -Infinity;
  const q = 1 - p;
  if (p === 0) return k === 0 ? 0 : -Infinity;
  if (q === 0) return k === n ? 0 : -Infinity;
  if (k === 0) return n * Math.log1p(-p);
  if (k === n) return n * Math.log(p);
  const lc = stirlerr(n) - stirlerr(k) - stirlerr(n - k) - bd0(k, n * p) - bd0(n - k, n * q);
  return lc + 0.5 * Math.log(n / (2 * Math.PI * k * (n - k)));
}

/** Sum of the pmf terms from k stepping by dir (away from the mode) while they matter. */
function tailFrom(k: number, n: number, p: number, dir: 1 | -1): number {
  const lr = Math.log1p(-p) - Math.log(p); // log(q / p)
  const top = logBinomPmf(k, n, p);
  let lt = top, s = 0;
  for (let j = k; j >= 0 && j <= n; j += dir) {
    s += Math.exp(lt - top);
    // pmf(j - 1) / pmf(j) = j / (n - j + 1) * q / p ; pmf(j + 1) / pmf(j) = (n - j) / (j + 1) * p / q
    lt += dir === -1 ? Math.log(j / (n - j + 1)) + lr : Math.log((n - j) / (j + 1)) - lr;
    if (lt < top - 40) break; // started at the tail's largest term: the rest only shrink
  }
  return Math.exp(top) * s;
}

/**
 * P(X <= k) for X ~ Binomial(n, p): the tail away from the mode is summed from its largest term
 * outward (ratio recurrence, stopping below e^-40 of the sum); a tail holding the mode is
 * 1 - the other tail. O(sqrt(n)) terms at most; for probe rounds and Clopper-Pearson.
 * @example binomCdf(0, 2, 0.5) // 0.25
 */
export function binomCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  if (k < n * p) return Math.min(1, tailFrom(k, n, p, -1));
  return Math.max(0, 1 - tailFrom(k + 1, n, p, 1));
}
