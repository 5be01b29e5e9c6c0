/**
 * Partitioning by run id: every event of a run goes to one subject, `tbdl.ev.<p>` with
 * p = FNV-1a-32(UTF-8 bytes of the run id) mod P (Fowler, Noll, Vo; the 32-bit offset basis
 * 2166136261 and prime 16777619). JetStream keeps one subject's messages in publish order, so a
 * run's events stay in order; a partition is the unit that one consumer owns at a time. The Python
 * helper (integrations/python/tbdl_probe/fleet.py) computes the same hash.
 *
 * KV keys derived from untrusted run ids use a SHA-256 prefix (KV keys allow only
 * `[-/_=.a-zA-Z0-9]`), with the partition in the key so a new owner lists its runs by prefix.
 */
import { sha256Hex } from '../monitor/safe-name.js';

/** Default number of partitions (fixed per fleet at first use). */
export const DEFAULT_PARTITIONS = 16;

/** The stream, subject prefix and bucket names of a fleet. */
export interface FleetNames {
  stream: string;
  subjectPrefix: string;
  bucket: string;
}

/** The default names: stream TBDL_EVENTS, subjects tbdl.ev.<p>, KV bucket tbdl_fleet. */
export const DEFAULT_NAMES: FleetNames = { stream: 'TBDL_EVENTS', subjectPrefix: 'tbdl.ev', bucket: 'tbdl_fleet' };

/**
 * FNV-1a, 32 bits, over the UTF-8 bytes of `text`.
 * @example fnv1a32('') // 2166136261
 */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(text, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The partition of a run: fnv1a32(run) mod partitions.
 * @param run the run id. @param partitions P >= 1.
 * @example partitionOf('r1', 16) // an integer in [0, 16)
 */
export function partitionOf(run: string, partitions: number): number {
  return fnv1a32(run) % partitions;
}

/** The subject of partition p. */
export function subjectOf(names: FleetNames, p: number): string {
  return `${names.subjectPrefix}.${p}`;
}

/** KV key of a run's record: `run.<p>.<sha256(run)[0:40]>`. */
export function runKey(run: string, p: number): string {
  return `run.${p}.${sha256Hex(run).slice(0, 40)}`;
}

/** KV key of an alarm action's delivery record: `sent.<sha256([run, alarm, action])[0:40]>`. */
export function sentKey(run: string, alarm: string, action: string): string {
  return `sent.${sha256Hex(JSON.stringify([run, alarm, action])).slice(0, 40)}`;
}

/** The message id JetStream deduplicates on: sha256 of the line (a re-sent line is stored once within the window). */
export function messageId(line: string): string {
  return sha256Hex(line).slice(0, 32);
}
