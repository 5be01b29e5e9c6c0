/**
 * `tbdl watch` and `tbdl replay` behind one function with injected I/O (the CLI files pass
 * process.stdout/stdin/env and a signal; tests can pass their own). Exit status, one rule for both
 * verbs: 0 every run ended with no alarm and not TBDL; 1 an alarm or a TBDL verdict (restored ones
 * included); 2 usage error, unreadable input or state store, or input with no run at all.
 */
import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { parseRawLine, type RawLine } from '../telemetry/index.js';
import { inputLines } from '../telemetry/inputs.js';
import { followInputLines } from '../telemetry/follow-inputs.js';
import type { NoticeLine } from '../telemetry/trainer-runs.js';
import { TrainerVerdicts } from './trainer-verdict.js';
import type { OutputLine } from '../telemetry/schema.js';
import type { ActionConfig } from './actions.js';
import { actionConfigOf, checkMonitorPaths, parseMonitorArgs, helpText, isUsageError, type MonitorCliOptions } from './cli-options.js';
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

/**
 * All inputs as one line stream (src/telemetry/inputs.ts): trainer-log runs first (their train
 * events then reach the run before its `end` closes it), then protocol inputs. With --follow,
 * the one input is followed (src/telemetry/follow-inputs.ts).
 */
async function* sources(o: MonitorCliOptions, io: CliIO, resets: Set<string>, failed: { files: number }, hooks: SourceHooks): AsyncGenerator<RawLine> {
  const lineOpts = { maxLineBytes: o.maxLineBytes };
  const trainer = {
    ...(o.adapter !== undefined ? { adapter: o.adapter } : {}), ...(o.run !== undefined ? { run: o.run } : {}),
    tags: o.trainer.tags, settings: o.trainer.settings, settingsSource: o.trainer.settingsSource,
    log: (m: string) => io.stderr.write(m + '\n'), notice: hooks.notice, synthesized: hooks.synthesized,
  };
  if (o.follow) {
    const follow = { ...lineOpts, signal: io.signal, pollMs: o.pollMs, onReset: (r: { file: string }) => { resets.add(r.file); } };
    yield* followInputLines(o.inputs[0] ?? '-', { ...trainer, ...follow, stdin: abortable(io.stdin, io.signal) });
    return;
  }
  const counts = { failed: 0, runs: 0 };
  try {
    yield* inputLines(o.inputs, { ...trainer, ...lineOpts, stdin: abortable(io.stdin, io.signal) }, counts);
  } finally {
    failed.files += counts.failed;
  }
}

/** Where the sources report unmapped-tag notices and trainer-log runs. */
interface SourceHooks { notice: (line: NoticeLine) => void; synthesized: Set<string> }

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
  const synthesized = new Set<string>();
  const trainerVerdicts = new TrainerVerdicts(synthesized);
  const monitor = new Monitor({
    parse: (raw) => parseRawLine(raw, { maxLineBytes: o.maxLineBytes }),
    retainFinished: collector !== null, // --results writes every run's full state at the end
    ...(o.override !== undefined ? { override: o.override } : {}),
    onEvent: (ev) => { collector?.observe(ev); trainerVerdicts.observe(ev); },
  });
  const view = o.json ? null : new LiveView(io.stdout, () => statuses(monitor, 200), io.now);
  const actions: ActionConfig = actionConfigOf(o, io);
  const emit = (raw: OutputLine): void => {
    const line = trainerVerdicts.annotate(raw);
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
    const r = await runMonitor(sources(o, io, resets, failed, { notice: emit, synthesized }), {
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
    else if (failed.files > 0) { io.stderr.write(`tbdl ${verb}: ${failed.files} input(s) or trainer log(s) could not be read (see above)\n`); code = 2; }
    else if (monitor.runCount === 0) {
      io.stderr.write(`tbdl ${verb}: no run found in ${o.inputs.join(', ')} (expected protocol-v1 JSONL whose first event for a run is its \`run\` event, or trainer logs; docs/protocol.md)\n`);
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
