/**
 * Reading a fleet's committed results back from KV: every run's decided lines (alarms and
 * verdict, in decision order), the partition checkpoints and the alarm delivery records. The KV
 * records are the authoritative results of a fleet (each consumer's stdout is a log of the lines
 * it decided; a consumer that loses a partition mid-commit may have committed lines it never
 * printed).
 */
import type { OutputLine } from '../telemetry/schema.js';
import type { Fleet } from './engine.js';
import { listKeys, readKey, type FleetRunRecord, type SentRecord } from './records.js';
import type { Checkpoint } from './worker.js';

/** Everything a fleet has committed. */
export interface FleetResults {
  /** Run id -> decided lines. */
  runs: Map<string, OutputLine[]>;
  /** Run id -> stream sequence of the last message applied to the run. */
  upto: Map<string, number>;
  /** Partition -> checkpoint (absent when nothing was consumed). */
  checkpoints: Map<number, Checkpoint>;
  /** Alarm action delivery records. */
  sent: SentRecord[];
}

/**
 * Reads all run records, checkpoints and delivery records.
 * @example const r = await readFleetResults(fleet); r.runs.get('run-1')
 */
export async function readFleetResults(fleet: Fleet): Promise<FleetResults> {
  const out: FleetResults = { runs: new Map(), upto: new Map(), checkpoints: new Map(), sent: [] };
  const keys = await listKeys(fleet.kv, '');
  const vals = await Promise.all(keys.map(async (k) => ({ k, v: (await readKey<unknown>(fleet.kv, k)).value })));
  for (const { k, v } of vals) {
    if (v === null) continue;
    if (k.startsWith('run.')) { const r = v as FleetRunRecord; out.runs.set(r.run, r.lines); out.upto.set(r.run, r.upto); }
    else if (k.startsWith('ckpt.')) out.checkpoints.set(Number(k.slice(5)), v as Checkpoint);
    else if (k.startsWith('sent.')) out.sent.push(v as SentRecord);
  }
  return out;
}
