/**
 * register (execution): a complete registry entry consistent with the run records (artifact,
 * config and data hashes, seed) and the ticket (base id and revision). On a ticket whose right
 * delivery is refusal, nothing must be registered. Otherwise an episode without a register
 * artifact fails with `artifact_missing`, whatever the registry records hold.
 */
import type { ReasonCode } from '../reasons.js';
import { verdictOf, type GradeInput, type Verdict } from './verdict.js';

const REQUIRED = ['artifact_hash', 'base_id', 'base_revision', 'config_hash', 'seed', 'data_hash'] as const;

/** Grades the registry entry against the records. */
export function gradeRegister(x: GradeInput): Verdict {
  const e = x.records.registry;
  if (x.gold.refuse) return verdictOf(e !== null ? ['ran_infeasible'] : []);
  if (x.artifacts.register === null) return verdictOf(['artifact_missing']); // no register artifact: the agent registered nothing
  const run = x.records.run;
  if (e === null || run === null) return verdictOf(['registry_incomplete']);
  const r: ReasonCode[] = [];
  if (REQUIRED.some((k) => e[k] === undefined)) r.push('registry_incomplete');
  if ((e.artifact_hash !== undefined && e.artifact_hash !== run.artifact_hash)
    || (e.config_hash !== undefined && e.config_hash !== run.config_hash)
    || (e.data_hash !== undefined && e.data_hash !== run.data_hash)) r.push('hash_mismatch');
  if ((e.base_id !== undefined && e.base_id !== x.ticket.base.id)
    || (e.base_revision !== undefined && e.base_revision !== x.ticket.base.revision)) r.push('base_mismatch');
  if (e.seed !== undefined && e.seed !== run.seed) r.push('seed_mismatch');
  return verdictOf(r);
}
