/**
 * intake (judgment): task, metric, label and text columns, label mapping and data format must
 * match the ticket's truth. A misread label column is what turns a correct ticket into a
 * permute-like (or noise-like) run.
 */
import type { ReasonCode } from '../reasons.js';
import { verdictOf, type GradeInput, type Verdict } from './verdict.js';

/** Grades the intake artifact against the gold intake. */
export function gradeIntake(x: GradeInput): Verdict {
  const a = x.artifacts.intake;
  if (a === null) return verdictOf(['artifact_missing']);
  const g = x.gold.intake;
  const r: ReasonCode[] = [];
  if (a.task_type !== g.task_type) r.push('wrong_task');
  if (a.metric !== g.metric) r.push('wrong_metric');
  if (a.label_column !== g.label_column) r.push('misread_label_column');
  if (a.text_column !== g.text_column) r.push('misread_text_column');
  if (a.labels.count !== g.labels.count || a.labels.hash !== g.labels.hash) r.push('wrong_label_mapping');
  if (a.format !== g.format) r.push('wrong_format');
  return verdictOf(r);
}
