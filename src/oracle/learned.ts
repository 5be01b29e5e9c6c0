/**
 * The Learned rule (mission.md "Definitions"): a one-sided paired exact McNemar test of
 * fine-tuned vs base on the held-out split rejects at alpha AND the accuracy improvement
 * (c - b) / n is at least the pre-registered margin.
 */
import type { GoldEval } from './schema/records.js';
import { mcnemarExact } from '../detector/mcnemar.js';

/**
 * One-sided exact McNemar p-value for "model better than base" in the oracle's convention
 * (b = base right / model wrong, c = base wrong / model right): P(X >= c), X ~ Binomial(b + c, 1/2).
 * A thin adapter over the detector's kernel `mcnemarExact` (whose `b` counts pairs favouring the
 * fine-tuned model), so the project has one McNemar implementation.
 * @param b, c non-negative integers. @returns p in [0, 1]; 1 when b + c = 0.
 * @throws the detector's `invalid_counts` when b or c is not a non-negative integer.
 * @example mcnemarExactGreater(0, 10) // 2^-10 = 0.0009765625
 */
export function mcnemarExactGreater(b: number, c: number): number {
  return mcnemarExact({ b: c, c: b }).p;
}

/** The oracle's verdict on a gold eval. */
export interface LearnedVerdict {
  learned: boolean;
  p: number;
  delta: number;
  base_accuracy: number;
  model_accuracy: number;
}

/**
 * Learned := p <= alpha and (c - b) / n >= margin.
 * @example learnedFrom({split:'test', n:100, base_correct:30, model_correct:60, b:5, c:35}, 0.05, 0.1).learned // true
 */
export function learnedFrom(g: GoldEval, alpha: number, margin: number): LearnedVerdict {
  const p = mcnemarExactGreater(g.b, g.c);
  const delta = (g.c - g.b) / g.n;
  return { learned: p <= alpha && delta >= margin - 1e-12, p, delta, base_accuracy: g.base_correct / g.n, model_accuracy: g.model_correct / g.n };
}
