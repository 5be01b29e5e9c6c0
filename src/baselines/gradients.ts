/**
 * Two SageMaker Debugger tensor rules, applied to the logged scalars:
 * - VanishingGradient (https://docs.aws.amazon.com/sagemaker/latest/dg/vanishing-gradient.html),
 *   threshold = 0.0000001: fires when the gradient magnitude falls below the threshold. The rule
 *   reads the mean absolute gradient of saved tensors; a training job logs only the global
 *   gradient norm, which is what we compare (a norm below 1e-7 implies every mean below it).
 * - ExplodingTensor (https://docs.aws.amazon.com/sagemaker/latest/dg/exploding-tensor.html),
 *   only_nan = False: fires on any NaN or infinite value; here loss, grad_norm or eval_loss logged
 *   as null (JSON writes NaN/Inf as null) or as a non-finite number.
 */
import { NOT_FIRED, nonFinite, type BaselineResult, type TrainSignal } from './types.js';

/** Parameters of {@link vanishingGradient} (SageMaker default). */
export interface VanishingGradientParams { readonly threshold: number }
/** SageMaker's default. */
export const VANISHING_GRADIENT_DEFAULTS: VanishingGradientParams = Object.freeze({ threshold: 1e-7 });

/**
 * @example vanishingGradient([{ step: 10, grad_norm: 1e-9 }]) // {fired:true, step:10}
 */
export function vanishingGradient(train: readonly TrainSignal[], params: VanishingGradientParams = VANISHING_GRADIENT_DEFAULTS): BaselineResult {
  for (const e of train) {
    if (typeof e.grad_norm === 'number' && Number.isFinite(e.grad_norm) && Math.abs(e.grad_norm) < params.threshold) return { fired: true, step: e.step };
  }
  return NOT_FIRED;
}

/** Parameters of {@link explodingTensor} (SageMaker default). */
export interface ExplodingTensorParams { readonly onlyNan: boolean }
/** SageMaker's default. */
export const EXPLODING_TENSOR_DEFAULTS: ExplodingTensorParams = Object.freeze({ onlyNan: false });

/**
 * With onlyNan, only NaN fires (a logged null counts as NaN, since JSON cannot tell them apart).
 * @example explodingTensor([{ step: 10, loss: null }]) // {fired:true, step:10}
 */
export function explodingTensor(train: readonly TrainSignal[], params: ExplodingTensorParams = EXPLODING_TENSOR_DEFAULTS): BaselineResult {
  const bad = (x: number | null | undefined): boolean =>
    params.onlyNan ? x === null || (typeof x === 'number' && Number.isNaN(x)) : nonFinite(x);
  for (const e of train) {
    if (bad(e.loss) || bad(e.grad_norm) || bad(e.eval_loss)) return { fired: true, step: e.step };
  }
  return NOT_FIRED;
}
