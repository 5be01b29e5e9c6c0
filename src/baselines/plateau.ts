/**
 * A plateau rule in the style of PyTorch's `torch.optim.lr_scheduler.ReduceLROnPlateau(mode='min',
 * factor=0.1, patience=10, threshold=1e-4, threshold_mode='rel', cooldown=0)`
 * (https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html):
 * a value is better when it is below best * (1 - threshold); otherwise num_bad_epochs += 1, and
 * the plateau is declared (the LR would be cut) when num_bad_epochs > patience. The rule "fires"
 * at the first declared plateau, on the monitored loss ({@link monitoredSeries}). Non-finite values
 * are never better (PyTorch compares them as false).
 */
import { NOT_FIRED, monitoredSeries, type BaselineResult, type TrainSignal } from './types.js';

/** Parameters of {@link plateau} (PyTorch defaults). */
export interface PlateauParams {
  readonly patience: number;
  /** Relative threshold (threshold_mode 'rel'). */
  readonly threshold: number;
}

/** ReduceLROnPlateau's defaults. */
export const PLATEAU_DEFAULTS: PlateauParams = Object.freeze({ patience: 10, threshold: 1e-4 });

/**
 * @example plateau(Array.from({ length: 12 }, (_, i) => ({ step: i, loss: 1 }))) // {fired:true, step:11}
 */
export function plateau(train: readonly TrainSignal[], params: PlateauParams = PLATEAU_DEFAULTS): BaselineResult {
  const { points } = monitoredSeries(train);
  let best = Infinity, bad = 0;
  for (const { step, value } of points) {
    if (value < best * (1 - params.threshold)) { best = value; bad = 0; } else bad += 1;
    if (bad > params.patience) return { fired: true, step };
  }
  return NOT_FIRED;
}
