/**
 * `tbdl watch` and `tbdl replay` behind one function with injected I/O (the CLI files pass
 * process.stdout/stdin/env and a signal; tests can pass their own). Exit status, one rule for both
 * verbs: 0 every run ended with no alarm and not TBDL; 1 an alarm or a TBDL verdict (restored ones
 * included); 2 usage error, unreadable input or state store, or input with no run at all.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stats } from 'node:fs';
import { createRng } from '../rng.js';
import {
  detectAdapter, followFile, parseRawLine, readAdapter, readDirectory, readFile, readStream, type AdapterKind, type RawLine,
} from '../telemetry/index.js';
import type { OutputLine } from '../telemetry/schema.js';
import type { ActionConfig } from './actions.js';
import { checkMonitorPaths, parseMonitorArgs, helpText, isUsageError, type MonitorCliOptions } from './cli-options.js';
import { Monitor } from './engine.js';
import { LiveView, type ViewSink } from './live-view.js';
import { progressText, type RunStatus } from './render.js';
import { firstLineHash, runMonitor } from './runner.js';
import { MemoryStore, type StateStore } from './store.js';

/** The process-facing I/O a verb needs, injected by src/cli/watch.ts and replay.ts. */
export interface CliIO {
  stdout: ViewSink;
  stderr: { write(text: string): void };
  stdin: AsyncIterable<Uint8Array | string>;
  env: Record<string, string | undefined>;
  /** Fires on SIGINT / SIGTERM: stop following, flush, exit. */
  signal: AbortSignal;
  now: () => number;
}

/**
 * Stops an async iteration when `signal` fires (for stdin). Each step races the next item against
 * a listener that is removed when the step settles: racing every item against one long-lived
 * promise (settled only by the signal) would keep a reaction per item alive until the end, a leak
 * proportional to the input. Wrap the chunk stream, not the lines (one step per chunk).
 */
export async function* abortable<T>(it: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iter = it[Symbol.asyncIterator]();
  try {
    for (;;) {
      if (signal.aborted) return;
      const r = await new Promise<IteratorResult<T> | 'abort'>((resolve, reject) => {
        const onAbort = (): void => resolve('abort');
        signal.addEventListener('abort', onAbort, { once: true });
        iter.next().then(
          (v) => { signal.removeEventListener('abort', onAbort); resolve(v); },
          (e: unknown) => { signal.removeEventListener('abort', onAbort); reject(e instanceof Error ? e : new Error(String(e))); },
        );
      });
      if (r === 'abort' || r.done === true) return;
      yield r.value;
    }
  } finally {
    void iter.return?.();
  }
}

/** A trainer log read through its adapter, as protocol lines (issues go to `log`). */
async function* adapted(path: string, kind: AdapterKind, o: MonitorCliOptions, log: (m: string) => void, failed: { files: number }): AsyncGenerator<RawLine> {
  const r = await readAdapter(path, { run: o.run ?? '', kind });
  for (const issue of r.issues) log(`tbdl: ${path} (${kind}): ${issue.message}`);
  if (r.events.length === 0 && r.issues.length > 0) failed.files++; // unreadable as this format: exit 2
  let lineNo = 0;
  for (const ev of r.events) yield { text: JSON.stringify(ev), lineNo: ++lineNo, file: `${path}#${kind}` };
}

/**
 * The files under a directory (recursive, sorted) that `kind`'s adapter reads, by detection: a
 * TensorBoard log directory holds `events.out.tfevents.*` files, a Lightning one `metrics.csv`.
 */
async function adapterFilesUnder(dir: string, kind: AdapterKind): Promise<string[]> {
  const names = (await readdir(dir, { recursive: true })).map((n) => join(dir, String(n))).sort();
  const out: string[] = [];
  for (const f of names) {
    const st = await stat(f).catch(() => null);
    if (st?.isFile() === true && (await detectAdapter(f).catch(() => undefined)) === kind) out.push(f);
  }
  return out;
}

/**
 * All inputs as one line stream, in argument order, except that with --adapter the trainer logs
 * come first: their train events then reach the run before its `end` closes it (events of a run
 * that arrive before its `run` event wait in the engine's buffer).
 */
async function* sources(o: MonitorCliOptions, io: CliIO, resets: Set<string>, kinds: Map<string, Stats | null>, failed: { files: number }): AsyncGenerator<RawLine> {
  const lineOpts = { maxLineBytes: o.maxLineBytes };
  const follow = { ...lineOpts, signal: io.signal, pollMs: o.pollMs, onReset: (r: { file: string }) => { resets.add(r.file); } };
  const plain: string[] = [];
  for (const input of o.inputs) {
    const kind = o.adapter === undefined || input === '-' ? undefined : o.adapter === 'auto' ? await detectAdapter(input) : o.adapter;
    if (kind === undefined) plain.push(input);
    else if (kind !== 'mlflow' && kinds.get(input)?.isDirectory() === true) {
      const files = await adapterFilesUnder(input, kind);
      if (files.length === 0) io.stderr.write(`tbdl: ${input}: no ${kind} logs found under this directory (expected files the ${kind} adapter reads)\n`);
      for (const f of files) yield* adapted(f, kind, o, (m) => io.stderr.write(m + '\n'), failed);
    } else yield* adapted(input, kind, o, (m) => io.stderr.write(m + '\n'), failed);
  }
  for (const input of plain) {
    if (io.signal.aborted) return;
    const st = kinds.get(input) ?? null;
    if (input === '-') yield* readStream(abortable(io.stdin, io.signal), '-', lineOpts);
    else if (st?.isDirectory() === true) yield* readDirectory(input, o.follow ? { ...follow, follow: true } : lineOpts);
    else if (o.follow) yield* followFile(input, follow);
    else yield* readFile(input, lineOpts);
  }
}

/**
 * A file source's identity for the state store: device + inode + a hash of its first line (a new
 * job's file at an old path, or a file replaced in place, is a new source read from its start).
 * Names that are not files (trainer logs read through an adapter, `path#kind`) use the name.
 */
async function sourceIdentity(raw: RawLine): Promise<string> {
  const h = firstLineHash(raw.text);
  try {
    const st = await stat(raw.file);
    return `${st.dev}:${st.ino}:${h}`;
  } catch {
    return `${raw.file}#${h}`;
  }
}

function statuses(m: Monitor, limit: number): RunStatus[] {
  const ids = m.runIds();
  return ids.slice(Math.max(0, ids.length - limit)).map((r) => m.status(r)).filter((s): s is RunStatus => s !== undefined);
}

/**
 * Runs `tbdl watch` or `tbdl replay` with the given argv and I/O.
 * @returns the exit status (0 / 1 / 2).
 * @example process.exitCode = await runMonitorCli('replay', ['a.jsonl', '--json'], io);
 */
export async function runMonitorCli(verb: 'watch' | 'replay', argv: string[], io: CliIO): Promise<number> {
  const o = parseMonitorArgs(verb, argv);
  if (isUsageError(o)) { io.stderr.write(`tbdl ${verb}: ${o.message}\n${helpText(verb)}\n`); return 2; }
  if (o.help) { io.stdout.write(helpText(verb) + '\n'); return 0; }
  const pathErr = checkMonitorPaths(o);
  if (pathErr !== null) { io.stderr.write(`tbdl ${verb}: ${pathErr.message}\n`); return 2; }
  const kinds = new Map<string, Stats | null>();
  let totalBytes = 0;
  for (const input of o.inputs) {
    if (input === '-') continue;
    try {
      const st = await stat(input);
      kinds.set(input, st);
      if (st.isFile()) totalBytes += st.size;
    } catch (err) {
      if (!o.follow) { io.stderr.write(`tbdl ${verb}: unreadable input: ${input} (${err instanceof Error ? err.message : String(err)})\n`); return 2; }
      kinds.set(input, null);
    }
  }
  let store: StateStore;
  try {
    // without --state nothing reloads the store: it keeps nothing of finished runs (the engine's LRU does);
    // DuckDB is loaded only for --state / --results: a plain watch or replay never loads it
    store = o.state === undefined ? new MemoryStore({ finishedCap: 0 }) : await (await import('./duckdb-store.js')).DuckDbStore.open(o.state);
  } catch (err) {
    io.stderr.write(`tbdl ${verb}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const resultsMod = o.results === undefined ? null : await import('./results.js');
  const collector = resultsMod === null ? null : new resultsMod.ResultsCollector();
  const monitor = new Monitor({
    parse: (raw) => parseRawLine(raw, { maxLineBytes: o.maxLineBytes }),
    retainFinished: collector !== null, // --results writes every run's full state at the end
    ...(o.override !== undefined ? { override: o.override } : {}),
    ...(collector !== null ? { onEvent: (ev) => collector.observe(ev) } : {}),
  });
  const view = o.json ? null : new LiveView(io.stdout, () => statuses(monitor, 200), io.now);
  const actions: ActionConfig = {
    rng: createRng(o.webhookSeed), env: io.env, now: () => new Date(io.now()),
    ...(o.stopFile !== undefined ? { stopFile: o.stopFile } : {}),
    ...(o.stopDir !== undefined ? { stopDir: o.stopDir } : {}),
    ...(o.onAlarm !== undefined ? { onAlarm: o.onAlarm } : {}),
    ...(o.webhook !== undefined ? { webhook: o.webhook } : {}),
  };
  const emit = (line: OutputLine): void => {
    if (view === null) io.stdout.write(JSON.stringify(line) + '\n');
    else view.event(line);
  };
  let bytes = 0, lines = 0;
  const onLine = view === null ? undefined : (raw: RawLine): void => {
    bytes += raw.text.length + 1; lines++;
    if ((lines & 255) === 0) view.tick(totalBytes > 0 ? progressText(Math.min(bytes, totalBytes), totalBytes, lines) : `${lines} lines`);
  };
  const resets = new Set<string>();
  const failed = { files: 0 };
  let code = 0;
  // `watch --state` without --follow leaves runs that have not sent `end` open in the state: a
  // later watch over the grown file continues them (their verdict comes with their `end`)
  const finishAtEnd = !o.follow && !(verb === 'watch' && o.state !== undefined);
  try {
    const r = await runMonitor(sources(o, io, resets, kinds, failed), {
      monitor, store, actions, emit, resetSources: resets, identify: sourceIdentity,
      log: (m) => io.stderr.write(m + '\n'),
      finishAtEnd,
      ...(onLine !== undefined ? { onLine } : {}),
    });
    if (resultsMod !== null && collector !== null && o.results !== undefined) {
      const states = monitor.runIds().map((id) => monitor.state(id)).filter((s) => s !== undefined);
      const n = await resultsMod.writeResults(o.results, states, collector);
      if (!o.json) io.stderr.write(`tbdl ${verb}: wrote ${n.detector_runs} runs, ${n.detector_series} series rows, ${n.baseline_alarms} baseline rows to ${o.results}\n`);
    }
    if (view !== null) {
      if (totalBytes > 0) view.tick(progressText(totalBytes, totalBytes, lines));
      view.close();
      const c = [...monitor.allCounts().values()].reduce((a, x) => ({
        lines: a.lines + x.lines, events: a.events + x.events, rejected: a.rejected + x.rejected,
        unknown: a.unknown + x.unknown_types, dup: a.dup + x.duplicates, skipped: a.skipped + x.skipped_resumed,
      }), { lines: 0, events: 0, rejected: 0, unknown: 0, dup: 0, skipped: 0 });
      io.stdout.write(`${monitor.runCount} runs, ${r.alarms} alarms, ${r.verdicts} verdicts; ${c.lines} lines, ${c.events} events, ${c.rejected} rejected, ${c.unknown} unknown types, ${c.dup} duplicates${c.skipped > 0 ? `, ${c.skipped} resumed past` : ''}\n`);
    }
    if (!finishAtEnd && !o.follow && monitor.liveRunCount > 0) {
      io.stderr.write(`tbdl ${verb}: ${monitor.liveRunCount} run(s) have not ended; their state is kept in ${o.state ?? ''} (a later watch continues them)\n`);
    }
    if (r.inputError !== null) { io.stderr.write(`tbdl ${verb}: ${r.inputError}\n`); code = 2; }
    else if (failed.files > 0) { io.stderr.write(`tbdl ${verb}: ${failed.files} trainer log file(s) could not be read with the adapter (see above)\n`); code = 2; }
    else if (monitor.runCount === 0) {
      io.stderr.write(`tbdl ${verb}: no run found in ${o.inputs.join(', ')} (expected protocol-v1 JSONL whose first event for a run is its \`run\` event; trainer logs read with --adapter add train events to such a run)\n`);
      code = 2;
    } else code = r.alarms > 0 || r.tbdl > 0 ? 1 : 0;
  } catch (err) {
    io.stderr.write(`tbdl ${verb}: ${err instanceof Error ? err.message : String(err)}\n`);
    code = 2;
  } finally {
    await store.close().catch(() => undefined);
  }
  return code;
}
