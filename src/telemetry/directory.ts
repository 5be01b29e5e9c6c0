/**
 * Read every `*.jsonl` file of a directory (one file per run is typical), each with its own line
 * numbers. Without `follow`: files in name order, each read once. With `follow`: every file is
 * followed concurrently (see {@link followFile}) and files that appear later are picked up; lines
 * of different files interleave in arrival order. Nothing here assumes one run per file or per
 * stream: the monitor keys its state by the `run` field of each event.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LineOptions, RawLine } from './lines.js';
import { readFile, errorText } from './read.js';
import { followFile, pause, DEFAULT_POLL_MS, type FollowReset } from './follow.js';
import { IngestFailure, ingestIssues, checkIntOption } from './errors.js';

/** Options of {@link readDirectory}. */
export interface DirectoryOptions extends LineOptions {
  /** Keep following files and pick up new ones (until `signal` aborts). Default false. */
  follow?: boolean;
  /** Stops following. */
  signal?: AbortSignal;
  /** Poll interval for files and for the directory listing, in ms; default 200. */
  pollMs?: number;
  /** Called when a followed file was truncated or rotated. */
  onReset?: (reset: FollowReset) => void;
  /** File name filter; default: names ending in `.jsonl`. */
  match?: (name: string) => boolean;
}

const isJsonl = (name: string): boolean => name.endsWith('.jsonl');

/**
 * List the telemetry files of a directory, sorted by name.
 * @param dir - directory path.
 * @param match - name filter (default `*.jsonl`).
 * @returns full paths of regular files that match.
 * @throws {IngestFailure} `unreadable_input` when the directory cannot be listed.
 */
export async function listTelemetryFiles(dir: string, match: (name: string) => boolean = isJsonl): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isFile() && match(e.name)).map((e) => join(dir, e.name)).sort();
  } catch (err) {
    throw new IngestFailure(ingestIssues.unreadableInput(dir, errorText(err)));
  }
}

/**
 * Read (or follow) all telemetry files of a directory.
 * @param dir - directory path.
 * @param options - {@link DirectoryOptions}.
 * @returns an async generator of {@link RawLine}s whose `file` names their file.
 * @throws {IngestFailure} `unreadable_input` when the directory cannot be listed at the start.
 * @example for await (const l of readDirectory('telemetry/', { follow: true, signal })) handle(l);
 */
export async function* readDirectory(dir: string, options: DirectoryOptions = {}): AsyncGenerator<RawLine> {
  const match = options.match ?? isJsonl;
  if (options.follow !== true) {
    for (const file of await listTelemetryFiles(dir, match)) yield* readFile(file, options);
    return;
  }
  yield* followDirectory(dir, match, options);
}

type Next = { key: string; res: IteratorResult<RawLine> };

async function* followDirectory(
  dir: string, match: (name: string) => boolean, options: DirectoryOptions,
): AsyncGenerator<RawLine> {
  // An inner controller so that a consumer that stops early also stops the followers.
  const inner = new AbortController();
  const stop = (): void => inner.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.signal?.aborted === true) inner.abort();
  const signal = inner.signal;
  const follow = { ...options, signal };
  const pollMs = checkIntOption('pollMs', options.pollMs ?? DEFAULT_POLL_MS, 1, 60_000);
  const iters = new Map<string, AsyncGenerator<RawLine>>();
  const pending = new Map<string, Promise<Next>>();
  const pull = (key: string, it: AsyncGenerator<RawLine>): void => {
    pending.set(key, it.next().then((res) => ({ key, res })));
  };
  const scan = async (): Promise<void> => {
    let files: string[];
    try {
      files = await listTelemetryFiles(dir, match);
    } catch (err) {
      if (iters.size === 0) throw err; // unreadable at start: report; later: keep following
      return;
    }
    for (const file of files) {
      if (iters.has(file)) continue;
      const it = followFile(file, follow);
      iters.set(file, it);
      pull(file, it);
    }
  };
  const SCAN = '\0scan';
  const tick = (): Promise<Next> =>
    pause(pollMs, signal).then(() => ({ key: SCAN, res: { done: true, value: undefined } }));
  try {
    await scan();
    pending.set(SCAN, tick());
    while (!signal.aborted && pending.size > 0) {
      const { key, res } = await Promise.race(pending.values());
      pending.delete(key);
      if (key === SCAN) {
        if (signal.aborted) break;
        await scan();
        pending.set(SCAN, tick());
        continue;
      }
      if (res.done === true) continue; // that follower stopped (aborted)
      yield res.value;
      const it = iters.get(key);
      if (it !== undefined) pull(key, it);
    }
  } finally {
    inner.abort();
    options.signal?.removeEventListener('abort', stop);
    await Promise.allSettled([...pending.values()]);
    await Promise.allSettled([...iters.values()].map((it) => it.return(undefined)));
  }
}
