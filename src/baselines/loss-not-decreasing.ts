/**
 * SageMaker Debugger's LossNotDecreasing rule (built-in rule; defaults from
 * https://docs.aws.amazon.com/sagemaker/latest/dg/loss-not-decreasing.html and the rule config
 * awslabs/sagemaker-debugger-rulesconfig `ruleConfigs.json`, which sets mode = TRAIN):
 * num_steps = 10, diff_percent = 0.1, increase_threshold_percent = 5, mode = TRAIN.
 *
 * "Rule evaluation happens every num_steps. The rule compares the loss for this step with the loss
 * at a step which is at least num_steps behind the current step": at the first logged step s at
 * least num_steps after the previous evaluation, with p = the last logged loss at a step <= s -
 * num_steps, the rule fires when the loss did not fall by diff_percent percent,
 * (p - loss_s) / p * 100 < diff_percent. (An increase above increase_threshold_percent fails that
 * test too, so that parameter never changes the outcome here.) A non-finite loss fires at once.
 */
import { NOT_FIRED, nonFinite, type BaselineResult, type TrainSignal } from './types.js';

/** Parameters of {@link lossNotDecreasing} (SageMaker defaults). */
export interface LossNotDecreasingParams {
  readonly numSteps: number;
  readonly diffPercent: number;
  readonly increaseThresholdPercent: number;
}

/** SageMaker's defaults. */
export const LOSS_NOT_DECREASING_DEFAULTS: LossNotDecreasingParams = Object.freeze({ numSteps: 10, diffPercent: 0.1, increaseThresholdPercent: 5 });

/**
 * Runs the rule over train events in logging order.
 * @example lossNotDecreasing([{step:10,loss:2},{step:20,loss:1.5},{step:30,loss:1.6}]) // {fired:true, step:30}
 */
export function lossNotDecreasing(train: readonly TrainSignal[], params: LossNotDecreasingParams = LOSS_NOT_DECREASING_DEFAULTS): BaselineResult {
  const seen: { step: number; loss: number }[] = [];
  let lastEval = -Infinity;
  for (const e of train) {
    if (e.loss === undefined) continue;
    if (nonFinite(e.loss)) return { fired: true, step: e.step };
    const loss = e.loss as number;
    if (e.step >= lastEval + params.numSteps) {
      let prev: number | undefined;
      for (let i = seen.length - 1; i >= 0; i--) {
        if (seen[i]!.step <= e.step - params.numSteps) { prev = seen[i]!.loss; break; }
      }
      if (prev !== undefined) {
        lastEval = e.step;
        const decrease = prev === 0 ? 0 : ((prev - loss) / Math.abs(prev)) * 100;
        if (decrease < params.diffPercent) return { fired: true, step: e.step };
      }
    }
    seen.push({ step: e.step, loss });
  }
  return NOT_FIRED;
}
