/**
 * A paired comparison recorded by a finding, collected into table (h) with Holm's adjustment and
 * the minimum detectable effect beside every result.
 */
import type { FindingContext } from '../context.js';
import { minimumDetectableEffect } from '../mde.js';
import { mcnemarTest, type Alternative } from '../mcnemar.js';

/** One paired comparison (b = treatment passes, control fails; c = the reverse). */
export interface Comparison {
  readonly family: string;
  readonly agent: string;
  readonly contrast: string;
  readonly outcome: string;
  readonly pairs: number;
  readonly b: number;
  readonly c: number;
  /** Control-arm success rate (for the MDE). */
  readonly controlRate: number;
  /** Paired difference treatment - control and its interval. */
  readonly diff: number;
  readonly lower: number;
  readonly upper: number;
  readonly alternative: Alternative;
  readonly p: number;
  readonly mde: number;
}

/** Builds a comparison: exact McNemar on (b, c) and the two-proportion MDE at the stated power. */
export function makeComparison(ctx: FindingContext, f: Omit<Comparison, 'p' | 'mde'>): Comparison {
  const p = mcnemarTest({ b: f.b, c: f.c }, { alternative: f.alternative }).p;
  const p1 = Number.isFinite(f.controlRate) ? f.controlRate : 0.5;
  const mde = f.pairs > 0
    ? minimumDetectableEffect({ n1: f.pairs, n2: f.pairs, p1, alpha: ctx.opts.alpha, power: ctx.opts.power, direction: f.alternative === 'greater' || (f.alternative === 'two-sided' && p1 < 0.5) ? 'up' : 'down' })
    : NaN;
  return { ...f, p, mde };
}
