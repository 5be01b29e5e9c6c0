/**
 * The dashboard interval for the current checkpoint's pool accuracy (docs/readme/detector.md
 * section 4, "a per-round interval for the current checkpoint with a union bound over rounds").
 *
 * Round k's items are i.i.d. draws from the pool given the checkpoint, so the number it gets right
 * is Binomial(n, acc_k). The exact Clopper-Pearson interval (1934) at level alpha / K covers acc_k
 * with probability >= 1 - alpha/K; by the union bound all K rounds' intervals hold at once with
 * probability >= 1 - alpha (alpha = design.alpha, K = design.horizonRounds): a confidence
 * sequence over the planned rounds for a target that moves as the run trains. (We do not report a
 * running intersection over rounds: the checkpoint changes, so the target moves and an
 * intersection would empty as soon as the run learns.) Bounds from the src/stats kernel.
 */
import type { Design } from '../eprocess/index.js';
import { clopperPearsonBounds } from '../stats/clopper-pearson.js';
import { detectorErrors } from './errors.js';

/** Interval [lower, upper] for one round's checkpoint accuracy. */
export interface RoundInterval { lower: number; upper: number }

/**
 * Exact two-sided Clopper-Pearson interval for a binomial proportion (the src/stats kernel, beta
 * quantiles; one implementation in the project).
 * @param x successes, integer 0..n. @param n trials >= 1. @param alpha level in (0, 1).
 * @throws `invalid_counts` for a bad x or n, `invalid_alpha` for a bad alpha.
 * @example clopperPearson(0, 10, 0.05).upper // 0.3085 (= 1 - 0.025^(1/10))
 */
export function clopperPearson(x: number, n: number, alpha: number): RoundInterval {
  if (!Number.isInteger(n) || n < 1) throw detectorErrors.invalidCounts('n', n);
  if (!Number.isInteger(x) || x < 0 || x > n) throw detectorErrors.invalidCounts('x', x);
  if (!(alpha > 0 && alpha < 1)) throw detectorErrors.invalidAlpha(alpha);
  return clopperPearsonBounds(x, n, alpha);
}

/**
 * Simultaneous-over-rounds interval for the checkpoint's pool accuracy from one round.
 * @param modelCorrect items the checkpoint got right, 0..n. @param n items in the round, >= 1.
 * @param design uses alpha and horizonRounds (level alpha / K).
 * @example roundAccuracyInterval(10, 64, design({ horizonRounds: 30 })) // about { lower: 0.05, upper: 0.33 }
 */
export function roundAccuracyInterval(modelCorrect: number, n: number, design: Design): RoundInterval {
  const alpha = design.alpha / design.horizonRounds;
  let byAlpha = memo.get(alpha);
  if (byAlpha === undefined) {
    if (memo.size >= 64) memo.clear();
    byAlpha = new Map();
    memo.set(alpha, byAlpha);
  }
  const key = n * 67108864 + modelCorrect; // n, modelCorrect < 2^26 in practice; exact up to 2^53 anyway
  const hit = byAlpha.get(key);
  if (hit !== undefined) return hit;
  const iv = clopperPearson(modelCorrect, n, alpha);
  if (byAlpha.size >= 4096) byAlpha.clear();
  byAlpha.set(key, iv);
  return iv;
}

/** Deterministic cache of intervals by level, then by (n, x) (a pure function of its key; bounded). */
const memo = new Map<number, Map<number, RoundInterval>>();
