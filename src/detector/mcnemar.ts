/**
 * The exact McNemar test as a kernel (style.md item 2): given the discordant counts of a paired
 * 2x2 table, the one-sided exact p-value, computed in log space so that it never underflows.
 *
 * Under H0 (no difference between fine-tuned and base) the b discordant pairs that favour the
 * fine-tuned model are Binomial(m = b + c, 1/2) (McNemar 1947; the exact conditional form, e.g.
 * Fagerland, Lydersen and Laake 2013). `side: 'greater'` tests H1: the fine-tuned model is better,
 * p = P(X >= b). The mid-p variant is P(X > b) + P(X = b)/2 (Lancaster 1961).
 *
 * Binomial terms come from binomial.ts (Loader's saddle-point form), accurate to ~1e-15 relative
 * even for m = 1e7. Tails are log-sum-exp sums of pmf terms taken
 * from the tail's largest term outward until the rest is below e^-40 of the total; a tail that holds
 * the mode is computed as log1p(-other tail). Cost O(sqrt(m)) terms at most.
 */
import { detectorErrors } from './errors.js';
import { logBinomPmf } from './binomial.js';

/** Which alternative: 'greater' = fine-tuned better (b large), 'less' = fine-tuned worse. */
export type McnemarSide = 'greater' | 'less';

/** Options of {@link mcnemarExact}. */
export interface McnemarOptions {
  /** Alternative; only one-sided tests are offered (default 'greater'). */
  side?: McnemarSide;
  /** Use the mid-p value P(X > b) + P(X = b)/2 instead of P(X >= b) (default false). */
  midP?: boolean;
}

/** Result of {@link mcnemarExact}. */
export interface McnemarResult {
  /** p-value in [0, 1] (may underflow to 0; use `logP`). */
  p: number;
  /** Natural log of the p-value, never -Infinity for a finite table. */
  logP: number;
  b: number;
  c: number;
  /** Discordant total m = b + c. */
  m: number;
  side: McnemarSide;
  midP: boolean;
}

const LN2 = Math.LN2;

/** log(e^a + e^b), exact at -Infinity. */
function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const hi = Math.max(a, b);
  return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
}

/** log-sum of pmf terms from `start` stepping by `dir` (+1 or -1) to the end, while they matter. */
function sumFrom(start: number, m: number, dir: 1 | -1): number {
  let acc = -Infinity;
  for (let k = start; k >= 0 && k <= m; k += dir) {
    const t = logBinomPmf(k, m, 0.5);
    acc = logAddExp(acc, t);
    if (t < acc - 40) break; // terms only decrease from here on (we start at the tail's top)
  }
  return acc;
}

/** log P(X >= k) for X ~ Binomial(m, 1/2). */
export function logBinomHalfUpper(k: number, m: number): number {
  if (k <= 0) return 0;
  if (k > m) return -Infinity;
  if (2 * k >= m) return Math.min(0, sumFrom(k, m, 1));
  // the upper tail holds the mode: 1 - P(X <= k - 1), whose terms decrease from k - 1 downward
  const lower = sumFrom(k - 1, m, -1);
  return Math.log1p(-Math.exp(lower));
}

function checkCount(name: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 0) throw detectorErrors.invalidCounts(name, x);
  return x;
}

/**
 * One-sided exact McNemar test on the discordant counts (the kernel; {@link learned} is the wrapper).
 * @param counts `b` = pairs where the fine-tuned model is right and the base wrong, `c` = the
 *   reverse; non-negative integers (any size: the computation is in log space).
 * @param options `side` ('greater' default: H1 fine-tuned better), `midP` (default false).
 * @returns `{p, logP, b, c, m, side, midP}`; m = 0 gives p = 1, logP = 0.
 * @throws `invalid_counts` when b or c is not a non-negative integer.
 * @example mcnemarExact({ b: 12, c: 3 }).p // 0.0176 (= P(Bin(15, 1/2) >= 12))
 */
export function mcnemarExact(counts: { b: number; c: number }, options: McnemarOptions = {}): McnemarResult {
  const b = checkCount('b', counts.b);
  const c = checkCount('c', counts.c);
  const side = options.side ?? 'greater';
  const midP = options.midP ?? false;
  const m = b + c;
  const k = side === 'greater' ? b : c; // P(X_b <= b) = P(X_c >= c), X_c = m - X_b
  let logP: number;
  if (m === 0) logP = 0;
  else if (!midP) logP = logBinomHalfUpper(k, m);
  else logP = Math.min(0, logAddExp(logBinomHalfUpper(k + 1, m), logBinomPmf(k, m, 0.5) - LN2));
  return { p: Math.exp(logP), logP, b, c, m, side, midP };
}
