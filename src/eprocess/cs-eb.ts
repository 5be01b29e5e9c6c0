/**
 * Predictable-mixture empirical-Bernstein confidence sequence (Waudby-Smith & Ramdas 2023, JRSSB,
 * Theorem 2), closed form, with a running intersection:
 *
 *   C_t = (sum lambda_i y_i) / (sum lambda_i)  +-  (log(2/alpha) + sum v_i psi_E(lambda_i)) / sum lambda_i,
 *   v_i = 4 (y_i - mu_hat_{i-1})^2,  psi_E(l) = (-log(1 - l) - l) / 4,
 *   lambda_i = min(c, sqrt(2 log(2/alpha) / (sigma2_hat_{i-1} i log(1+i)))),
 *
 * intersected with [0, 1]. O(1) per item and per round. State: plain JSON; updates pure.
 */
import { issues, fail } from './errors.js';
import { meanHat, pluginLambda } from './estimates.js';
import { checkCounts, type PairedCounts } from './betting.js';
import type { Interval } from './cs-hedged.js';

/** Options of {@link ebCsInit}: alpha in (0,1) [0.05], truncation c in (0,1) [0.5]. */
export interface EbCsOptions { alpha?: number; c?: number }

/** Plain-JSON state of an empirical-Bernstein CS. */
export interface EbCsState {
  readonly kind: 'ebCs';
  readonly alpha: number; readonly c: number;
  readonly n: number; readonly s1: number; readonly s2: number;
  readonly sumLam: number; readonly sumLamY: number; readonly sumVPsi: number;
  readonly lower: number; readonly upper: number;
}

/** psi_E(l) = (-log(1 - l) - l) / 4, 0 <= l < 1. */
export function psiE(l: number): number {
  return (-Math.log1p(-l) - l) / 4;
}

/**
 * Starts the CS at [0, 1].
 * @throws {EProcessError} invalid_alpha, invalid_truncation.
 * @example ebCsInterval(ebCsUpdate(ebCsInit(), 1)) // { lower: 0, upper: 1 } (too little data yet)
 */
export function ebCsInit(opts: EbCsOptions = {}): EbCsState {
  const { alpha = 0.05, c = 0.5 } = opts;
  if (!(alpha > 0 && alpha < 1)) fail(issues.invalidAlpha(alpha));
  if (!(c > 0 && c < 1)) fail(issues.invalidTruncation(c));
  return { kind: 'ebCs', alpha, c, n: 0, s1: 0, s2: 0, sumLam: 0, sumLamY: 0, sumVPsi: 0, lower: 0, upper: 1 };
}

function finish(s: EbCsState, n: number, s1: number, s2: number, sumLam: number, sumLamY: number, sumVPsi: number): EbCsState {
  const center = sumLamY / sumLam;
  const half = (Math.log(2 / s.alpha) + sumVPsi) / sumLam;
  return {
    kind: 'ebCs', alpha: s.alpha, c: s.c, n, s1, s2, sumLam, sumLamY, sumVPsi,
    lower: Math.max(s.lower, center - half), upper: Math.min(s.upper, center + half),
  };
}

function lambdaOf(s: EbCsState, r = 1): number {
  const l = pluginLambda(Math.log(2 / s.alpha), s.n, s.s1, s.s2, s.n + r);
  return l < s.c ? l : s.c;
}

/** Adds one observation y in [0, 1]. Pure. @throws {EProcessError} invalid_observation. */
export function ebCsUpdate(state: EbCsState, y: number): EbCsState {
  if (!(y >= 0 && y <= 1)) fail(issues.invalidObservation(y));
  const lam = lambdaOf(state), mu = meanHat(state.n, state.s1), d = y - mu;
  return finish(state, state.n + 1, state.s1 + y, state.s2 + y * y, state.sumLam + lam, state.sumLamY + lam * y, state.sumVPsi + 4 * d * d * psiE(lam));
}

/**
 * Adds a round of observations in {0, 1/2, 1} from counts (minus: 0, zero: 1/2, plus: 1) with
 * lambda and mu_hat fixed at the round's start (both predictable), so the sums are exact. Pure.
 * @throws {EProcessError} invalid_counts.
 */
export function ebCsUpdateRound(state: EbCsState, counts: PairedCounts): EbCsState {
  checkCounts(counts);
  const { minus: a, zero: b, plus: c } = counts;
  const r = a + b + c;
  if (r === 0) return state; // an empty round carries no information (states are never mutated)
  const lam = lambdaOf(state, r), mu = meanHat(state.n, state.s1);
  const v = 4 * (a * mu * mu + b * (0.5 - mu) * (0.5 - mu) + c * (1 - mu) * (1 - mu));
  const sy = 0.5 * b + c;
  return finish(state, state.n + r, state.s1 + sy, state.s2 + 0.25 * b + c, state.sumLam + r * lam, state.sumLamY + lam * sy, state.sumVPsi + v * psiE(lam));
}

/** The running-intersection interval {lower, upper}. */
export function ebCsInterval(state: EbCsState): Interval {
  return { lower: state.lower, upper: state.upper };
}

/** Adds many observations in one call; identical to folding {@link ebCsUpdate}. Pure. */
export function ebCsUpdateMany(state: EbCsState, ys: ArrayLike<number>): EbCsState {
  let s = state;
  for (let i = 0; i < ys.length; i++) s = ebCsUpdate(s, ys[i] as number);
  return s;
}
