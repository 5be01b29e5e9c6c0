/**
 * SageMaker Debugger's Overfit rule (https://docs.aws.amazon.com/sagemaker/latest/dg/overfit.html):
 * start_step = 0, patience = 1, ratio_threshold = 0.1. "The maximum ratio of the difference
 * between the mean validation loss and mean training loss to the mean training loss. If this
 * threshold is exceeded for a patience number of steps, the model is being overfit."
 *
 * Here: at every event with `eval_loss` (step >= start_step), ratio = (val - m) / m with m = the
 * mean train loss logged since the previous validation point (this event's included); consecutive
 * exceedances are counted and the rule fires when the count reaches `patience`. Runs that log no
 * validation loss never fire (the rule has nothing to compare).
 */
import { NOT_FIRED, type BaselineResult, type TrainSignal } from './types.js';

/** Parameters of {@link overfit} (SageMaker defaults). */
export interface OverfitParams {
  readonly startStep: number;
  readonly patience: number;
  readonly ratioThreshold: number;
}

/** SageMaker's defaults. */
export const OVERFIT_DEFAULTS: OverfitParams = Object.freeze({ startStep: 0, patience: 1, ratioThreshold: 0.1 });

/**
 * @example overfit([{step:10, loss:1, eval_loss:1.05}, {step:20, loss:0.8, eval_loss:1.0}]) // {fired:true, step:20}
 */
export function overfit(train: readonly TrainSignal[], params: OverfitParams = OVERFIT_DEFAULTS): BaselineResult {
  let sum = 0, n = 0, over = 0;
  for (const e of train) {
    if (typeof e.loss === 'number' && Number.isFinite(e.loss)) { sum += e.loss; n += 1; }
    if (typeof e.eval_loss !== 'number' || !Number.isFinite(e.eval_loss)) continue;
    if (e.step >= params.startStep && n > 0) {
      const m = sum / n;
      const ratio = m === 0 ? Infinity : (e.eval_loss - m) / Math.abs(m);
      over = ratio > params.ratioThreshold ? over + 1 : 0;
      if (over >= params.patience) return { fired: true, step: e.step };
    }
    sum = 0; n = 0;
  }
  return NOT_FIRED;
}
