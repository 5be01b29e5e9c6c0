/**
 * The exact McNemar test as a kernel (style.md item 2): given the discordant counts of a paired
 * 2x2 table, the one-sided exact p-value, computed in log space so that it never underflows.
 *
 * Under H0 (no difference between fine-tuned and base) the b discordant pairs that favour the
 * fine-tuned model are Binomial(m = b + c, 1/2) (McNemar 1947; the exact conditional form, e.g.
 * Fagerland, Lydersen and Laake 2013). `side: 'greater'` tests H1: the fine-tuned model is better,
 * p = P(X >= b). The mid-p variant is P(X > b) + P(X = b)/2 (Lancaster 1961).
 *
 * The computation is the src/stats kernel (stats/mcnemar.ts: Loader's binomial terms, log-sum-exp
 * tails, O(sqrt(m)) terms); this wrapper checks the counts and builds the result.
 */
import { detectorErrors } from './errors.js';
import { logBinomHalfUpper, mcnemarLogP } from '../stats/mcnemar.js';

export { logBinomHalfUpper };

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
  const logP = mcnemarLogP(b, c, side, midP);
  return { p: Math.exp(logP), logP, b, c, m: b + c, side, midP };
}
