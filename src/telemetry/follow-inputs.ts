/**
 * `tbdl watch PATH --follow` over trainer logs: a poll loop that re-runs discovery (new run
 * folders, new event files after a restart, a newer `checkpoint-N/`) and reads each source
 * incrementally. TensorBoard event files are append-only: only records after the last complete
 * one are decoded. Lightning CSVs, trainer_state.json, MLflow metric files and torchtune logs are
 * rewritten or appended: they are re-read when their size or mtime changes and passed through a
 * re-read filter, so only new or changed steps go out. A file caught mid-write yields issues
 * that are retried on the next poll and reported only when they persist on an unchanged file.
 * The sources of one run read in one poll are merged by step (an `add_scalars` series and its
 * parent give one event per step); a value that arrives in a later poll goes out as its own event
 * at its step. Protocol JSONL under the folder is followed as usual (readDirectory / followFile);
 * both streams are merged in arrival order.
 */
import { open, stat } from 'node:fs/promises';
import { adaptTensorboard } from './adapters/tensorboard.js';
import { readTfRecords } from './adapters/tfrecord.js';
import { createRereadFilter, type RereadFilter } from './adapters/reread.js';
import type { AdapterKind } from './adapters/detect.js';
import type { TagMap } from './adapters/tag-map.js';
import { discoverRuns, type RunSource } from './discover.js';
import { readDirectory } from './directory.js';
import { followFile, pause, DEFAULT_POLL_MS, type FollowReset } from './follow.js';
import type { RawLine } from './lines.js';
import { readStream } from './read.js';
import { runEventFor, type RunSettings } from './run-settings.js';
import { mergeTrainEvents, readSource, unmappedNotice, type NoticeLine } from './trainer-runs.js';
import type { TrainEvent } from './schema.js';

/** Options of {@link followInputLines}. */
export interface FollowInputOptions {
  adapter?: AdapterKind | 'auto';
  run?: string;
  tags?: TagMap;
  settings?: RunSettings;
  settingsSource?: string;
  maxLineBytes?: number;
  signal?: AbortSignal;
  pollMs?: number;
  onReset?: (reset: FollowReset) => void;
  stdin?: AsyncIterable<Uint8Array | string>;
  log: (message: string) => void;
  notice?: (line: NoticeLine) => void;
  synthesized?: Set<string>;
  /**
   * With `run`: whether protocol telemetry supplies that run's `run` event (default true; when
   * false, e.g. a trainer log followed alone, the run event is built from the settings).
   */
  protocolRun?: boolean;
}

interface SourceState { size: number; mtimeMs: number; offset: number; recheck: boolean; reported: Set<string> }

/**
 * Follows the trainer-log runs under `path` (a folder or one trainer-log file) until `signal` aborts.
 * @returns an async generator of protocol lines (a run's `run` event first, when synthesized).
 */
export async function* followTrainerRuns(path: string, o: FollowInputOptions): AsyncGenerator<RawLine> {
  const pollMs = o.pollMs ?? DEFAULT_POLL_MS;
  const forced = o.adapter === undefined || o.adapter === 'auto' ? undefined : o.adapter;
  const sources = new Map<string, SourceState>();
  const filters = new Map<string, RereadFilter>();
  const announced = new Set<string>();
  const unmapped = new Map<string, Set<string>>();
  const lineNos = new Map<string, number>();
  const line = (id: string, text: string): RawLine => {
    const n = (lineNos.get(id) ?? 0) + 1;
    lineNos.set(id, n);
    return { text, lineNo: n, file: `${path}#run:${id}` };
  };
  while (o.signal?.aborted !== true) {
    const found = await discoverRuns(path, forced !== undefined ? { adapter: forced } : {}).catch(() => null);
    for (const run of found?.runs ?? []) {
      const id = o.run ?? run.id;
      const lists: TrainEvent[][] = [];
      const names = unmapped.get(id) ?? new Set<string>();
      const before = names.size;
      for (const src of run.sources) {
        if (forced !== undefined && src.kind !== forced) continue;
        lists.push(await pollSource(src, id, o, sources, filters, names));
      }
      // sources of one run (sub-runs, restarts) read in the same poll: one event per step
      const events = mergeTrainEvents(lists);
      unmapped.set(id, names);
      if (events.length === 0) continue;
      if (!announced.has(id)) {
        announced.add(id);
        if (o.run === undefined || o.protocolRun === false) {
          o.synthesized?.add(id);
          const last = events.reduce((m, e) => Math.max(m, e.step), 0);
          yield line(id, JSON.stringify(runEventFor(id, o.settings ?? {}, last, o.settingsSource ?? 'defaults')));
        }
      }
      if (names.size > before) o.notice?.(unmappedNotice(id, [...names].sort(), run.sources));
      for (const ev of events) yield line(id, JSON.stringify(ev));
    }
    if (!(await pause(pollMs, o.signal))) break;
  }
}

async function pollSource(
  src: RunSource, id: string, o: FollowInputOptions, states: Map<string, SourceState>, filters: Map<string, RereadFilter>, names: Set<string>,
): Promise<TrainEvent[]> {
  const st = await stat(src.path).catch(() => null);
  if (st === null) return [];
  let s = states.get(src.path);
  if (s === undefined) { s = { size: -1, mtimeMs: -1, offset: 0, recheck: false, reported: new Set() }; states.set(src.path, s); }
  const changed = st.size !== s.size || st.mtimeMs !== s.mtimeMs;
  if (!changed && !s.recheck && src.kind !== 'mlflow') return [];
  const unchanged = !changed;
  s.size = st.size; s.mtimeMs = st.mtimeMs;
  const tags = o.tags;
  if (src.kind === 'tensorboard') {
    if (st.size < s.offset) s.offset = 0; // replaced by a shorter file: read it again
    const fh = await open(src.path, 'r');
    let bytes: Uint8Array;
    try {
      const buf = new Uint8Array(Math.max(0, st.size - s.offset));
      const { bytesRead } = await fh.read(buf, 0, buf.length, s.offset);
      bytes = buf.subarray(0, bytesRead);
    } finally { await fh.close(); }
    const { consumed } = readTfRecords(bytes, src.path);
    const r = adaptTensorboard(bytes.subarray(0, consumed), {
      run: id, file: src.path, ...(tags !== undefined ? { tags } : {}), ...(src.series !== undefined ? { series: src.series } : {}),
    });
    s.offset += consumed;
    for (const u of r.unmapped) names.add(u);
    for (const i of r.issues) report(o, s, `${src.path} (tensorboard): ${i.message}`);
    return r.events;
  }
  let r;
  try { r = await readSource(src, id, tags); } catch (err) { report(o, s, err instanceof Error ? err.message : String(err)); return []; }
  for (const u of r.unmapped) names.add(u);
  s.recheck = r.issues.length > 0;
  if (unchanged) for (const i of r.issues) report(o, s, `${src.path} (${src.kind}): ${i.message}`);
  const key = src.kind === 'hf_trainer_state' ? `${id}\u0000hf` : src.path;
  let f = filters.get(key);
  if (f === undefined) { f = createRereadFilter(); filters.set(key, f); }
  return f.update(r.events);
}

function report(o: FollowInputOptions, s: SourceState, message: string): void {
  if (s.reported.has(message)) return;
  s.reported.add(message);
  o.log(`tbdl: ${message}`);
}

/** Merges async streams in arrival order (each keeps its own order). */
export async function* mergeStreams<T>(streams: ReadonlyArray<AsyncGenerator<T>>): AsyncGenerator<T> {
  const pending = new Map<number, Promise<{ i: number; r: IteratorResult<T> }>>();
  streams.forEach((it, i) => pending.set(i, it.next().then((r) => ({ i, r }))));
  try {
    while (pending.size > 0) {
      const { i, r } = await Promise.race(pending.values());
      pending.delete(i);
      if (r.done === true) continue;
      yield r.value;
      const it = streams[i] as AsyncGenerator<T>;
      pending.set(i, it.next().then((x) => ({ i, r: x })));
    }
  } finally {
    await Promise.allSettled(streams.map((it) => it.return(undefined)));
  }
}

/**
 * The one input of `tbdl watch --follow`: stdin, a protocol file (followed), a trainer-log file,
 * or a folder (its protocol JSONL followed and its trainer-log runs followed, merged).
 * @returns an async generator of protocol lines until `signal` aborts.
 */
export async function* followInputLines(input: string, o: FollowInputOptions): AsyncGenerator<RawLine> {
  const lineOpts = { ...(o.maxLineBytes !== undefined ? { maxLineBytes: o.maxLineBytes } : {}) };
  const follow = { ...lineOpts, ...(o.signal !== undefined ? { signal: o.signal } : {}), pollMs: o.pollMs ?? DEFAULT_POLL_MS, ...(o.onReset !== undefined ? { onReset: o.onReset } : {}) };
  if (input === '-') { if (o.stdin !== undefined) yield* readStream(o.stdin, '-', lineOpts); return; }
  const st = await stat(input).catch(() => null);
  const found = st === null ? null : await discoverRuns(input, o.adapter === undefined || o.adapter === 'auto' ? {} : { adapter: o.adapter }).catch(() => null);
  const protocolRun = o.protocolRun ?? (found?.protocol.length ?? 0) > 0;
  if (st?.isDirectory() === true) {
    yield* mergeStreams([readDirectory(input, { ...follow, follow: true }), followTrainerRuns(input, { ...o, protocolRun })]);
    return;
  }
  if (found !== null && found.runs.length > 0) { yield* followTrainerRuns(input, { ...o, protocolRun: false }); return; }
  yield* followFile(input, follow);
}
