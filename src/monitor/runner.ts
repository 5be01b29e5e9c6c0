/**
 * The monitor loop with its durable effects, I/O injected (no process access): reads lines, feeds
 * the {@link Monitor}, commits state, prints decided lines after their commit, runs alarm actions.
 *
 * Persistence policy (small batches, not every event): a commit happens (1) before any decided
 * line (alarm, verdict, notice) is printed or acted on, (2) every `batchLines` input lines and
 * (3) `batchMs` after the first uncommitted change (so a quiet live stream is durable within
 * ~250 ms), and (4) at the end. Each commit writes the changed runs' detector state, the last
 * applied seq, the decided lines and the source line offsets in one transaction. Why that is safe:
 * a SIGKILL loses only input after the last commit; on restart that input is read again (resumed
 * from the committed offset for files, re-sent in full for stdin) and every re-read event is a
 * duplicate of nothing committed, or is dropped by the seq / step checks if it was. No decided line
 * is printed before it is durable, and actions are recorded after they succeed (see actions.ts).
 */
import type { RawLine } from '../telemetry/index.js';
import type { AlarmLine, OutputLine } from '../telemetry/schema.js';
import { deliverAlarm, type ActionConfig, type ActionOutcome } from './actions.js';
import type { Monitor } from './engine.js';
import type { StateStore, StoredOutput } from './store.js';

/** Runner settings and injected I/O. */
export interface RunnerOptions {
  monitor: Monitor;
  store: StateStore;
  actions: ActionConfig;
  /** Prints one decided or rejected line (JSON or human form, the caller's choice). */
  emit: (line: OutputLine) => void;
  /** Diagnostics (stderr in the CLI). */
  log: (message: string) => void;
  /** Called per input line (progress and live views). */
  onLine?: (raw: RawLine) => void;
  /** Whether lines of this source up to its committed offset are skipped on restart (files yes, stdin no); a pure function of the name (asked once per run of lines from one source). */
  resumable?: (file: string) => boolean;
  /** Close runs that never sent `end` when input ends (replay, watch without --follow). Default true. */
  finishAtEnd?: boolean;
  /** Sources whose line numbers restarted (truncation, rotation): their committed offsets are dropped. */
  resetSources?: Set<string>;
  /**
   * The identity of a resumable source, asked at its first line (and again after a reset): the
   * state store keys offsets by it, not by the path, so a new file at an old path is read from its
   * start. The CLI passes device + inode + a hash of the first line; default: the name + that hash.
   */
  identify?: (raw: RawLine) => string | Promise<string>;
  /** Commit every this many input lines (default 500). */
  batchLines?: number;
  /** Commit at most this long after the first uncommitted change (ms, default 250). */
  batchMs?: number;
}

/** What a finished run of the loop reports. */
export interface RunnerResult {
  /** Alarms decided, including those restored from the state store. */
  alarms: number;
  verdicts: number;
  /** Verdicts that said TBDL (trains but does not learn), restored ones included. */
  tbdl: number;
  /** Lines skipped because they were at or before a committed offset. */
  resumedSkips: number;
  /** Set when an input could not be read (exit status 2). */
  inputError: string | null;
  actionOutcomes: ActionOutcome[];
}

function outputName(line: OutputLine): { kind: string; name: string } | null {
  if (line.type === 'alarm') return { kind: 'alarm', name: String(line.alarm) };
  if (line.type === 'verdict') return { kind: 'verdict', name: 'verdict' };
  if (line.type === 'rejected') return null;
  return { kind: line.type, name: JSON.stringify(line) };
}

/** FNV-1a 32-bit hash of a source's first line (hex): part of its identity. */
export function firstLineHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Runs the loop to the end of `lines` (or until the source stops), then flushes.
 * @param lines the merged input lines. @param opts see {@link RunnerOptions}.
 * @returns counts, the input error if any and the action outcomes.
 * @example const r = await runMonitor(readFile('a.jsonl'), { monitor, store, actions, emit, log });
 */
export async function runMonitor(lines: AsyncIterable<RawLine>, opts: RunnerOptions): Promise<RunnerResult> {
  const { monitor, store } = opts;
  const batchLines = opts.batchLines ?? 500;
  const batchMs = opts.batchMs ?? 250;
  const resumable = opts.resumable ?? ((f: string) => f !== '-');
  const snap = await store.load();
  monitor.restore(snap.runs);
  const delivered = snap.deliveries;
  const committedOffsets = snap.offsets;
  /** Uncommitted offsets by source identity: the reader's name (for the pending floor) and the line. */
  const offsets = new Map<string, { file: string; line: number }>();
  /** The identity of each resumable source now being read, by name. */
  const ids = new Map<string, string>();
  const identify = opts.identify ?? ((raw: RawLine) => `${raw.file}#${firstLineHash(raw.text)}`);
  const actionJobs = new Set<Promise<void>>(); // in flight only: a settled one is dropped (bounded memory)
  const result: RunnerResult = { alarms: 0, verdicts: 0, tbdl: 0, resumedSkips: 0, inputError: null, actionOutcomes: [] };

  const act = (alarm: AlarmLine): void => {
    const job = deliverAlarm(alarm, opts.actions, store, delivered).then((outs) => {
      for (const o of outs) {
        if (!o.ok) opts.log(`tbdl: ${o.action} for run ${JSON.stringify(alarm.run)} failed: ${o.detail}`);
        result.actionOutcomes.push(o);
      }
    }).finally(() => actionJobs.delete(job));
    actionJobs.add(job);
  };
  for (const o of snap.outputs) {
    if (o.kind === 'alarm') { result.alarms++; act(o.line as AlarmLine); }
    if (o.kind === 'verdict') { result.verdicts++; if (o.line.tbdl === true) result.tbdl++; }
  }

  let chain: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let sinceCommit = 0;
  const commit = (outputs: StoredOutput[]): Promise<void> => {
    if (timer !== null) { clearTimeout(timer); timer = null; }
    sinceCommit = 0;
    const batch = {
      runs: monitor.takeDirty(),
      // an offset never passes a line still buffered in memory (an event waiting for its run event)
      offsets: [...offsets].map(([source, o]) => ({ source, line: Math.min(o.line, (monitor.pendingFloor(o.file) ?? Infinity) - 1) })),
      outputs,
    };
    offsets.clear();
    chain = chain.then(() => store.commit(batch));
    return chain;
  };
  const handle = async (out: OutputLine[]): Promise<void> => {
    if (out.length === 0) return;
    const decided: StoredOutput[] = [];
    for (const line of out) {
      const id = outputName(line);
      if (id !== null) decided.push({ run: String(line.run), ...id, line });
    }
    if (decided.length > 0) await commit(decided);
    for (const line of out) {
      opts.emit(line);
      if (line.type === 'alarm') { result.alarms++; act(line as AlarmLine); }
      else if (line.type === 'verdict') { result.verdicts++; if (line.tbdl === true) result.tbdl++; }
    }
  };

  const onLine = opts.onLine;
  const resetSources = opts.resetSources;
  // resumable() is asked once per run of consecutive lines from one source, not once per line
  let lastFile: string | undefined;
  let lastResumable = false;
  try {
    for await (const raw of lines) {
      if (onLine !== undefined) onLine(raw);
      if (resetSources !== undefined && resetSources.size > 0 && resetSources.delete(raw.file)) {
        const old = ids.get(raw.file);
        if (old !== undefined) committedOffsets.delete(old);
        ids.delete(raw.file); // identified again at its new first line
      }
      if (raw.file !== lastFile) { lastFile = raw.file; lastResumable = resumable(raw.file); }
      if (lastResumable) {
        let id = ids.get(raw.file);
        if (id === undefined) { id = await identify(raw); ids.set(raw.file, id); }
        const done = committedOffsets.get(id);
        if (done !== undefined && raw.lineNo <= done) {
          result.resumedSkips++;
          monitor.sourceCounts(raw.file).skipped_resumed++;
          continue;
        }
        if (done !== undefined) committedOffsets.delete(id);
        offsets.set(id, { file: raw.file, line: raw.lineNo });
      }
      const out = monitor.feedRaw(raw);
      if (out.length > 0) await handle(out); // most lines decide nothing: no promise per line
      if (++sinceCommit >= batchLines) await commit([]);
      else if (timer === null && (monitor.hasDirty || offsets.size > 0)) {
        timer = setTimeout(() => { timer = null; void commit([]).catch((e: unknown) => opts.log(`tbdl: ${String(e)}`)); }, batchMs);
      }
    }
  } catch (err) {
    result.inputError = err instanceof Error ? err.message : String(err);
  }
  if (opts.finishAtEnd ?? true) await handle(monitor.finish());
  await commit([]);
  await Promise.all([...actionJobs]);
  await chain;
  return result;
}
