/**
 * Shiryaev-Roberts and CUSUM e-detectors in log space (Shin, Ramdas & Rinaldo 2024, "E-detectors:
 * a nonparametric framework for sequential change detection"), fed one e-value per round:
 *
 *   SR:    R_k = (R_{k-1} + 1) E_k,       R_0 = 0   (log: softplus(log R_{k-1}) + log E_k)
 *   CUSUM: M_k = max(M_{k-1}, 1) E_k,     M_0 = 0   (log: max(log M_{k-1}, 0) + log E_k)
 *
 * If every E_k has E[E_k | past] <= 1 under the null, R_k - k is a supermartingale, so for a run of
 * at most K rounds R_k - k + K >= 0 is a nonnegative supermartingale started at K and Ville's
 * inequality gives P(exists k <= K: R_k >= K/alpha) <= alpha. M_k <= R_k, so CUSUM inherits it.
 * States are plain JSON; updates are pure (return a new object).
 */
import { issues, fail } from './errors.js';

/** Plain-JSON state of a Shiryaev-Roberts detector; read it with {@link srLogValue}. */
export interface SrState { readonly kind: 'sr'; readonly k: number; readonly logR: number }
/** Plain-JSON state of a CUSUM detector; read it with {@link cusumLogValue}. */
export interface CusumState { readonly kind: 'cusum'; readonly k: number; readonly logM: number }

function checkLogE(logE: number): void {
  if (!(typeof logE === 'number' && logE < Infinity) || Number.isNaN(logE)) fail(issues.invalidEValue(0, logE));
}

/** log(1 + e^x), stable for all x. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** Starts a Shiryaev-Roberts e-detector at R_0 = 0 (srLogValue = -Infinity). */
export function srInit(): SrState {
  return { kind: 'sr', k: 0, logR: 0 };
}

/**
 * Feeds the round's log e-value: log R_k = log(R_{k-1} + 1) + log E_k. Pure.
 * @param logE log of an e-value for the round, valid given the past (e.g. roundLogEValue).
 * @throws {EProcessError} invalid_evalue when logE is NaN or +Infinity.
 * @example srLogValue(srUpdate(srInit(), Math.log(2))) // log 2
 */
export function srUpdate(state: SrState, logE: number): SrState {
  checkLogE(logE);
  return { kind: 'sr', k: state.k + 1, logR: (state.k === 0 ? 0 : softplus(state.logR)) + logE };
}

/** Current log R_k (-Infinity before the first round). Alarm when >= srThreshold(K, alpha). */
export function srLogValue(state: SrState): number {
  return state.k === 0 ? -Infinity : state.logR;
}

/** Starts a CUSUM e-detector at M_0 = 0 (cusumLogValue = -Infinity). */
export function cusumInit(): CusumState {
  return { kind: 'cusum', k: 0, logM: 0 };
}

/**
 * Feeds the round's log e-value: log M_k = max(log M_{k-1}, 0) + log E_k. Pure.
 * @throws {EProcessError} invalid_evalue when logE is NaN or +Infinity.
 * @example cusumLogValue(cusumUpdate(cusumInit(), -1)) // -1
 */
export function cusumUpdate(state: CusumState, logE: number): CusumState {
  checkLogE(logE);
  return { kind: 'cusum', k: state.k + 1, logM: (state.k === 0 ? 0 : Math.max(state.logM, 0)) + logE };
}

/** Current log M_k (-Infinity before the first round). */
export function cusumLogValue(state: CusumState): number {
  return state.k === 0 ? -Infinity : state.logM;
}

/**
 * Finite-horizon e-detector threshold log(K / alpha): with at most K rounds the probability of any
 * false alarm is <= alpha (see the module comment).
 * @param K horizon in rounds, integer >= 1. @param alpha level, 0 < alpha < 1.
 * @throws {EProcessError} invalid_horizon, invalid_alpha.
 * @example srThreshold(100, 0.01) // log(10000)
 */
export function srThreshold(K: number, alpha: number): number {
  if (!(Number.isInteger(K) && K >= 1)) fail(issues.invalidHorizon(K));
  if (!(alpha > 0 && alpha < 1)) fail(issues.invalidAlpha(alpha));
  return Math.log(K / alpha);
}

/** Feeds many log e-values in one call; identical to folding {@link srUpdate}. Pure. */
export function srUpdateMany(state: SrState, logEs: ArrayLike<number>): SrState {
  let s = state;
  for (let i = 0; i < logEs.length; i++) s = srUpdate(s, logEs[i] as number);
  return s;
}

/** Feeds many log e-values in one call; identical to folding {@link cusumUpdate}. Pure. */
export function cusumUpdateMany(state: CusumState, logEs: ArrayLike<number>): CusumState {
  let s = state;
  for (let i = 0; i < logEs.length; i++) s = cusumUpdate(s, logEs[i] as number);
  return s;
}
