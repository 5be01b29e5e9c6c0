/**
 * One owned partition: loads its committed state, consumes its subject in order from the
 * checkpoint (a JetStream ordered consumer), and commits before it acknowledges or acts.
 *
 * Per batch (until the partition has no message left, at most `batch`):
 * 1. each message is fed to a {@link Monitor} (line number = stream sequence);
 * 2. commit: every changed run's record (detector state, last seq, alarms, decided lines) by CAS
 *    at the revision this worker read or wrote last; then the checkpoint `ckpt.<p>` by CAS (the
 *    acknowledgement: the highest stream sequence whose effects are committed, kept below any
 *    event still waiting in memory for its run's `run` event);
 * 3. only then are the decided lines emitted and alarm actions claimed and performed.
 * A lost CAS (another consumer wrote a key of this partition) stops the worker without writing
 * anything more; the owner of the lease reloads from KV. Re-processing after a crash starts at the
 * checkpoint + 1; a message at or below its run's committed `upto` (the last stream sequence applied
 * to that run) is skipped, so re-reading changes nothing, not even the duplicate counters.
 */
import type { JsMsg, KV } from 'nats';
import type { ActionConfig, ActionOutcome } from '../monitor/actions.js';
import { Monitor, type MonitorConfig } from '../monitor/engine.js';
import type { AlarmLine, OutputLine } from '../telemetry/schema.js';
import { deliverFleetAlarm } from './deliver.js';
import type { Fleet } from './engine.js';
import { runKey, subjectOf } from './partition.js';
import { runOf } from './publish.js';
import { casWrite, listKeys, readKey, type FleetRunRecord } from './records.js';

/** The partition checkpoint (`ckpt.<p>`). */
export interface Checkpoint {
  /** Highest stream sequence of the partition whose effects are committed. */
  seq: number;
  /** Messages of the partition at or below `seq` processed so far (lifetime, each counted once). */
  messages: number;
}

/** Worker settings. */
export interface WorkerOptions {
  fleet: Fleet;
  partition: number;
  owner: string;
  actions: ActionConfig;
  monitor?: Omit<MonitorConfig<unknown>, 'onEvent'>;
  /** Most messages per commit (default 500). */
  batch?: number;
  emit: (line: OutputLine) => void;
  log: (message: string) => void;
}

/** A running partition. */
export class PartitionWorker {
  private readonly monitor: Monitor<unknown>;
  private readonly revs = new Map<string, number>();
  private readonly lines = new Map<string, OutputLine[]>();
  private readonly upto = new Map<string, number>();
  /** Messages up to this sequence may already be applied to a committed run (re-read after a takeover). */
  private replayUntil = 0;
  private seq = 0;
  private ckpt: Checkpoint = { seq: 0, messages: 0 };
  private ckptRev = 0;
  private readonly subject: string;
  private readonly kv: KV;
  private stopped = false;
  private iter: { stop(): void } | null = null;
  /** Resolves when the consume loop has ended (after its last commit). */
  done: Promise<void> = Promise.resolve();
  /** Set when the worker ended on an error (a lost CAS, the engine gone). */
  failure: unknown = null;
  private readonly deliveries = new Set<Promise<ActionOutcome[]>>();

  constructor(private readonly o: WorkerOptions) {
    this.monitor = new Monitor<unknown>({ ...o.monitor, onEvent: (ev) => { this.upto.set(ev.run, this.seq); } });
    this.subject = subjectOf(o.fleet.names, o.partition);
    this.kv = o.fleet.kv;
  }

  /** Loads the checkpoint and the partition's run records, re-delivers unconfirmed alarms, starts consuming. */
  async start(): Promise<void> {
    const p = this.o.partition;
    const c = await readKey<Checkpoint>(this.kv, `ckpt.${p}`);
    this.ckpt = c.value ?? { seq: 0, messages: 0 };
    this.ckptRev = c.revision;
    const keys = await listKeys(this.kv, `run.${p}.`);
    const recs: FleetRunRecord[] = [];
    const read: Array<{ key: string; r: Awaited<ReturnType<typeof readKey<FleetRunRecord>>> }> = [];
    for (let i = 0; i < keys.length; i += 64) { // 64 reads in flight at a time
      read.push(...await Promise.all(keys.slice(i, i + 64).map(async (key) => ({ key, r: await readKey<FleetRunRecord>(this.kv, key) }))));
    }
    for (const { key, r } of read) {
      if (r.value === null) continue;
      this.revs.set(key, r.revision);
      this.lines.set(r.value.run, r.value.lines);
      this.upto.set(r.value.run, r.value.upto);
      this.replayUntil = Math.max(this.replayUntil, r.value.upto);
      recs.push(r.value);
    }
    this.monitor.restore(recs);
    for (const r of recs) for (const l of r.lines) if (l.type === 'alarm') this.act(l as AlarmLine, true);
    const consumer = await this.o.fleet.js.consumers.get(this.o.fleet.names.stream, {
      filterSubjects: this.subject, opt_start_seq: this.ckpt.seq + 1,
    });
    const msgs = await consumer.consume({ max_messages: Math.max(64, this.o.batch ?? 500) });
    this.iter = msgs;
    this.done = this.loop(msgs).catch((err: unknown) => { this.failure = err; });
  }

  private async loop(msgs: AsyncIterable<JsMsg>): Promise<void> {
    const batch = this.o.batch ?? 500;
    let decided: OutputLine[] = [];
    let seqs: number[] = [];
    for await (const m of msgs) {
      if (this.stopped) break;
      const text = m.string();
      seqs.push(m.seq);
      if (m.seq > this.replayUntil || !this.applied(text, m.seq)) {
        this.seq = m.seq;
        for (const l of this.monitor.feedRaw({ text, lineNo: m.seq, file: this.subject })) decided.push(l);
      }
      if ((seqs.length & 63) === 0) await new Promise<void>((r) => setImmediate(r)); // let lease renewals run
      // info.pending: messages left on the partition after this one (the server's count)
      if (seqs.length >= batch || m.info.pending === 0) {
        await this.commit(decided, seqs);
        decided = [];
        seqs = seqs.filter((s) => s > this.ckpt.seq);
      }
    }
    if (seqs.length > 0 && this.failure === null) await this.commit(decided, seqs);
  }

  /** Whether a re-read message is already in its run's committed state (its seq <= the run's `upto`). */
  private applied(text: string, seq: number): boolean {
    const r = runOf({ text, lineNo: seq, file: this.subject });
    return 'run' in r && (this.upto.get(r.run) ?? 0) >= seq;
  }

  private async commit(decided: OutputLine[], seqs: number[]): Promise<void> {
    const p = this.o.partition;
    for (const l of decided) {
      if (l.type !== 'alarm' && l.type !== 'verdict') continue;
      const run = String(l.run);
      const ls = this.lines.get(run) ?? [];
      ls.push(l);
      this.lines.set(run, ls);
    }
    const recs = this.monitor.takeDirty();
    await Promise.all(recs.map(async (r) => {
      const key = runKey(r.run, p);
      const rec: FleetRunRecord = { ...r, lines: this.lines.get(r.run) ?? [], upto: this.upto.get(r.run) ?? 0 };
      this.revs.set(key, await casWrite(this.kv, key, rec, this.revs.get(key) ?? 0));
    }));
    const last = seqs[seqs.length - 1] ?? this.ckpt.seq;
    const floor = this.monitor.pendingFloor(this.subject);
    const upTo = Math.min(last, floor === undefined ? Infinity : floor - 1);
    if (upTo > this.ckpt.seq) {
      const next: Checkpoint = { seq: upTo, messages: this.ckpt.messages + seqs.filter((s) => s > this.ckpt.seq && s <= upTo).length };
      this.ckptRev = await casWrite(this.kv, `ckpt.${p}`, next, this.ckptRev);
      this.ckpt = next;
    }
    for (const l of decided) {
      this.o.emit(l);
      if (l.type === 'alarm') this.act(l as AlarmLine, false);
    }
  }

  private act(alarm: AlarmLine, takeover: boolean): void {
    const job = deliverFleetAlarm(this.kv, this.o.owner, alarm, this.o.actions, takeover).then((outs) => {
      for (const x of outs) if (!x.ok) this.o.log(`tbdl: ${x.action} for run ${JSON.stringify(alarm.run)} failed: ${x.detail}`);
      return outs;
    }, (err: unknown) => { this.o.log(`tbdl: delivery of ${String(alarm.alarm)} for run ${JSON.stringify(alarm.run)}: ${String(err)}`); return []; });
    this.deliveries.add(job);
    void job.then(() => this.deliveries.delete(job));
  }

  /** The committed checkpoint as this worker last wrote or read it. */
  checkpoint(): Checkpoint {
    return { ...this.ckpt };
  }

  /** Stops consuming after the current batch's commit; waits for it and for pending deliveries. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.iter?.stop();
    await this.done;
    await Promise.all([...this.deliveries]);
  }
}
