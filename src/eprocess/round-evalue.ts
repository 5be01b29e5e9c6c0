/**
 * One-round e-values for the paired design: the inputs of the e-detectors (alarm C) and of the
 * fixed-probe combiner. Each is the round's betting factor with a bet fixed before the round,
 * E_k = prod_i (1 + lambda (m - Y_i)), so E[E_k | past] <= 1 under H0: E[Y | past] >= m when the
 * round's items are i.i.d. given the checkpoint.
 */
import { issues, fail } from './errors.js';
import { checkCounts, type BettingState } from './betting.js';
import { roundLogEValueKernel, gridRoundLogMean, type PairedCounts } from './kernel.js';

/**
 * Log of the one-round e-value using the betting state's current, predictable bets (the state is
 * not advanced; call bettingUpdateRound afterwards). For grid and mixture, the equal-weight
 * average of the components' round factors.
 * @throws {EProcessError} invalid_counts.
 * @example const logE = roundLogEValue(bettingInit({ m: 0.525, strategy: 'grid' }), { minus: 30, zero: 30, plus: 4 });
 */
export function roundLogEValue(state: BettingState, counts: PairedCounts): number {
  checkCounts(counts);
  return roundLogEValueKernel(state, counts.minus, counts.zero, counts.plus);
}

/** Options of {@link roundGridLogEValue}. */
export interface RoundGridOptions {
  /** Null mean m, 0 <= m < 1. */
  m: number;
  /** Truncation c in (0, 1) [0.5]. */
  c?: number;
  /** Number of constant bets lambda_j = (c/(1-m)) j / size, j = 1..size [10]. */
  size?: number;
}

/**
 * Log of a data-free one-round e-value: the average over a grid of constant bets of the round's
 * factor. Its bets use no past data at all, so it stays an e-value when rounds re-score the same
 * items (fixed probe), where any data-dependent bet would not.
 * @throws {EProcessError} invalid_null_mean, invalid_truncation, invalid_grid, invalid_counts.
 * @example roundGridLogEValue({ minus: 40, zero: 20, plus: 4 }, { m: 0.525 }) > 0
 */
export function roundGridLogEValue(counts: PairedCounts, opts: RoundGridOptions): number {
  const { m, c = 0.5, size = 10 } = opts;
  if (!(m >= 0 && m < 1)) fail(issues.invalidNullMean(m));
  if (!(c > 0 && c < 1)) fail(issues.invalidTruncation(c));
  if (!(Number.isInteger(size) && size >= 1)) fail(issues.invalidGrid(size));
  checkCounts(counts);
  return gridRoundLogMean(c / (1 - m), size, m, counts.minus, counts.zero, counts.plus);
}
