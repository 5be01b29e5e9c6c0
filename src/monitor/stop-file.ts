/**
 * Stop sentinels: the file the in-job Python helper polls to set the trainer's stop flag.
 * Written atomically (write a temp file in the same directory, fsync, rename), so a reader
 * sees either no file or the whole JSON, never a torn write. The temp file is never at a
 * predictable path: it lives in a fresh private folder made by mkdtemp inside the target
 * directory (exclusive, mode 0700, unguessable name), and is created with O_EXCL | O_NOFOLLOW, so
 * a link planted in a shared stop dir can never redirect the write; the rename replaces a link at
 * the target itself, never what it points to.
 */
import { constants } from 'node:fs';
import { mkdir, mkdtemp, open, rename, rmdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AlarmLine } from '../telemetry/schema.js';
import { safeRunFileName } from './safe-name.js';

/**
 * Writes `content` to `path` atomically: temp file (exclusive, no link followed) in a private
 * folder beside it, fsync, rename over the target.
 * @param path the target file (its directory is created if missing).
 * @param content the full file content.
 * @throws Node's fs errors (ENOENT, EACCES, ...) after removing the temp file and folder.
 * @example await writeFileAtomic('/tmp/stop.json', '{"run":"r1"}\n');
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const priv = await mkdtemp(join(dir, '.tbdl-tmp-'));
  const tmp = join(priv, 'sentinel');
  try {
    const fh = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    try {
      await fh.writeFile(content, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  } finally {
    await rmdir(priv).catch(() => undefined);
  }
}

/** The JSON a sentinel holds: the run id, the alarm line and when the monitor wrote it. */
export interface StopSentinel {
  run: string;
  alarm: AlarmLine;
  written_at: string;
}

/** Serialises a sentinel (one JSON object and a newline). */
export function sentinelText(alarm: AlarmLine, now: Date): string {
  const s: StopSentinel = { run: alarm.run, alarm, written_at: now.toISOString() };
  return JSON.stringify(s) + '\n';
}

/**
 * `--stop-file PATH`: writes the sentinel for this alarm at PATH (the latest alarm wins).
 * @example await writeStopFile('/srv/tbdl/STOP', alarm, new Date());
 */
export async function writeStopFile(path: string, alarm: AlarmLine, now: Date): Promise<string> {
  await writeFileAtomic(path, sentinelText(alarm, now));
  return path;
}

/**
 * `--stop-dir DIR`: writes one sentinel per run at `DIR/<safeRunFileName(run)>`; the run id is
 * never used as a path component itself.
 * @returns the path written.
 * @example await writeStopDirSentinel('/srv/tbdl/stops', alarm, new Date()); // '/srv/tbdl/stops/r1-<hex>.json'
 */
export async function writeStopDirSentinel(dir: string, alarm: AlarmLine, now: Date): Promise<string> {
  const path = join(dir, safeRunFileName(alarm.run));
  await writeFileAtomic(path, sentinelText(alarm, now));
  return path;
}
