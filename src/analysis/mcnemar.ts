/**
 * Exact McNemar test for paired contrasts: the one-sided kernel of src/stats/mcnemar.ts (log
 * space, Loader's binomial terms; the detector uses the same one) plus the two-sided test the
 * analysis needs for contrasts (do(config) vs control, rung vs neutral, trap vs clean).
 *
 * Convention: b = pairs where the treatment arm passes and the control arm fails, c = the reverse.
 * Under H0, b | m = b + c ~ Binomial(m, 1/2).
 * - greater: p = P(X >= b); less: p = P(X <= b);
 * - two-sided: p = min(1, 2 min(P(X >= b), P(X <= b))) (doubled smaller tail; equals
 *   scipy.stats.binomtest for p0 = 1/2);
 * - mid-p (Lancaster 1961): the P(X = b) term counts one half in each tail.
 * m = 0 gives p = 1.
 */
import { mcnemarLogP } from '../stats/mcnemar.js';
import { analysisErrors } from './errors.js';

/** Alternative hypothesis of a paired test. */
export type Alternative = 'greater' | 'less' | 'two-sided';

/** Discordant pair counts. */
export interface Discordant {
  readonly b: number;
  readonly c: number;
}

/** Options of {@link mcnemarTest}. */
export interface McNemarOptions {
  readonly alternative?: Alternative;
  readonly midP?: boolean;
}

/** Result of {@link mcnemarTest}: p and its natural log (finite even when p underflows). */
export interface McNemarTestResult {
  readonly b: number;
  readonly c: number;
  readonly m: number;
  readonly p: number;
  readonly logP: number;
  readonly alternative: Alternative;
  readonly midP: boolean;
  readonly method: string;
}

/**
 * Exact (binomial) McNemar test on discordant counts, one- or two-sided, optional mid-p.
 * @param d {b, c}: non-negative integers. @param opts alternative ('two-sided' default), midP (false).
 * @throws invalid_counts for negative or non-integer counts.
 * @example mcnemarTest({b: 9, c: 1}, {alternative: 'greater'}).p // 11/1024 = 0.0107421875
 */
export function mcnemarTest(d: Discordant, opts: McNemarOptions = {}): McNemarTestResult {
  const alternative = opts.alternative ?? 'two-sided';
  const midP = opts.midP ?? false;
  for (const [k, v] of [['b', d.b], ['c', d.c]] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw analysisErrors.invalidCounts(k, v);
  }
  let logP: number;
  if (alternative === 'two-sided') {
    const g = mcnemarLogP(d.b, d.c, 'greater', midP);
    const l = mcnemarLogP(d.b, d.c, 'less', midP);
    logP = d.b + d.c === 0 ? 0 : Math.min(0, Math.LN2 + Math.min(g, l));
  } else {
    logP = mcnemarLogP(d.b, d.c, alternative, midP);
  }
  return {
    b: d.b, c: d.c, m: d.b + d.c, p: Math.exp(logP), logP, alternative, midP,
    method: `exact McNemar (binomial, ${alternative}${midP ? ', mid-p' : ''})`,
  };
}

/**
 * The exact one-sided tail P(X >= b), X ~ Binomial(b + c, 1/2), as a rational number
 * sum_{i >= b} C(m, i) / 2^m (BigInt arithmetic; for reference checks, m up to a few thousand).
 * @example mcnemarTailRational({b: 9, c: 1}) // {num: 11n, den: 1024n}
 */
export function mcnemarTailRational(d: Discordant): { num: bigint; den: bigint } {
  const m = d.b + d.c;
  let num = 0n;
  let choose = 1n;
  for (let i = 0; i <= m; i++) {
    if (i >= d.b) num += choose;
    choose = (choose * BigInt(m - i)) / BigInt(i + 1);
  }
  return { num, den: 1n << BigInt(m) };
}
