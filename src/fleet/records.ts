/**
 * What the fleet keeps in its KV bucket, and compare-and-set writes on it.
 *
 * | key | value | written |
 * |---|---|---|
 * | `config` | `{v, partitions}` | once (create) |
 * | `lease.<p>` | `{owner, n}` | by the owner, every renew (update at its revision) |
 * | `member.<owner>` | `{owner, n}` | by each consumer, every tick (balance only) |
 * | `ckpt.<p>` | `{seq}` last stream sequence of the partition whose effects are committed | after the run records |
 * | `run.<p>.<hash>` | {@link FleetRunRecord} | create, then update at its revision |
 * | `sent.<hash>` | {@link SentRecord} | claim (create) before delivery, `done` after |
 *
 * Every write of a lease, checkpoint, run record or delivery record is a CAS: `create` fails when
 * the key exists, `update(key, value, revision)` fails when the key moved past `revision`. A
 * consumer that loses a CAS on a partition's keys drops the partition (its in-memory state is stale).
 */
import type { KV } from 'nats';
import type { OutputLine } from '../telemetry/schema.js';
import type { RunRecord } from '../monitor/store.js';
import { fromBytes, toBytes } from './engine.js';
import { fleetErrors, FleetFailure } from './errors.js';

/** One run's record: the monitor's durable record plus its decided lines (alarms, verdict). */
export interface FleetRunRecord extends RunRecord {
  /** Alarm and verdict lines decided for this run, in order. */
  lines: OutputLine[];
  /** Stream sequence of the last message applied to this run (a re-read message at or below it is skipped). */
  upto: number;
}

/** An alarm action's delivery record. */
export interface SentRecord {
  run: string;
  alarm: string;
  action: string;
  state: 'claimed' | 'done';
  /** The consumer that claimed (or completed) it. */
  owner: string;
  /** Set when a new owner re-sent a delivery its claimant did not confirm (a possible repeat). */
  resent?: boolean;
}

/** A value read with its revision (0 = the key does not exist). */
export interface Versioned<T> {
  value: T | null;
  revision: number;
}

/**
 * Reads a JSON value and its revision (deleted or missing keys read as `{value: null, revision}`).
 * @example const { value, revision } = await readKey<{ seq: number }>(kv, 'ckpt.3');
 */
export async function readKey<T>(kv: KV, key: string): Promise<Versioned<T>> {
  const e = await kv.get(key);
  if (e === null) return { value: null, revision: 0 };
  if (e.operation !== 'PUT') return { value: null, revision: e.revision };
  return { value: fromBytes<T>(e.value), revision: e.revision };
}

/**
 * Compare-and-set: creates the key when `revision` is 0, else updates it only at `revision`.
 * A deleted key (a tombstone at some revision) is updated at the tombstone's revision.
 * @returns the new revision. @throws FleetFailure(revision_conflict) when another writer moved the key.
 */
export async function casWrite(kv: KV, key: string, value: unknown, revision: number): Promise<number> {
  try {
    return revision === 0 ? await kv.create(key, toBytes(value)) : await kv.update(key, toBytes(value), revision);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    if (/wrong last sequence|key exists|10071/i.test(msg)) throw new FleetFailure(fleetErrors.revisionConflict(key, revision));
    throw err;
  }
}

/** Whether an error is a lost compare-and-set. */
export function isConflict(err: unknown): boolean {
  return err instanceof FleetFailure && err.code === 'revision_conflict';
}

/**
 * All keys under a prefix (`run.3.` lists partition 3's runs).
 * @example await listKeys(kv, 'run.3.')
 */
export async function listKeys(kv: KV, prefix: string): Promise<string[]> {
  const out: string[] = [];
  const it = await kv.keys(`${prefix}>`);
  for await (const k of it) out.push(k);
  return out;
}
