/**
 * cost (arithmetic): reported GPU-hours and USD match metering (relative 2%), the estimate matches
 * the configurator's (2%), the stated feasibility equals the configurator's budget-and-deadline
 * feasibility, and metered USD stays within budget.
 */
import type { ReasonCode } from '../reasons.js';
import { close, verdictOf, type GradeInput, type Verdict } from './verdict.js';

const ABS_FLOOR = 1e-6;

/** Grades the cost artifact. */
export function gradeCost(x: GradeInput): Verdict {
  const a = x.artifacts.cost;
  if (a === null) return verdictOf(['artifact_missing']);
  const m = x.records.metering;
  const g = x.gold.cost;
  const tol = x.playbook.tolerance.cost;
  const r: ReasonCode[] = [];
  if (!close(a.reported_gpu_hours, m.gpu_hours, tol, ABS_FLOOR) || !close(a.reported_usd, m.usd, tol, ABS_FLOOR)) r.push('cost_mismatch');
  if (!close(a.est_gpu_hours, g.est_gpu_hours, tol) || !close(a.est_usd, g.est_usd, tol)) r.push('estimate_mismatch');
  if (a.feasible !== g.feasible) r.push('feasibility_wrong');
  if (m.usd > x.ticket.budget.usd) r.push('over_budget');
  return verdictOf(r);
}
