/**
 * eval (judgment): the agent evaluated on the ticket's held-out split, against the base, with the
 * one-sided exact McNemar test at the ticket's alpha and margin, and reached the oracle's Learned
 * verdict (computed from the gold held-out eval run under the gold config). On a ticket whose
 * right delivery is refusal, no eval must exist.
 */
import type { ReasonCode } from '../reasons.js';
import { verdictOf, type GradeInput, type Verdict } from './verdict.js';

/** The test name the eval artifact must state. */
export const LEARNED_TEST = 'mcnemar_exact_one_sided';

/** Grades the eval artifact. */
export function gradeEval(x: GradeInput): Verdict {
  const a = x.artifacts.eval;
  if (x.gold.refuse) return verdictOf(a !== null ? ['ran_infeasible'] : []);
  if (a === null) return verdictOf(['artifact_missing']);
  const r: ReasonCode[] = [];
  if (a.split !== x.ticket.dataset.heldout_split) r.push('wrong_split');
  if (!a.compared_with_base) r.push('no_base_comparison');
  if (a.test !== LEARNED_TEST || a.alpha !== x.ticket.goal.alpha || a.margin !== x.ticket.goal.margin) r.push('wrong_test');
  if (a.learned !== (x.learned?.learned ?? false)) r.push('learned_rule_wrong');
  return verdictOf(r);
}
