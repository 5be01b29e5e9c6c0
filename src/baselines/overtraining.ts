/**
 * SageMaker Debugger's Overtraining rule (https://docs.aws.amazon.com/sagemaker/latest/dg/overtraining.html):
 * patience_train = 5, patience_validation = 10, delta = 0.01. It fires when the training loss has
 * not improved on its best by more than delta for patience_train logged values, or the validation
 * loss for patience_validation logged values ("the minimum threshold by how much the error should
 * improve before it is considered as a new optimum").
 */
import { NOT_FIRED, type BaselineResult, type TrainSignal } from './types.js';

/** Parameters of {@link overtraining} (SageMaker defaults). */
export interface OvertrainingParams {
  readonly patienceTrain: number;
  readonly patienceValidation: number;
  readonly delta: number;
}

/** SageMaker's defaults. */
export const OVERTRAINING_DEFAULTS: OvertrainingParams = Object.freeze({ patienceTrain: 5, patienceValidation: 10, delta: 0.01 });

interface Tracker { best: number; wait: number }

function stalls(t: Tracker, x: number, delta: number, patience: number): boolean {
  if (x < t.best - delta) { t.best = x; t.wait = 0; return false; }
  t.wait += 1;
  return t.wait >= patience;
}

/**
 * @example overtraining([1,0.5,0.5,0.5,0.5,0.5,0.5].map((l, i) => ({ step: i * 10, loss: l }))) // {fired:true, step:60}
 */
export function overtraining(train: readonly TrainSignal[], params: OvertrainingParams = OVERTRAINING_DEFAULTS): BaselineResult {
  const tr: Tracker = { best: Infinity, wait: 0 };
  const va: Tracker = { best: Infinity, wait: 0 };
  for (const e of train) {
    if (typeof e.loss === 'number' && Number.isFinite(e.loss) && stalls(tr, e.loss, params.delta, params.patienceTrain)) return { fired: true, step: e.step };
    if (typeof e.eval_loss === 'number' && Number.isFinite(e.eval_loss) && stalls(va, e.eval_loss, params.delta, params.patienceValidation)) return { fired: true, step: e.step };
  }
  return NOT_FIRED;
}
