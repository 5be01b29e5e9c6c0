/**
 * The paired design (spec detector.md §1): each probe item gives D = 1{model correct} -
 * 1{base correct} in {-1, 0, 1}; Y = (D + 1) / 2 in {0, 1/2, 1}; H0: E[D] >= delta is
 * H0: E[Y] >= m with m = (1 + delta) / 2.
 */
import type { PairedCounts } from './kernel.js';

/** One scored probe item: was the base model correct, was the checkpoint correct. */
export interface PairedItem {
  readonly base: boolean;
  readonly model: boolean;
}

/**
 * Counts the round's paired outcomes: minus = base right & model wrong (D = -1), zero = both
 * right or both wrong (D = 0), plus = model right & base wrong (D = +1).
 * @example pairedCounts([{ base: true, model: false }, { base: false, model: true }]) // {minus:1, zero:0, plus:1}
 */
export function pairedCounts(items: readonly PairedItem[]): PairedCounts {
  let minus = 0, zero = 0, plus = 0;
  for (const it of items) {
    if (it.model === it.base) zero++;
    else if (it.model) plus++;
    else minus++;
  }
  return { minus, zero, plus };
}

/** Null mean on the Y scale for H0: E[D] >= delta: m = (1 + delta) / 2. */
export function pairedNullMean(delta: number): number {
  return (1 + delta) / 2;
}

/** Maps a paired outcome D in {-1, 0, 1} to Y = (D + 1) / 2 in {0, 1/2, 1}. */
export function pairedY(d: -1 | 0 | 1): number {
  return (d + 1) / 2;
}
