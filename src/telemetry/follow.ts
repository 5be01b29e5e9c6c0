/**
 * `tail -F` for telemetry files: read a file from its start and keep reading as it grows,
 * surviving truncation (size below the read position: restart from byte 0, line numbers from 1)
 * and rotation (the path now names another inode: finish the old file, then open the new one).
 * Polls with `fs.stat` every `pollMs` (portable, works on network file systems); stops when the
 * AbortSignal fires. A partial last line is held until its newline arrives (a writer mid-line is
 * not an error); on rotation the old file's unterminated last line is emitted.
 * Limitation (shared with tail): a truncation followed by regrowth past the read position within
 * one poll interval is not detectable by size and reads on from the old offset.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { LineSplitter, type LineOptions, type RawLine } from './lines.js';
import { READ_CHUNK_BYTES } from './read.js';
import { checkIntOption } from './errors.js';

/** Why a followed file restarted. */
export interface FollowReset {
  reason: 'truncated' | 'rotated';
  file: string;
}

/** Options of {@link followFile}. */
export interface FollowOptions extends LineOptions {
  /** Stop following when this fires (the generator then returns). */
  signal?: AbortSignal;
  /** Poll interval in ms when no new data (1..60000); default 200. */
  pollMs?: number;
  /** Called when the file was truncated or rotated (line numbers restart at 1). */
  onReset?: (reset: FollowReset) => void;
}

/** Default poll interval of followers (ms). */
export const DEFAULT_POLL_MS = 200;

/** Sleep `ms` unless aborted; resolves false when aborted. */
export async function pause(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted === true) return false;
  try {
    await delay(ms, undefined, signal === undefined ? {} : { signal });
    return true;
  } catch {
    return false;
  }
}

async function inodeOf(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).ino;
  } catch {
    return undefined;
  }
}

/**
 * Follow a growing JSONL file (waits for it to appear if it does not exist yet).
 * @param path - file to follow.
 * @param options - {@link FollowOptions}: signal, pollMs, maxLineBytes, onReset.
 * @returns an async generator of {@link RawLine}; returns when `signal` aborts.
 * @throws {IngestFailure} `invalid_option` for a bad pollMs/maxLineBytes (on first iteration); a
 *   missing file is waited for; read errors other than ENOENT propagate.
 * @example
 * const ac = new AbortController();
 * for await (const line of followFile('run.jsonl', { signal: ac.signal })) handle(parseRawLine(line));
 */
export async function* followFile(path: string, options: FollowOptions = {}): AsyncGenerator<RawLine> {
  const { signal, onReset } = options;
  const pollMs = checkIntOption('pollMs', options.pollMs ?? DEFAULT_POLL_MS, 1, 60_000);
  const buf = Buffer.allocUnsafe(READ_CHUNK_BYTES);
  let fh: FileHandle | undefined;
  let ino = -1;
  let pos = 0;
  let splitter = new LineSplitter(path, options);
  const aborted = (): boolean => signal?.aborted === true;
  try {
    while (!aborted()) {
      if (fh === undefined) {
        try {
          fh = await open(path, 'r');
          ino = (await fh.stat()).ino;
          pos = 0;
          splitter = new LineSplitter(path, options);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
          if (!(await pause(pollMs, signal))) return;
          continue;
        }
      }
      if ((await fh.stat()).size < pos) {
        pos = 0;
        splitter.reset();
        onReset?.({ reason: 'truncated', file: path });
      }
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
        if (bytesRead === 0) break;
        pos += bytesRead;
        yield* splitter.push(Buffer.from(buf.subarray(0, bytesRead))); // copy: splitter may hold it
        if (aborted()) return;
      }
      const now = await inodeOf(path);
      if (now !== undefined && now !== ino) {
        for (;;) { // drain what was written to the old file before the rename
          const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
          if (bytesRead === 0) break;
          pos += bytesRead;
          yield* splitter.push(Buffer.from(buf.subarray(0, bytesRead))); // copy: splitter may hold it
        }
        yield* splitter.end();
        await fh.close();
        fh = undefined;
        onReset?.({ reason: 'rotated', file: path });
        continue;
      }
      if (!(await pause(pollMs, signal))) return;
    }
  } finally {
    await fh?.close();
  }
}
