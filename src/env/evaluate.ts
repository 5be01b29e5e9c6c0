/**
 * `run_eval`: the agent's evaluation protocol applied to the checkpoint. On the ticket's held-out
 * split the counts are the checkpoint's held-out eval (the same counts the benchmark records as
 * the gold eval). On the training split the model is scored against the labels it was trained on
 * (stated assumption: it fits them to its arm's learnable accuracy + 0.12, except an unmasked or
 * under-trained run, which fits them no better than its held-out accuracy + 0.12), so a
 * train-split "Learned" says little. With `compare_with_base: false` the reference is chance
 * (1 / label count) and no paired test is possible: Learned := accuracy - chance >= margin.
 *   one-sided exact McNemar p = P(X >= c), X ~ Bin(b + c, 1/2); two-sided p = min(1, 2 min tail)
 *   Learned := p <= alpha and (c - b) / n >= margin
 */
import { createRng } from '../rng.js';
import { mcnemarExactGreater, type GoldEval, type Ticket } from '../oracle/index.js';
import { seedOf } from '../oracle/hash.js';
import { binomial } from '../oracle/agents/sample.js';
import { RETENTION } from '../oracle/agents/outcomes.js';
import type { ToolArgs } from './tools.js';
import type { EnvArm } from './arm.js';

/** What `run_eval` returns. */
export interface EvalResult {
  split: string;
  n: number;
  model_correct: number;
  model_accuracy: number;
  base_correct: number | null;
  base_accuracy: number | null;
  b: number | null;
  c: number | null;
  test: string;
  p: number | null;
  delta: number;
  alpha: number;
  margin: number;
  learned: boolean;
}

/** Paired counts on n items for accuracies mu0 (base) and mu1 (model), the oracle's 2x2 law. */
function pairedCounts(seed: number, n: number, mu0: number, mu1: number): GoldEval {
  const rng = createRng(seed);
  const p11 = mu1 >= mu0 ? Math.min(mu0, Math.max(RETENTION * mu0, mu1 + mu0 - 1)) : mu0 * mu1;
  const pB = mu0 - p11;
  const pC = mu1 - p11;
  const b = binomial(rng, n, pB);
  const c = binomial(rng, n - b, pC / (1 - pB));
  const both = binomial(rng, n - b - c, p11 / Math.max(1e-12, 1 - pB - pC));
  return { split: 'train', n, base_correct: both + b, model_correct: both + c, b, c };
}

/** The train-split counts of a checkpoint (see the header). */
export function trainSplitCounts(t: Ticket, arm: EnvArm, heldout: GoldEval, key: string): GoldEval {
  const mu0 = heldout.base_correct / heldout.n;
  const fitted = arm === 'unmasked' ? heldout.model_correct / heldout.n : Math.max(heldout.model_correct / heldout.n, arm === 'noise' || arm === 'permute' ? 0.75 : 0);
  const mu1 = Math.min(0.99, fitted + 0.12);
  const base = arm === 'permute' ? 1 / t.dataset.labels.count : mu0;
  return pairedCounts(seedOf('env-train-eval', key), Math.min(t.dataset.rows_train, heldout.n), base, mu1);
}

/**
 * Applies the agent's protocol to counts.
 * @example evaluate(counts, { split: 'test', compare_with_base: true, test: 'mcnemar_exact_one_sided', alpha: 0.05, margin: 0.1 }, 77).learned
 */
export function evaluate(g: GoldEval, a: ToolArgs<'run_eval'>, labelCount: number): EvalResult {
  const acc = g.model_correct / g.n;
  const common = { split: a.split, n: g.n, model_correct: g.model_correct, model_accuracy: acc, test: a.test, alpha: a.alpha, margin: a.margin };
  if (!a.compare_with_base) {
    const delta = acc - 1 / labelCount;
    return { ...common, base_correct: null, base_accuracy: null, b: null, c: null, p: null, delta, learned: delta >= a.margin - 1e-12 };
  }
  const upper = mcnemarExactGreater(g.b, g.c);
  const p = a.test === 'mcnemar_exact_one_sided' ? upper : Math.min(1, 2 * Math.min(upper, mcnemarExactGreater(g.c, g.b)));
  const delta = (g.c - g.b) / g.n;
  return { ...common, base_correct: g.base_correct, base_accuracy: g.base_correct / g.n, b: g.b, c: g.c, p, delta, learned: p <= a.alpha && delta >= a.margin - 1e-12 };
}
