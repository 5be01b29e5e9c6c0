/**
 * The exact one-sided upper confidence bound for a binomial proportion (Clopper and Pearson 1934):
 * the p_u with P(X <= x; n, p_u) = 1 - level. For x = 0 it is 1 - (1 - level)^(1/n) (the "rule of
 * three" is its approximation 3/n at 95%). Solved by bisection on the log-space binomial CDF.
 */

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
  return s;
}

/** P(X <= x) for X ~ Binomial(n, p), summed in log space. */
function binomCdf(x: number, n: number, p: number): number {
  if (p <= 0) return 1;
  if (p >= 1) return x >= n ? 1 : 0;
  const lp = Math.log(p), lq = Math.log1p(-p);
  let acc = 0;
  for (let k = 0; k <= x; k++) acc += Math.exp(logChoose(n, k) + k * lp + (n - k) * lq);
  return Math.min(1, acc);
}

/**
 * Exact one-sided upper confidence bound for a proportion.
 * @param x successes (false alarms), integer 0 <= x <= n; n trials, integer >= 1.
 * @param level confidence level in (0, 1) [0.95].
 * @returns p_u in (0, 1]; 1 when x = n.
 * @throws RangeError for invalid counts or level.
 * @example clopperPearsonUpper(0, 200) // 0.014867 (= 1 - 0.05^(1/200))
 */
export function clopperPearsonUpper(x: number, n: number, level = 0.95): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`invalid n: ${n} (expected an integer >= 1)`);
  if (!Number.isInteger(x) || x < 0 || x > n) throw new RangeError(`invalid x: ${x} (expected an integer in [0, ${n}])`);
  if (!(level > 0 && level < 1)) throw new RangeError(`invalid level: ${level} (expected 0 < level < 1)`);
  const a = 1 - level;
  if (x === n) return 1;
  if (x === 0) return 1 - Math.pow(a, 1 / n);
  let lo = x / n, hi = 1;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (binomCdf(x, n, mid) > a) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}
