/**
 * The train gate T (docs/readme/sim.md "Definitions"; the study's stage 5) as an online
 * accumulator over `train` events: T := started AND survived K_train steps AND every reported loss
 * finite AND every reported gradient norm finite and <= bound.
 *
 * Defaults (documented, overridable): K_train = ceil(0.1 * plan.steps) (10% of the plan; the study
 * checks survival over an early window), grad-norm bound 1e3 (SageMaker Debugger's ExplodingTensor
 * style magnitude rule; a healthy LoRA/full fine-tune logs clipped norms of O(1)-O(10)).
 * A `loss: null` or `grad_norm: null` field counts as non-finite (JSON cannot carry NaN/Inf, so
 * writers emit null for them); an absent field is "not reported" and does not count.
 */

/** Parameters of the train gate. */
export interface TrainGate {
  /** Steps the run must survive, integer >= 1. */
  minSteps: number;
  /** Upper bound on the gradient norm, > 0. */
  gradNormBound: number;
}

/**
 * Running train-gate state (plain JSON). Every field is an idempotent, order-free fold (min, max,
 * or the value at the largest step), so redelivered or reordered train events change nothing.
 */
export interface TrainPassState {
  started: boolean;
  maxStep: number | null;
  /** Loss at the largest step with a finite loss. */
  lastLoss: number | null;
  lastLossStep: number | null;
  /** Smallest step with a null (non-finite) loss, or null when none. */
  nonFiniteLossStep: number | null;
  /** Smallest step with a null or too large gradient norm, or null when none. */
  gradNormStep: number | null;
  maxGradNorm: number | null;
}

/** T with its reasons (codes) for the verdict. */
export interface TrainPassResult {
  train_pass: boolean;
  /** Empty when T holds; else some of: not_started, too_few_steps, non_finite_loss, grad_norm_exceeded. */
  reasons: string[];
  max_step: number | null;
  min_steps: number;
  grad_norm_bound: number;
}

/**
 * Default gate for a plan: K_train = ceil(0.1 * planSteps) (at least 1), bound 1e3.
 * @example trainGateFor(300) // { minSteps: 30, gradNormBound: 1000 }
 */
export function trainGateFor(planSteps: number): TrainGate {
  return { minSteps: Math.max(1, Math.ceil(0.1 * planSteps)), gradNormBound: 1e3 };
}

/** The earlier of a recorded step (or none) and `step` (module level: no closure per event). */
function minStep(cur: number | null, step: number): number {
  return cur === null ? step : Math.min(cur, step);
}

/** An empty train-gate accumulator. */
export function trainPassInit(): TrainPassState {
  return { started: false, maxStep: null, lastLoss: null, lastLossStep: null, nonFiniteLossStep: null, gradNormStep: null, maxGradNorm: null };
}

/**
 * Folds one train event into the accumulator (pure; returns a new state).
 * @param ev `step` and optional `loss`, `grad_norm` (null = non-finite).
 * @example trainPassUpdate(trainPassInit(), { step: 10, loss: 2.3, grad_norm: 1.1 }, trainGateFor(300))
 */
export function trainPassUpdate(
  s: TrainPassState,
  ev: { step: number; loss?: number | null | undefined; grad_norm?: number | null | undefined },
  gate: TrainGate,
): TrainPassState {
  const out = { ...s, started: true, maxStep: s.maxStep === null ? ev.step : Math.max(s.maxStep, ev.step) };
  if (ev.loss !== undefined) {
    if (ev.loss === null || !Number.isFinite(ev.loss)) out.nonFiniteLossStep = minStep(out.nonFiniteLossStep, ev.step);
    else if (out.lastLossStep === null || ev.step >= out.lastLossStep) { out.lastLoss = ev.loss; out.lastLossStep = ev.step; }
  }
  if (ev.grad_norm !== undefined) {
    const g = ev.grad_norm;
    if (g === null || !Number.isFinite(g) || Math.abs(g) > gate.gradNormBound) out.gradNormStep = minStep(out.gradNormStep, ev.step);
    if (g !== null && Number.isFinite(g)) out.maxGradNorm = out.maxGradNorm === null ? Math.abs(g) : Math.max(out.maxGradNorm, Math.abs(g));
  }
  return out;
}

/**
 * T from the accumulator, with reason codes.
 * @example trainPassResult(trainPassInit(), trainGateFor(300)).reasons // ['not_started']
 */
export function trainPassResult(s: TrainPassState, gate: TrainGate): TrainPassResult {
  const reasons: string[] = [];
  if (!s.started) reasons.push('not_started');
  else if (s.maxStep === null || s.maxStep < gate.minSteps) reasons.push('too_few_steps');
  if (s.nonFiniteLossStep !== null) reasons.push('non_finite_loss');
  if (s.gradNormStep !== null) reasons.push('grad_norm_exceeded');
  return { train_pass: reasons.length === 0, reasons, max_step: s.maxStep, min_steps: gate.minSteps, grad_norm_bound: gate.gradNormBound };
}
