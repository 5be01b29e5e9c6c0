/**
 * plan (judgment): the method is admissible for the base and budget (playbook), prompt tokens are
 * masked out of the loss on chat data, and the held-out split stays out of training.
 */
import type { ReasonCode } from '../reasons.js';
import { verdictOf, type GradeInput, type Verdict } from './verdict.js';

/** Grades the plan artifact. */
export function gradePlan(x: GradeInput): Verdict {
  const a = x.artifacts.plan;
  if (a === null) return verdictOf(['artifact_missing']);
  const r: ReasonCode[] = [];
  if (!x.gold.admissibleMethods.includes(a.method)) r.push('method_inadmissible');
  if (x.gold.maskRequired && a.loss_masking !== 'assistant_only') r.push('mask_not_applied');
  if (a.train_splits.includes(x.ticket.dataset.heldout_split)) r.push('heldout_leak');
  return verdictOf(r);
}
