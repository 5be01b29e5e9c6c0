/**
 * schedule (arithmetic): GPU type and count equal the configurator's cheapest minimal choice;
 * estimated hours within the playbook tolerance (5%) of the gold estimate; and within the
 * deadline whenever some schedule meets it.
 */
import type { ReasonCode } from '../reasons.js';
import { close, verdictOf, type GradeInput, type Verdict } from './verdict.js';

/** Grades the schedule artifact. */
export function gradeSchedule(x: GradeInput): Verdict {
  const a = x.artifacts.schedule;
  if (a === null) return verdictOf(['artifact_missing']);
  const g = x.gold.schedule;
  const r: ReasonCode[] = [];
  if (a.gpu_type !== g.gpu_type || a.gpus !== g.gpus) r.push('schedule_not_minimal');
  if (!close(a.est_hours, g.hours, x.playbook.tolerance.hours)) r.push('schedule_hours_mismatch');
  if (x.gold.cost.deadline_ok && a.est_hours > x.ticket.budget.deadline_hours) r.push('exceeds_deadline');
  return verdictOf(r);
}
