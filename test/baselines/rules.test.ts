import { describe, expect, it } from 'vitest';
import {
  BASELINE_RULES, earlyStopping, explodingTensor, HF_EARLY_STOPPING, KERAS_EARLY_STOPPING, LIGHTNING_EARLY_STOPPING,
  lossNotDecreasing, overfit, overtraining, plateau, runBaselines, trainGate, vanishingGradient, type TrainSignal,
} from '../../src/baselines/index.js';

/** Train events at steps 10, 20, ... with the given losses (and eval losses when given). */
const seq = (loss: readonly number[], evalLoss?: readonly (number | null)[]): TrainSignal[] =>
  loss.map((l, i) => ({ step: 10 * (i + 1), loss: l, grad_norm: 1, ...(evalLoss && evalLoss[i] !== undefined ? { eval_loss: evalLoss[i] } : {}) }));

describe('SageMaker LossNotDecreasing (num_steps 10, diff_percent 0.1)', () => {
  it('is quiet while the loss falls by more than 0.1% per 10 steps', () => {
    expect(lossNotDecreasing(seq([3, 2.5, 2, 1.5, 1.2, 1.0]))).toEqual({ fired: false, step: null });
  });
  it('fires at the first evaluation where the decrease is below 0.1%', () => {
    expect(lossNotDecreasing(seq([3, 2.5, 2.499, 2]))).toEqual({ fired: true, step: 30 });
  });
  it('compares with the loss at least num_steps behind when logging every 3 steps (docs example: step 21 vs 9)', () => {
    const ev = [0, 3, 6, 9, 12, 15, 18, 21].map((s) => ({ step: s, loss: s === 21 ? 5 : 10 - s / 10 }));
    // at step 21, 5 vs loss at step 9 (9.1): decreasing; earlier evaluations (step 12 vs 0, ...) decrease too
    expect(lossNotDecreasing(ev)).toEqual({ fired: false, step: null });
    expect(lossNotDecreasing([...ev, { step: 33, loss: 5.5 }])).toEqual({ fired: true, step: 33 });
  });
  it('fires on a non-finite loss at once', () => {
    expect(lossNotDecreasing([{ step: 5, loss: 2 }, { step: 6, loss: null }])).toEqual({ fired: true, step: 6 });
  });
});

describe('SageMaker Overfit (patience 1, ratio_threshold 0.1)', () => {
  it('fires at the first validation whose loss exceeds the mean train loss by more than 10%', () => {
    expect(overfit(seq([2, 1.5, 1.0, 0.8], [2.05, 1.6, 1.15, 0.85]))).toEqual({ fired: true, step: 30 });
  });
  it('stays quiet with a gap under 10%, or without validation loss', () => {
    expect(overfit(seq([2, 1.5, 1.0], [2.05, 1.6, 1.09]))).toEqual({ fired: false, step: null });
    expect(overfit(seq([2, 1.5, 1.0]))).toEqual({ fired: false, step: null });
  });
});

describe('SageMaker Overtraining (patience_train 5, patience_validation 10, delta 0.01)', () => {
  it('fires when the train loss has not improved by > 0.01 for 5 logged values', () => {
    expect(overtraining(seq([1, 0.9, 0.895, 0.899, 0.892, 0.891, 0.895]))).toEqual({ fired: true, step: 70 });
  });
  it('is quiet while the loss keeps improving', () => {
    expect(overtraining(seq([1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4]))).toEqual({ fired: false, step: null });
  });
});

describe('SageMaker VanishingGradient (1e-7) and ExplodingTensor (NaN/Inf)', () => {
  it('vanishing: fires below the threshold only', () => {
    expect(vanishingGradient([{ step: 1, grad_norm: 1e-6 }, { step: 2, grad_norm: 5e-8 }])).toEqual({ fired: true, step: 2 });
    expect(vanishingGradient([{ step: 1, grad_norm: 1e-7 }])).toEqual({ fired: false, step: null });
  });
  it('exploding: fires on null (JSON NaN/Inf) loss, grad_norm or eval_loss, not on large finite values', () => {
    expect(explodingTensor([{ step: 1, loss: 1e12, grad_norm: 1e9 }])).toEqual({ fired: false, step: null });
    expect(explodingTensor([{ step: 1, loss: 1 }, { step: 2, grad_norm: null }])).toEqual({ fired: true, step: 2 });
    expect(explodingTensor([{ step: 3, eval_loss: Number.POSITIVE_INFINITY }])).toEqual({ fired: true, step: 3 });
  });
});

describe('early stopping with the trainers\' defaults, on eval_loss', () => {
  const ev = seq([3, 2, 1.5, 1.4, 1.3, 1.2], [2.0, 1.5, 1.6, 1.55, 1.58, 1.4]);
  it('HF (patience 1): stops at the first non-improving evaluation after a best', () => {
    expect(earlyStopping(ev, HF_EARLY_STOPPING)).toEqual({ fired: true, step: 30 });
  });
  it('Keras (patience 0): same here, but never at the very first evaluation', () => {
    expect(earlyStopping(ev, KERAS_EARLY_STOPPING)).toEqual({ fired: true, step: 30 });
    expect(earlyStopping(seq([1], [Number.NaN]), KERAS_EARLY_STOPPING)).toEqual({ fired: false, step: null });
  });
  it('Lightning (patience 3): needs 3 evaluations without improvement; stops at once on non-finite', () => {
    expect(earlyStopping(ev, LIGHTNING_EARLY_STOPPING)).toEqual({ fired: true, step: 50 });
    expect(earlyStopping(seq([3, 2, 1.5, 1.4], [2.0, 1.5, 1.6, 1.4]), LIGHTNING_EARLY_STOPPING)).toEqual({ fired: false, step: null });
    expect(earlyStopping(seq([3, 2], [2.0, null]), LIGHTNING_EARLY_STOPPING)).toEqual({ fired: true, step: 20 });
  });
  it('falls back to the train loss when no eval_loss is logged', () => {
    expect(earlyStopping(seq([3, 2, 2.5]), HF_EARLY_STOPPING)).toEqual({ fired: true, step: 30 });
  });
});

describe('plateau (ReduceLROnPlateau: patience 10, threshold 1e-4 rel)', () => {
  it('fires at the 11th evaluation without relative improvement > 1e-4', () => {
    const flat = [2, ...Array.from({ length: 11 }, () => 1.9999)];
    expect(plateau(seq(flat))).toEqual({ fired: true, step: 120 });
  });
  it('a tiny but sufficient relative improvement resets the count', () => {
    const slow = Array.from({ length: 30 }, (_, i) => 2 * (1 - 2e-4) ** i);
    expect(plateau(seq(slow))).toEqual({ fired: false, step: null });
  });
});

describe("the study's train gate T", () => {
  it('passes a healthy run, fires on a non-finite loss, a gradient norm over 1e3, or a run shorter than K = 30 steps', () => {
    expect(trainGate(seq([3, 2, 1.5, 1.2]))).toEqual({ fired: false, step: null });
    expect(trainGate([{ step: 10, loss: 2 }, { step: 20, loss: null }, { step: 40, loss: 1 }])).toEqual({ fired: true, step: 20 });
    expect(trainGate([{ step: 10, loss: 2, grad_norm: 5 }, { step: 40, loss: 1, grad_norm: 2000 }])).toEqual({ fired: true, step: 40 });
    expect(trainGate([{ step: 10, loss: 2 }, { step: 20, loss: 1.9 }])).toEqual({ fired: true, step: 20 });
  });
});

describe('registry', () => {
  it('documents every rule with a source, a URL and its parameters, and runs them all', () => {
    expect(BASELINE_RULES.length).toBe(10);
    for (const r of BASELINE_RULES) {
      expect(r.source.length).toBeGreaterThan(5);
      expect(r.url.length).toBeGreaterThan(5);
      expect(Object.keys(r.params).length).toBeGreaterThan(0);
    }
    const rows = runBaselines('r', seq([3, 2, 1.5, 1.2, 1.1, 1.05]));
    expect(rows.map((x) => x.rule)).toEqual(BASELINE_RULES.map((r) => r.name));
    expect(rows.find((x) => x.rule === 'train_gate')).toEqual({ run: 'r', rule: 'train_gate', fired: false, step: null });
  });
});
