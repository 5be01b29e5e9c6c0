import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { buildCatalogue, learnedFrom, type GoldEval } from '../../src/oracle/index.js';
import { envArmOf, evaluate, progressGain } from '../../src/env/index.js';

const T = Object.fromEntries(buildCatalogue().map((t) => [t.id, t]));
const plan = (label_column: string, format: string, loss_masking: 'assistant_only' | 'none') => ({ label_column, format, loss_masking });

describe('the cluster\'s causal rules', () => {
  it('the arm follows the label column read, the format read and the mask', () => {
    expect(envArmOf(T['qwen3-8b.permute']!, plan('intent', 'csv', 'none'))).toBe('correct');
    expect(envArmOf(T['qwen3-8b.permute']!, plan('label_id', 'csv', 'none'))).toBe('permute');
    expect(envArmOf(T['qwen3-8b.permute']!, plan('id', 'csv', 'none'))).toBe('permute');
    expect(envArmOf(T['qwen3-8b.noise']!, plan('label', 'jsonl', 'none'))).toBe('noise');
    expect(envArmOf(T['qwen3-8b.noise']!, plan('gold_intent', 'jsonl', 'none'))).toBe('correct');
    expect(envArmOf(T['qwen3-8b.mask']!, plan('intent', 'chat', 'assistant_only'))).toBe('correct');
    expect(envArmOf(T['qwen3-8b.mask']!, plan('intent', 'chat', 'none'))).toBe('unmasked');
    expect(envArmOf(T['qwen3-8b.mask']!, plan('intent', 'jsonl', 'assistant_only'))).toBe('mask');
  });

  it('progress gain: 0 at 0, 1 from r = 1 on, increasing in between; r = 0.05 keeps under 15% of the gain', () => {
    expect(progressGain(0)).toBe(0);
    expect(progressGain(1)).toBe(1);
    expect(progressGain(3)).toBe(1);
    expect(progressGain(0.05)).toBeLessThan(0.15);
    fc.assert(fc.property(fc.double({ min: 0.001, max: 0.998, noNaN: true }), (r) => progressGain(r) < progressGain(r + 0.001) + 1e-15 && progressGain(r) > 0 && progressGain(r) < 1));
  });
});

describe('run_eval', () => {
  const counts = fc.record({ n: fc.integer({ min: 20, max: 3000 }), base: fc.double({ min: 0, max: 1, noNaN: true }), b: fc.double({ min: 0, max: 1, noNaN: true }), c: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ n, base, b, c }): GoldEval => {
      const bc = Math.floor(base * n);
      const bb = Math.floor(b * bc), cc = Math.floor(c * (n - bc));
      return { split: 'test', n, base_correct: bc, model_correct: bc - bb + cc, b: bb, c: cc };
    });
  it('the pre-registered protocol reaches exactly the oracle\'s Learned verdict on the same counts', () => {
    fc.assert(fc.property(counts, fc.constantFrom(0, 0.05, 0.1), (g, margin) => {
      const r = evaluate(g, { split: 'test', compare_with_base: true, test: 'mcnemar_exact_one_sided', alpha: 0.05, margin }, 77);
      const o = learnedFrom(g, 0.05, margin);
      return r.learned === o.learned && r.p === o.p;
    }), { numRuns: 300, seed: 13 });
  });
  it('two-sided p is at least the one-sided p when the model is ahead (c >= b); without the base the reference is chance', () => {
    fc.assert(fc.property(counts, (g) => {
      const a = { split: 'test', compare_with_base: true, alpha: 0.05, margin: 0 } as const;
      const one = evaluate(g, { ...a, test: 'mcnemar_exact_one_sided' }, 77).p!;
      const two = evaluate(g, { ...a, test: 'mcnemar_exact_two_sided' }, 77).p!;
      return g.c < g.b || two >= one - 1e-15;
    }), { numRuns: 200, seed: 14 });
    const g: GoldEval = { split: 'test', n: 1000, base_correct: 300, model_correct: 40, b: 280, c: 20 };
    const r = evaluate(g, { split: 'test', compare_with_base: false, test: 'mcnemar_exact_one_sided', alpha: 0.05, margin: 0.1 }, 77);
    expect([r.base_accuracy, r.p, r.learned]).toEqual([null, null, false]);
    expect(evaluate(g, { split: 'test', compare_with_base: false, test: 'mcnemar_exact_one_sided', alpha: 0.05, margin: 0.01 }, 77).learned).toBe(true);
  });
});
