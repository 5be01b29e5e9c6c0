/**
 * train (execution): T from telemetry: started, survived K = min(surviveSteps, planned) steps,
 * all losses finite, maximum gradient norm under the bound. On a ticket whose right delivery is
 * refusal the stage passes only when no run started and no GPU time was metered. Otherwise an
 * episode without a train artifact fails with `artifact_missing` (records alone are not a delivery).
 */
import type { ReasonCode } from '../reasons.js';
import type { Playbook } from '../playbook.js';
import type { TelemetrySummary } from '../schema/records.js';
import { verdictOf, type GradeInput, type Verdict } from './verdict.js';

/** The T criterion's failing reasons for a telemetry summary ([] means T holds). */
export function trainReasons(t: TelemetrySummary, pb: Playbook): ReasonCode[] {
  if (!t.started) return ['train_not_started'];
  const r: ReasonCode[] = [];
  const k = Math.min(pb.surviveSteps, t.planned_steps);
  if (t.steps_completed < k || t.planned_steps === 0) r.push('too_few_steps');
  if (!t.all_loss_finite) r.push('nonfinite_loss');
  if (t.max_grad_norm !== null && t.max_grad_norm > pb.gradNormBound) r.push('grad_norm_exceeded');
  return r;
}

/**
 * T: started, survived K steps, finite loss, bounded gradient norm.
 * @example trainPass({started:true, planned_steps:300, steps_completed:300, all_loss_finite:true, max_grad_norm:2}, PLAYBOOK) // true
 */
export function trainPass(t: TelemetrySummary, pb: Playbook): boolean {
  return trainReasons(t, pb).length === 0;
}

/** Grades the train stage from the records. */
export function gradeTrain(x: GradeInput): Verdict {
  const t = x.records.telemetry;
  if (x.gold.refuse) return verdictOf(t.started || x.records.metering.gpu_hours > 0 ? ['ran_infeasible'] : []);
  // the stage judges the agent's delivery: with no train artifact the agent launched nothing, whatever the records hold
  if (x.artifacts.train === null) return verdictOf(['artifact_missing']);
  return verdictOf(trainReasons(t, x.playbook));
}
