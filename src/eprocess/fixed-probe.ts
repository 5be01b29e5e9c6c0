/**
 * The fixed-probe combiner (spec detector.md §1): when the same items are re-scored every round,
 * pooling them into one wealth process is invalid; instead combine one e-value per round by
 *
 *   S_T = sum_{k <= T} w_k E_k,  w_k = 1 / (k (k + 1))   (sum_k w_k = 1).
 *
 * Valid under ANY dependence between rounds: S_T is nondecreasing in T and
 * E[sup_T S_T] = E[S_inf] <= sum_k w_k E[E_k] <= 1, so P(sup_T S_T >= 1/alpha) <= alpha by Markov.
 * Each E_k must be an e-value on its own (use roundGridLogEValue: no data-dependent bet). The
 * evidence is capped by the probe's size: E_k cannot exceed the best single-round factor.
 */
import { issues, fail } from './errors.js';

/** Plain-JSON state; read it with {@link fixedProbeCombinerLogValue}. */
export interface FixedProbeCombinerState { readonly kind: 'fixedProbe'; readonly k: number; readonly logS: number }

/** Starts the combiner at S_0 = 0 (log value -Infinity). */
export function fixedProbeCombinerInit(): FixedProbeCombinerState {
  return { kind: 'fixedProbe', k: 0, logS: 0 };
}

/**
 * Adds round k's e-value with weight 1/(k(k+1)). Pure.
 * @throws {EProcessError} invalid_evalue when logE is NaN or +Infinity.
 * @example fixedProbeCombinerLogValue(fixedProbeCombinerUpdate(fixedProbeCombinerInit(), Math.log(4))) // log 2
 */
export function fixedProbeCombinerUpdate(state: FixedProbeCombinerState, logE: number): FixedProbeCombinerState {
  if (!(typeof logE === 'number' && logE < Infinity) || Number.isNaN(logE)) fail(issues.invalidEValue(state.k, logE));
  const k = state.k + 1;
  const term = logE - Math.log(k) - Math.log1p(k);
  if (state.k === 0) return { kind: 'fixedProbe', k, logS: term };
  const a = state.logS, b = term;
  const mx = a > b ? a : b;
  const logS = mx === -Infinity ? -Infinity : mx + Math.log(Math.exp(a - mx) + Math.exp(b - mx));
  return { kind: 'fixedProbe', k, logS };
}

/** Current log S_T (-Infinity before the first round). Alarm when >= log(1/alpha). */
export function fixedProbeCombinerLogValue(state: FixedProbeCombinerState): number {
  return state.k === 0 ? -Infinity : state.logS;
}

/** Adds many rounds' log e-values in one call; identical to folding the single update. Pure. */
export function fixedProbeCombinerUpdateMany(state: FixedProbeCombinerState, logEs: ArrayLike<number>): FixedProbeCombinerState {
  let s = state;
  for (let i = 0; i < logEs.length; i++) s = fixedProbeCombinerUpdate(s, logEs[i] as number);
  return s;
}
