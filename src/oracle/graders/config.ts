/**
 * config (arithmetic): every field equals the configurator's value; integers exactly, the
 * learning rate within the playbook's relative tolerance (1%). Reason: config_mismatch:<field>.
 */
import { CONFIG_FIELDS, type ReasonCode } from '../reasons.js';
import { close, verdictOf, type GradeInput, type Verdict } from './verdict.js';

/** Grades the config artifact field by field. */
export function gradeConfig(x: GradeInput): Verdict {
  const a = x.artifacts.config;
  if (a === null) return verdictOf(['artifact_missing']);
  const g = x.gold.config;
  const r: ReasonCode[] = [];
  for (const f of CONFIG_FIELDS) {
    const ok = f === 'learning_rate' ? close(a.learning_rate, g.learning_rate, x.playbook.tolerance.lr) : a[f] === g[f];
    if (!ok) r.push(`config_mismatch:${f}`);
  }
  return verdictOf(r);
}
