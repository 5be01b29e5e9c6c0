/**
 * Early stopping with patience, as the three common trainers implement it, on the monitored
 * validation loss (`eval_loss`, else the train loss; see {@link monitoredSeries}); one "epoch" or
 * "evaluation" here is one logged value of the monitored series.
 *
 * - Hugging Face `transformers.EarlyStoppingCallback(early_stopping_patience=1,
 *   early_stopping_threshold=0.0)` (https://huggingface.co/docs/transformers/main_classes/callback):
 *   the counter resets when the metric is better than the best AND |metric - best| > threshold,
 *   else increments; training stops when counter >= patience.
 * - Keras `keras.callbacks.EarlyStopping(monitor='val_loss', min_delta=0, patience=0)`
 *   (https://keras.io/api/callbacks/early_stopping/): improvement iff current + min_delta < best;
 *   on no improvement wait += 1 and it stops when wait >= patience and epoch > 0 (so with
 *   patience 0, the first non-improving evaluation after the first one stops).
 * - Lightning `lightning.pytorch.callbacks.EarlyStopping(monitor='val_loss', min_delta=0.0,
 *   patience=3, mode='min', check_finite=True)` (https://lightning.ai/docs/pytorch/stable/api/lightning.pytorch.callbacks.EarlyStopping.html):
 *   stops at once on a non-finite value; improvement iff current + min_delta < best (wait = 0);
 *   else wait += 1 and it stops when wait >= patience.
 */
import { NOT_FIRED, monitoredSeries, type BaselineResult, type TrainSignal } from './types.js';

/** Parameters of {@link earlyStopping}. */
export interface EarlyStoppingParams {
  /** Evaluations without improvement tolerated, integer >= 0. */
  readonly patience: number;
  /** Required improvement (absolute) for a new best, >= 0. */
  readonly minDelta: number;
  /** Keras: never stop at the first evaluation (`epoch > 0`). */
  readonly skipFirst: boolean;
  /** Lightning: stop at once on a non-finite value. */
  readonly checkFinite: boolean;
}

/** HF EarlyStoppingCallback defaults (patience 1, threshold 0). */
export const HF_EARLY_STOPPING: EarlyStoppingParams = Object.freeze({ patience: 1, minDelta: 0, skipFirst: false, checkFinite: false });
/** Keras EarlyStopping defaults (patience 0, min_delta 0). */
export const KERAS_EARLY_STOPPING: EarlyStoppingParams = Object.freeze({ patience: 0, minDelta: 0, skipFirst: true, checkFinite: false });
/** Lightning EarlyStopping defaults (patience 3, min_delta 0, check_finite). */
export const LIGHTNING_EARLY_STOPPING: EarlyStoppingParams = Object.freeze({ patience: 3, minDelta: 0, skipFirst: false, checkFinite: true });

/**
 * Early stopping on the monitored loss (minimised).
 * @example earlyStopping([2, 1.5, 1.6].map((v, i) => ({ step: 10 * (i + 1), eval_loss: v })), HF_EARLY_STOPPING) // {fired:true, step:30}
 */
export function earlyStopping(train: readonly TrainSignal[], params: EarlyStoppingParams): BaselineResult {
  const { points } = monitoredSeries(train);
  let best = Infinity, wait = 0;
  for (let i = 0; i < points.length; i++) {
    const { step, value } = points[i]!;
    if (!Number.isFinite(value)) {
      if (params.checkFinite) return { fired: true, step };
      wait += 1; // NaN compares false: never an improvement
    } else if (value + params.minDelta < best && (best === Infinity || Math.abs(value - best) > params.minDelta)) {
      best = value; wait = 0;
      continue;
    } else {
      wait += 1;
    }
    if (wait >= params.patience && !(params.skipFirst && i === 0)) return { fired: true, step };
  }
  return NOT_FIRED;
}
