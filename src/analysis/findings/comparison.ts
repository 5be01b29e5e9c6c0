/**
 * A paired comparison recorded by a finding, collected into table (h) with Holm's adjustment,
 * the paired interval of the difference (for forest plots) and the minimum detectable effect
 * beside every result. Two kinds, each coherent in itself (test, interval and MDE on the same
 * outcome): a binary outcome (exact McNemar, Tango paired score interval, two-proportion MDE)
 * and a per-pair rate outcome (paired z on the mean difference with a cluster = pair SE).
 */
import type { FindingContext } from '../context.js';
import { minimumDetectableEffect } from '../mde.js';
import { mcnemarTest, type Alternative } from '../mcnemar.js';
import { pairedDiffInterval } from '../paired-diff.js';
import { normalCdf, normalQuantile } from '../special.js';

/** One paired comparison (b = treatment passes, control fails; c = the reverse). */
export interface Comparison {
  readonly family: string;
  readonly agent: string;
  readonly contrast: string;
  readonly outcome: string;
  readonly pairs: number;
  /** Discordant counts (binary outcomes only; null for a rate outcome). */
  readonly b: number | null;
  readonly c: number | null;
  /** Control-arm success rate (for the MDE). */
  readonly controlRate: number;
  /** Paired difference treatment - control and its (1 - alpha) paired interval. */
  readonly diff: number;
  readonly lower: number;
  readonly upper: number;
  readonly alternative: Alternative;
  /** The test and interval used, in words. */
  readonly test: string;
  readonly p: number;
  readonly mde: number;
}

/** Inputs of a binary-outcome comparison: discordant counts and the control arm's successes. */
export interface BinaryComparisonInput {
  readonly family: string;
  readonly agent: string;
  readonly contrast: string;
  readonly outcome: string;
  readonly pairs: number;
  readonly b: number;
  readonly c: number;
  readonly controlK: number;
  readonly alternative: Alternative;
}

/**
 * Binary outcome: exact McNemar on (b, c), diff = (b - c)/pairs with Tango's paired score
 * interval, and the two-proportion MDE at the stated power (conservative for pairs).
 */
export function makeComparison(ctx: FindingContext, f: BinaryComparisonInput): Comparison {
  const { alpha, power } = ctx.opts;
  const p = mcnemarTest({ b: f.b, c: f.c }, { alternative: f.alternative }).p;
  const controlRate = f.pairs > 0 ? f.controlK / f.pairs : NaN;
  const p1 = Number.isFinite(controlRate) ? controlRate : 0.5;
  const mde = f.pairs > 0
    ? minimumDetectableEffect({ n1: f.pairs, n2: f.pairs, p1, alpha, power, direction: f.alternative === 'greater' || (f.alternative === 'two-sided' && p1 < 0.5) ? 'up' : 'down' })
    : NaN;
  const iv = f.pairs > 0 ? pairedDiffInterval({ b: f.b, c: f.c, n: f.pairs }, alpha) : { estimate: NaN, lower: NaN, upper: NaN };
  const { controlK: _k, ...rest } = f;
  return { ...rest, controlRate, diff: iv.estimate, lower: iv.lower, upper: iv.upper, test: 'exact McNemar; Tango paired score interval', p, mde };
}

/** Inputs of a rate-outcome comparison: mean paired difference and its cluster (pair) SE. */
export interface RateComparisonInput {
  readonly family: string;
  readonly agent: string;
  readonly contrast: string;
  readonly outcome: string;
  readonly pairs: number;
  readonly controlRate: number;
  readonly diff: number;
  readonly se: number;
}

/**
 * Rate outcome (e.g. the judgment-stage pass rate of an episode, paired across arms): two-sided
 * paired z test of diff = 0 with the cluster (pair) SE, the Wald interval diff +- z se, and the
 * MDE of that same test: (z_{1-alpha/2} + z_power) se. With se = 0 (every pair identical) p is 1
 * when diff = 0 and the interval is the point.
 */
export function makeRateComparison(ctx: FindingContext, f: RateComparisonInput): Comparison {
  const { alpha, power } = ctx.opts;
  const z = normalQuantile(1 - alpha / 2);
  const p = f.se > 0 ? 2 * (1 - normalCdf(Math.abs(f.diff) / f.se)) : f.diff === 0 ? 1 : 0;
  const mde = (z + normalQuantile(power)) * f.se;
  const { se: _se, ...rest } = f;
  return { ...rest, b: null, c: null, diff: f.diff, lower: f.diff - z * f.se, upper: f.diff + z * f.se, alternative: 'two-sided', test: 'paired z (cluster = pair); Wald interval', p, mde };
}
