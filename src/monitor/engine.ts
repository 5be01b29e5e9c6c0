/**
 * The monitor engine: a pure library object (no process, no I/O) that turns telemetry lines into
 * output lines. Lines of many runs may be interleaved; each run id keys its own detector state
 * (a Map). Events that arrive before their run's `run` event wait in a bounded buffer; past the
 * bound they are rejected with a reason. Every event is applied at most once per run: probe
 * rounds by `seq`, eval events by content key and train steps by step inside the detector (which
 * also reorders out-of-order rounds); here, a repeated `run` event and anything after the verdict.
 * Duplicates are counted per source. The monitor never throws on input: a bad line becomes a
 * `rejected` line with its line number and field path; a detector error on one event rejects that
 * line only.
 *
 * About 440 lines, one class (the Monitor): routing, latching, the durable-record bookkeeping and the
 * release of finished runs share the per-run map (the pre-run buffer lives in pending.ts, the
 * tombstone LRU in tombstones.ts, I/O and commits in runner.ts).
 */
import type { OutputLine, RejectedLine, RunEvent, TelemetryEvent } from '../telemetry/schema.js';
import { parseRawLine, type ParseResult, type RawLine } from '../telemetry/index.js';
import type { DetectorState } from '../detector/index.js';
import { defaultDetector, type DesignOverride, type DetectorApi } from './detector-api.js';
import type { RunStatus } from './render.js';
import { PendingEvents } from './pending.js';
import type { RunRecord } from './store.js';
import { Lru, verdictDigest, type Tombstone } from './tombstones.js';

/** A line parser (src/telemetry `parseRawLine`): never throws, rejects oversize lines. */
export type ParseFn = (raw: RawLine) => ParseResult;

/** Per-source counters. */
export interface SourceCounts {
  lines: number;
  events: number;
  rejected: number;
  unknown_types: number;
  duplicates: number;
  skipped_resumed: number;
}

/** Monitor bookkeeping for one run (plain JSON, persisted beside the detector state). */
export interface RunMeta {
  ended: boolean;
  verdictDone: boolean;
  alarms: string[];
  /** The run event's probe.size (rounds larger than it get one notice). */
  probeSize?: number;
  /** Whether the oversize-round notice was sent. */
  oversizeNoticed?: boolean;
}

/** Engine settings. */
export interface MonitorConfig<S> {
  /** The detector; default {@link defaultDetector} (src/detector). */
  detector?: DetectorApi<S>;
  /** Line parser; default `parseRawLine` from src/telemetry. */
  parse?: ParseFn;
  /** Design override from the monitor's config (wins over the run event). */
  override?: DesignOverride;
  /** Events buffered per run before its `run` event (default 256). */
  maxPendingPerRun?: number;
  /** Runs with buffered events and no `run` event yet (default 10 000). */
  maxPendingRuns?: number;
  /** Bytes of buffered line text (UTF-16 units, = bytes for ASCII JSON) before run events, all runs (default 64 MiB). */
  maxPendingBytes?: number;
  /** Finished runs remembered as tombstones (an LRU; default 100 000, about 100 bytes each). */
  maxTombstones?: number;
  /** Keep finished runs' full detector state (for `--results`); default false: a tombstone only. */
  retainFinished?: boolean;
  /** Sees every valid event as parsed (e.g. a results collector); must not throw. */
  onEvent?: (event: TelemetryEvent) => void;
}

interface Slot<S> {
  state: S;
  meta: RunMeta;
  /** Where this run's latest event came from (a failure at end of input names it). */
  line: number;
  file: string;
  /** For a run restored from the state store: the last seq applied before the restart. */
  resumeSeq?: number;
}

/** Finished runs whose full state stays for the status view (the most recent ones). */
const RECENT_FINISHED = 200;

const NONE: OutputLine[] = [];

function newMeta(): RunMeta {
  return { ended: false, verdictDone: false, alarms: [] };
}

/**
 * The monitor: feed lines, get output lines; finish at end of input for the verdicts.
 * @example
 * const m = new Monitor(); // the real detector, design from each run event
 * for (const [i, text] of lines.entries()) for (const out of m.feed(text, i + 1, 'a.jsonl')) print(out);
 * for (const out of m.finish()) print(out);
 */
export class Monitor<S = DetectorState> {
  private readonly runs = new Map<string, Slot<S>>();
  /** Finished runs: compact tombstones (bounded LRU) and the last few full slots (status view). */
  private readonly tombstones: Lru<Tombstone>;
  private readonly recent = new Lru<Slot<S>>(RECENT_FINISHED);
  /** Tombstones decided since the last {@link takeDirty} (the store persists them). */
  private readonly unsaved = new Map<string, Tombstone>();
  private seen = 0;
  private lineBytes = 0;
  private readonly pending: PendingEvents;
  private readonly counts = new Map<string, SourceCounts>();
  private readonly dirty = new Set<string>();
  private readonly parse: ParseFn;
  private readonly detector: DetectorApi<S>;
  /** The last source's counters: consecutive lines mostly come from one source (saves a Map lookup). */
  private lastFile: string | undefined;
  private lastCounts: SourceCounts | undefined;

  constructor(private readonly config: MonitorConfig<S> = {}) {
    this.detector = config.detector ?? (defaultDetector() as unknown as DetectorApi<S>);
    this.pending = new PendingEvents(config.maxPendingPerRun ?? 256, config.maxPendingRuns ?? 10_000, config.maxPendingBytes ?? 64 * 2 ** 20);
    this.tombstones = new Lru(config.maxTombstones ?? 100_000);
    this.parse = config.parse ?? ((raw) => parseRawLine(raw));
  }

  /** Counters for one source (created on first use). */
  sourceCounts(file: string): SourceCounts {
    if (file === this.lastFile && this.lastCounts !== undefined) return this.lastCounts;
    let c = this.counts.get(file);
    if (c === undefined) {
      c = { lines: 0, events: 0, rejected: 0, unknown_types: 0, duplicates: 0, skipped_resumed: 0 };
      this.counts.set(file, c);
    }
    this.lastFile = file;
    this.lastCounts = c;
    return c;
  }

  /** All per-source counters. */
  allCounts(): ReadonlyMap<string, SourceCounts> {
    return this.counts;
  }

  /** Number of runs seen: started here or restored from the state store (finished ones included). */
  get runCount(): number {
    return this.seen;
  }

  /** Number of runs held with their full detector state (live ones, and finished ones with `retainFinished`). */
  get liveRunCount(): number {
    return this.runs.size;
  }

  /** Number of finished runs remembered as tombstones (bounded by `maxTombstones`). */
  get tombstoneCount(): number {
    return this.tombstones.size;
  }

  /** The tombstone of a finished run (undefined when unknown or evicted). */
  tombstone(run: string): Tombstone | undefined {
    return this.tombstones.peek(run);
  }

  /** Ids of the most recently finished runs (up to 200) and of the live runs, in that order. */
  runIds(): string[] {
    return [...this.recent.keys(), ...this.runs.keys()];
  }

  /** The status row of one run (undefined when unknown or released). */
  status(run: string): RunStatus | undefined {
    const s = this.runs.get(run) ?? this.recent.peek(run);
    return s === undefined ? undefined : this.detector.status(s.state);
  }

  /** The detector state of one run (plain JSON; undefined when unknown or released). */
  state(run: string): S | undefined {
    return (this.runs.get(run) ?? this.recent.peek(run))?.state;
  }

  /**
   * Feeds one line. Never throws on input.
   * @param text the line without its newline. @param lineNo its 1-based number in `file`.
   * @param file the source name (default '-').
   * @returns output lines decided by this line (alarms, verdicts, rejected, notices).
   */
  feed(text: string, lineNo: number, file = '-'): OutputLine[] {
    return this.feedRaw({ text, lineNo, file });
  }

  /** Feeds one reader line (a {@link RawLine}; an `oversize` line is rejected unparsed). */
  feedRaw(raw: RawLine): OutputLine[] {
    const c = this.sourceCounts(raw.file);
    c.lines++;
    if (raw.oversize === undefined && isBlank(raw.text)) return NONE;
    const parsed = this.parse(raw);
    if (parsed.kind === 'rejected') {
      c.rejected++;
      const run = raw.oversize === undefined ? runOf(raw.text) : undefined;
      return [run === undefined ? parsed.rejected : { ...parsed.rejected, run }];
    }
    if (parsed.kind === 'unknown_type') {
      c.unknown_types++;
      return NONE;
    }
    c.events++;
    this.lineBytes = raw.text.length;
    this.config.onEvent?.(parsed.event);
    return this.route(parsed.event, raw.lineNo, raw.file, c);
  }

  private reject(c: SourceCounts, line: number, file: string, reason: string, run: string, field: string): RejectedLine {
    c.rejected++;
    return file === '-' ? { type: 'rejected', line, reason, run, field } : { type: 'rejected', line, reason, file, run, field };
  }

  private route(ev: TelemetryEvent, lineNo: number, file: string, c: SourceCounts): OutputLine[] {
    const slot = this.runs.get(ev.run);
    if (slot === undefined) {
      const t = this.tombstones.get(ev.run);
      if (t !== undefined) { // a finished run: anything more is a duplicate (or the monitor's own re-read)
        if (t.restored === true) c.skipped_resumed++; else c.duplicates++;
        return NONE;
      }
    }
    if (ev.type === 'run') {
      if (slot !== undefined) { if (slot.resumeSeq !== undefined) c.skipped_resumed++; else c.duplicates++; return NONE; }
      return this.start(ev, lineNo, file, c);
    }
    if (slot === undefined) return this.buffer(ev, lineNo, file, c);
    return this.applyTo(slot, ev, lineNo, file, c);
  }

  private buffer(ev: TelemetryEvent, lineNo: number, file: string, c: SourceCounts): OutputLine[] {
    const refused = this.pending.add(ev, lineNo, file, this.lineBytes);
    return refused === null ? NONE : [this.reject(c, lineNo, file, refused, ev.run, 'run')];
  }

  private start(ev: RunEvent, lineNo: number, file: string, c: SourceCounts): OutputLine[] {
    let state: S;
    try {
      state = this.config.override === undefined ? this.detector.init(ev) : this.detector.init(ev, this.config.override);
    } catch (err) {
      this.pending.take(ev.run);
      return [this.reject(c, lineNo, file, `run.design: ${errText(err)}`, ev.run, 'run.design')];
    }
    const slot: Slot<S> = { state, meta: { ...newMeta(), probeSize: ev.probe.size }, line: lineNo, file };
    this.runs.set(ev.run, slot);
    this.seen++;
    this.dirty.add(ev.run);
    const q = this.pending.take(ev.run);
    if (q.length === 0) return NONE;
    const out: OutputLine[] = [];
    for (const p of q) out.push(...this.applyTo(slot, p.event, p.line, p.file, this.sourceCounts(p.file)));
    return out;
  }

  private applyTo(slot: Slot<S>, ev: TelemetryEvent, lineNo: number, file: string, c: SourceCounts): OutputLine[] {
    const m = slot.meta;
    if (m.verdictDone || (ev.type === 'end' && m.ended)) { c.duplicates++; return NONE; }
    // after a restart on a re-sent stream (stdin), rounds applied before it are the monitor's own
    // re-read, not duplicates the trainer sent: skipped and counted as resumed
    if (ev.type === 'probe' && slot.resumeSeq !== undefined && ev.seq <= slot.resumeSeq) { c.skipped_resumed++; return NONE; }
    const before = this.detector.redundant(slot.state);
    let res: { state: S; out: OutputLine[] };
    try {
      res = this.detector.apply(slot.state, ev);
    } catch (err) {
      const rej = this.reject(c, lineNo, file, `${ev.type}: ${errText(err)}`, ev.run, ev.type);
      if (ev.type === 'end') { m.ended = true; m.verdictDone = true; this.release(ev.run, slot, rej.reason); } // it cannot close: no retry at end of input
      return [rej];
    }
    slot.state = res.state;
    slot.line = lineNo;
    slot.file = file;
    c.duplicates += this.detector.redundant(res.state) - before;
    if (ev.type === 'end') m.ended = true;
    this.dirty.add(ev.run);
    let out = this.keep(m, res.out);
    if (ev.type === 'probe' && m.probeSize !== undefined && ev.items.length > m.probeSize && m.oversizeNoticed !== true) {
      m.oversizeNoticed = true;
      out = out.concat({
        type: 'notice', code: 'oversize_probe', run: ev.run, step: ev.step, seq: ev.seq, items: ev.items.length, probe_size: m.probeSize,
        message: `probe round ${ev.seq} has ${ev.items.length} items, more than the run's probe.size (${m.probeSize}); rounds are used as sent (this notice is sent once per run)`,
      });
    }
    if (ev.type === 'end') {
      const verdict = out.find((l) => l.type === 'verdict');
      if (verdict !== undefined) this.release(ev.run, slot, verdict); // decided by the `end` event itself
      else out = out.concat(this.close(ev.run, slot, c));
    }
    return out;
  }

  /** Drops repeated alarms / verdicts (alarms latch; one verdict per run) and records them. */
  private keep(m: RunMeta, lines: OutputLine[]): OutputLine[] {
    if (lines.length === 0) return NONE;
    const out: OutputLine[] = [];
    for (const l of lines) {
      if (l.type === 'alarm') {
        const name = String(l.alarm);
        if (m.alarms.includes(name)) continue;
        m.alarms.push(name);
      } else if (l.type === 'verdict') {
        if (m.verdictDone) continue;
        m.verdictDone = true;
      }
      out.push(l);
    }
    return out;
  }

  /**
   * Closes a run (its verdict). A detector error here rejects this run's last line, naming the
   * run, and marks it done: one run's failure never aborts the others, and a restart does not
   * retry it forever.
   */
  private close(run: string, slot: Slot<S>, c: SourceCounts = this.sourceCounts(slot.file)): OutputLine[] {
    if (slot.meta.verdictDone) { // decided earlier (a restored slot kept for --results)
      if (this.runs.get(run) === slot) this.release(run, slot, 'verdict decided earlier');
      return NONE;
    }
    let res: { state: S; out: OutputLine[] };
    try {
      res = this.detector.finish(slot.state);
    } catch (err) {
      slot.meta.verdictDone = true;
      const rej = this.reject(c, slot.line, slot.file, `end: run ${JSON.stringify(run)} could not be closed: ${errText(err)}`, run, 'end');
      this.release(run, slot, rej.reason);
      return [rej];
    }
    slot.state = res.state;
    this.dirty.add(run);
    const out = this.keep(slot.meta, res.out);
    slot.meta.verdictDone = true;
    const verdict = out.find((l) => l.type === 'verdict');
    this.release(run, slot, verdict ?? 'no verdict');
    return out;
  }

  /**
   * A finished run gives up its detector state: only a tombstone stays (bounded LRU), plus its
   * full slot among the few most recent (status view). With `retainFinished` the slot stays.
   */
  private release(run: string, slot: Slot<S>, verdict: OutputLine | string): void {
    this.dirty.add(run);
    if (this.config.retainFinished === true) return;
    const t: Tombstone = { lastSeq: this.detector.lastSeq(slot.state), digest: verdictDigest(verdict) };
    this.runs.delete(run);
    this.recent.set(run, slot);
    this.tombstones.set(run, t);
    this.unsaved.set(run, t);
  }

  /**
   * End of input: verdicts for runs that never sent `end`, and a rejected line per run whose
   * buffered events never got a `run` event.
   */
  finish(): OutputLine[] {
    const out: OutputLine[] = [];
    for (const [run, q] of this.pending.drain()) {
      const first = q[0];
      if (first === undefined) continue;
      out.push(this.reject(this.sourceCounts(first.file), first.line, first.file,
        `run: ${JSON.stringify(run)} never sent a run event (${q.length} events dropped)` +
          (first.file.includes('#') ? '; trainer-log events need the run\'s protocol telemetry (its `run` event) among the inputs' : ''), run, 'run'));
    }
    for (const [run, slot] of this.runs) out.push(...this.close(run, slot));
    return out;
  }

  /**
   * Runs changed since the last call, as durable records (for the state store). The meta is
   * copied and the detector state is immutable (pure apply), so a record is a consistent snapshot.
   */
  takeDirty(): RunRecord[] {
    const recs: RunRecord[] = [];
    for (const run of this.dirty) {
      const s = this.runs.get(run);
      if (s === undefined) {
        const t = this.unsaved.get(run);
        if (t !== undefined) recs.push({ run, state: null, meta: { ended: true, verdictDone: true, alarms: [], digest: t.digest }, lastSeq: t.lastSeq });
        continue;
      }
      const meta: RunMeta = { ...s.meta, alarms: s.meta.alarms.slice() };
      recs.push({ run, state: s.state, meta, lastSeq: this.detector.lastSeq(s.state) });
    }
    this.dirty.clear();
    this.unsaved.clear();
    return recs;
  }

  /** The smallest line of `file` still buffered before its run event (a durable offset stays below it). */
  pendingFloor(file: string): number | undefined {
    return this.pending.size === 0 ? undefined : this.pending.floor(file);
  }

  /** Whether any run changed since the last {@link takeDirty}. */
  get hasDirty(): boolean {
    return this.dirty.size > 0;
  }

  /** Restores runs from durable records (on restart, before feeding). */
  restore(records: readonly RunRecord[]): void {
    for (const r of records) {
      this.seen++;
      const meta = { ...newMeta(), ...(r.meta as Partial<RunMeta> & { digest?: unknown }) };
      if (r.state === null || (meta.verdictDone && this.config.retainFinished !== true)) {
        this.tombstones.set(r.run, { lastSeq: r.lastSeq, digest: typeof meta.digest === 'string' ? meta.digest : 'restored', restored: true });
        continue;
      }
      this.runs.set(r.run, { state: r.state as S, meta, line: 0, file: '-', resumeSeq: r.lastSeq });
    }
  }
}

/** Whether a line is empty or only whitespace (String#trim's set); a line starting with a printable ASCII character is not. */
function isBlank(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c > 0x20 && c < 0x7f) return false;
  return text.trim() === '';
}

/**
 * The run id of a rejected line, when it is a JSON object with a string `run` (rejections are
 * rare, so parsing it again costs nothing measurable); undefined otherwise.
 */
function runOf(text: string): string | undefined {
  try {
    const v: unknown = JSON.parse(text);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
    const run = Object.hasOwn(v, 'run') ? (v as { run?: unknown }).run : undefined;
    return typeof run === 'string' ? run : undefined;
  } catch {
    return undefined;
  }
}

function errText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
