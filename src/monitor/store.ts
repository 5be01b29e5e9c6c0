/**
 * The monitor's durable state: what a restart needs to resume without applying a round twice or
 * sending an alarm twice. One record per run (detector state JSON + monitor bookkeeping), the
 * output lines already emitted, the actions already delivered and per-source line offsets.
 *
 * Commit protocol (used by the runner): a commit writes run records, offsets and newly decided
 * output lines in ONE transaction; output lines are printed only after their commit; an action is
 * recorded as delivered after it succeeds. A crash loses only an uncommitted tail of input, which
 * a restart re-reads; the per-run `seq` / step guards make re-reading idempotent.
 */
import type { OutputLine } from '../telemetry/schema.js';

/**
 * One run's durable record. `state` is the detector's plain-JSON state, or null for a finished
 * run's tombstone (meta then holds `digest`, the verdict digest; see tombstones.ts).
 */
export interface RunRecord {
  run: string;
  /** The detector state (plain JSON); null for a finished run's tombstone. */
  state: unknown;
  /** Monitor bookkeeping (see engine.ts `RunMeta`), plain JSON. */
  meta: unknown;
  /** The last applied probe `seq` (0 before any round). */
  lastSeq: number;
}

/** A decided output line with its identity: `kind` alarm | verdict | notice, `name` e.g. the alarm. */
export interface StoredOutput {
  run: string;
  kind: string;
  name: string;
  line: OutputLine;
}

/** What a commit writes, all or nothing. */
export interface CommitBatch {
  runs: RunRecord[];
  offsets: Array<{ source: string; line: number }>;
  outputs: StoredOutput[];
}

/** Everything a restart needs. */
export interface StoreSnapshot {
  runs: RunRecord[];
  outputs: StoredOutput[];
  /** Delivered actions as `deliveryId(run, name, action)`. */
  deliveries: Set<string>;
  offsets: Map<string, number>;
}

/** The identity of one delivered action: run, output name (alarm or 'verdict') and action kind. */
export function deliveryId(run: string, name: string, action: string): string {
  return JSON.stringify([run, name, action]);
}

/** A durable (or in-memory) home for the monitor's state. */
export interface StateStore {
  /** Reads everything saved so far (empty on a fresh store). */
  load(): Promise<StoreSnapshot>;
  /** Writes a batch atomically (one transaction). */
  commit(batch: CommitBatch): Promise<void>;
  /** Records that `action` was delivered for (run, name). Idempotent. */
  markDelivered(run: string, name: string, action: string): Promise<void>;
  /** Flushes and closes. */
  close(): Promise<void>;
}

/**
 * An in-memory {@link StateStore} (no persistence): the default without `--state`, and a
 * reference implementation for tests. `finishedCap` bounds what it keeps of finished runs (their
 * tombstones, outputs and deliveries; least recently finished dropped first): the CLI without
 * `--state` passes 0, since nothing reloads it and the engine's own LRU covers exactly-once.
 * @example const store = new MemoryStore(); await store.commit({ runs: [], offsets: [], outputs: [] });
 */
export class MemoryStore implements StateStore {
  private readonly runs = new Map<string, RunRecord>();
  private readonly outputs = new Map<string, StoredOutput[]>();
  private readonly deliveries = new Map<string, Set<string>>();
  private readonly offsets = new Map<string, number>();
  /** Finished runs, oldest first (for the cap). */
  private readonly finished = new Set<string>();
  private readonly finishedCap: number;

  constructor(options: { finishedCap?: number } = {}) {
    this.finishedCap = options.finishedCap ?? Infinity;
  }

  async load(): Promise<StoreSnapshot> {
    return {
      runs: [...this.runs.values()].map((r) => structuredClone(r)),
      outputs: [...this.outputs.values()].flat(),
      deliveries: new Set([...this.deliveries.values()].flatMap((d) => [...d])),
      offsets: new Map(this.offsets),
    };
  }

  async commit(batch: CommitBatch): Promise<void> {
    for (const o of batch.offsets) this.offsets.set(o.source, o.line);
    for (const o of batch.outputs) {
      let list = this.outputs.get(o.run);
      if (list === undefined) { list = []; this.outputs.set(o.run, list); }
      list.push(o);
    }
    for (const r of batch.runs) {
      // no deep copy: detector states are persistent (detectorApply returns a new state and never
      // mutates one it returned) and takeDirty hands over fresh meta objects; load() clones on the
      // way out. structuredClone here was 10-30% of `tbdl replay` on a large fleet file.
      this.runs.set(r.run, { ...r });
      if (r.state === null) { this.finished.delete(r.run); this.finished.add(r.run); }
    }
    while (this.finished.size > this.finishedCap) {
      const oldest = this.finished.values().next();
      if (oldest.done === true) break;
      this.finished.delete(oldest.value);
      this.runs.delete(oldest.value);
      this.outputs.delete(oldest.value);
      this.deliveries.delete(oldest.value);
    }
  }

  async markDelivered(run: string, name: string, action: string): Promise<void> {
    let d = this.deliveries.get(run);
    if (d === undefined) { d = new Set(); this.deliveries.set(run, d); }
    d.add(deliveryId(run, name, action));
  }

  async close(): Promise<void> {}
}
