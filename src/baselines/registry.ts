/**
 * The baseline rules side by side (issue 3, "Baselines side by side"): one documented entry per
 * rule, with the parameters used and their source, and {@link runBaselines} to apply them all.
 */
import { earlyStopping, HF_EARLY_STOPPING, KERAS_EARLY_STOPPING, LIGHTNING_EARLY_STOPPING } from './early-stopping.js';
import { explodingTensor, EXPLODING_TENSOR_DEFAULTS, vanishingGradient, VANISHING_GRADIENT_DEFAULTS } from './gradients.js';
import { lossNotDecreasing, LOSS_NOT_DECREASING_DEFAULTS } from './loss-not-decreasing.js';
import { overfit, OVERFIT_DEFAULTS } from './overfit.js';
import { overtraining, OVERTRAINING_DEFAULTS } from './overtraining.js';
import { plateau, PLATEAU_DEFAULTS } from './plateau.js';
import { trainGate, TRAIN_GATE_DEFAULTS } from './train-gate.js';
import type { BaselineResult, BaselineRule, TrainSignal } from './types.js';

const SM = 'https://docs.aws.amazon.com/sagemaker/latest/dg/';

/** Every baseline rule, in the order of the Table 1 columns. */
export const BASELINE_RULES: readonly BaselineRule[] = Object.freeze([
  { name: 'train_gate', source: 'the study\'s train gate T (stage 5): finite loss, grad norm <= 1e3, survived ceil(0.1 x 300) steps', url: 'docs/readme/sim.md', params: { ...TRAIN_GATE_DEFAULTS, minStepsFraction: 0.1, gradNormBound: 1e3 }, apply: (t) => trainGate(t) },
  { name: 'sm_loss_not_decreasing', source: 'SageMaker Debugger LossNotDecreasing', url: `${SM}loss-not-decreasing.html`, params: { ...LOSS_NOT_DECREASING_DEFAULTS, mode: 'TRAIN' }, apply: (t) => lossNotDecreasing(t) },
  { name: 'sm_overfit', source: 'SageMaker Debugger Overfit', url: `${SM}overfit.html`, params: { ...OVERFIT_DEFAULTS }, apply: (t) => overfit(t) },
  { name: 'sm_overtraining', source: 'SageMaker Debugger Overtraining', url: `${SM}overtraining.html`, params: { ...OVERTRAINING_DEFAULTS }, apply: (t) => overtraining(t) },
  { name: 'sm_vanishing_gradient', source: 'SageMaker Debugger VanishingGradient', url: `${SM}vanishing-gradient.html`, params: { ...VANISHING_GRADIENT_DEFAULTS }, apply: (t) => vanishingGradient(t) },
  { name: 'sm_exploding_tensor', source: 'SageMaker Debugger ExplodingTensor', url: `${SM}exploding-tensor.html`, params: { ...EXPLODING_TENSOR_DEFAULTS }, apply: (t) => explodingTensor(t) },
  { name: 'hf_early_stopping', source: 'transformers.EarlyStoppingCallback', url: 'https://huggingface.co/docs/transformers/main_classes/callback', params: { ...HF_EARLY_STOPPING }, apply: (t) => earlyStopping(t, HF_EARLY_STOPPING) },
  { name: 'keras_early_stopping', source: 'keras.callbacks.EarlyStopping', url: 'https://keras.io/api/callbacks/early_stopping/', params: { ...KERAS_EARLY_STOPPING }, apply: (t) => earlyStopping(t, KERAS_EARLY_STOPPING) },
  { name: 'lightning_early_stopping', source: 'lightning.pytorch.callbacks.EarlyStopping', url: 'https://lightning.ai/docs/pytorch/stable/api/lightning.pytorch.callbacks.EarlyStopping.html', params: { ...LIGHTNING_EARLY_STOPPING }, apply: (t) => earlyStopping(t, LIGHTNING_EARLY_STOPPING) },
  { name: 'plateau', source: 'torch.optim.lr_scheduler.ReduceLROnPlateau', url: 'https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html', params: { ...PLATEAU_DEFAULTS, thresholdMode: 'rel', factor: 0.1 }, apply: (t) => plateau(t) },
]);

/** One `baseline_alarms` row (docs/results-schema.md). */
export interface BaselineAlarmRow {
  run: string;
  rule: string;
  fired: boolean;
  step: number | null;
}

/**
 * Applies every rule of {@link BASELINE_RULES} to one run's train events.
 * @param run the run id (copied into the rows); train its `train` events in logging order.
 * @returns one row per rule, in rule order.
 * @example runBaselines('r1', trainEvents).find((r) => r.rule === 'train_gate')?.fired // false
 */
export function runBaselines(run: string, train: readonly TrainSignal[]): BaselineAlarmRow[] {
  return BASELINE_RULES.map((rule) => {
    const r: BaselineResult = rule.apply(train);
    return { run, rule: rule.name, fired: r.fired, step: r.step };
  });
}
