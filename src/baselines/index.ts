/**
 * In-process baseline rules (what operators run today), re-implemented over protocol-v1 `train`
 * events with their tools' defaults; each rule is `(trainEvents) -> {fired, step}`.
 */
export { BASELINE_RULES, runBaselines } from './registry.js';
export type { BaselineAlarmRow } from './registry.js';
export { NOT_FIRED, monitoredSeries } from './types.js';
export type { BaselineResult, BaselineRule, TrainSignal } from './types.js';
export { trainGate, TRAIN_GATE_DEFAULTS } from './train-gate.js';
export type { TrainGateParams } from './train-gate.js';
export { lossNotDecreasing, LOSS_NOT_DECREASING_DEFAULTS } from './loss-not-decreasing.js';
export type { LossNotDecreasingParams } from './loss-not-decreasing.js';
export { overfit, OVERFIT_DEFAULTS } from './overfit.js';
export type { OverfitParams } from './overfit.js';
export { overtraining, OVERTRAINING_DEFAULTS } from './overtraining.js';
export type { OvertrainingParams } from './overtraining.js';
export { vanishingGradient, VANISHING_GRADIENT_DEFAULTS, explodingTensor, EXPLODING_TENSOR_DEFAULTS } from './gradients.js';
export type { VanishingGradientParams, ExplodingTensorParams } from './gradients.js';
export { earlyStopping, HF_EARLY_STOPPING, KERAS_EARLY_STOPPING, LIGHTNING_EARLY_STOPPING } from './early-stopping.js';
export type { EarlyStoppingParams } from './early-stopping.js';
export { plateau, PLATEAU_DEFAULTS } from './plateau.js';
export type { PlateauParams } from './plateau.js';
