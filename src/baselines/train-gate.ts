/**
 * The study's train gate T as an online alarm (docs/readme/sim.md "Definitions"): started,
 * survived K steps, finite loss, bounded gradient norm. It reuses the detector's own accumulator
 * (src/detector/train-pass.ts: K = ceil(0.1 x planned steps), gradient-norm bound 1e3) and fires
 * at the first event after which T fails for a reason that can be seen online (non-finite loss,
 * gradient norm over the bound), or at the last event when the run stopped before K steps.
 * This is the only check the study ran during training; a TBDL run passes it by definition.
 */
import { trainGateFor, trainPassInit, trainPassResult, trainPassUpdate } from '../detector/train-pass.js';
import { NOT_FIRED, type BaselineResult, type TrainSignal } from './types.js';

/** Parameters of {@link trainGate}. */
export interface TrainGateParams {
  /** Planned steps of the run (K = ceil(0.1 x planSteps)); default 300. */
  readonly planSteps: number;
}

/** The study's plan: 300 steps. */
export const TRAIN_GATE_DEFAULTS: TrainGateParams = Object.freeze({ planSteps: 300 });

/**
 * @example trainGate([{ step: 10, loss: null }]) // {fired:true, step:10}
 */
export function trainGate(train: readonly TrainSignal[], params: TrainGateParams = TRAIN_GATE_DEFAULTS): BaselineResult {
  const gate = trainGateFor(params.planSteps);
  let s = trainPassInit();
  for (const e of train) {
    s = trainPassUpdate(s, e, gate);
    if (s.nonFiniteLossStep !== null || s.gradNormStep !== null) return { fired: true, step: e.step };
  }
  const r = trainPassResult(s, gate);
  if (!r.train_pass) return { fired: true, step: train.at(-1)?.step ?? 0 };
  return NOT_FIRED;
}
