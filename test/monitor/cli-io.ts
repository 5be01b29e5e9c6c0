/** In-process I/O for runMonitorCli in tests (no child process, no TTY). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { onTestFinished } from 'vitest';
import type { CliIO } from '../../src/monitor/cli-run.js';
import type { OutputLine } from '../../src/telemetry/schema.js';

/** A captured I/O: stdout/stderr text, stdin from given text, a controllable abort signal. */
export function captureIO(stdinText = '', opts: { tty?: boolean; env?: Record<string, string> } = {}) {
  let out = '', err = '';
  const ac = new AbortController();
  let t = 0;
  const io: CliIO = {
    stdout: { write: (s) => { out += s; }, isTTY: opts.tty === true, rows: 30 },
    stderr: { write: (s) => { err += s; } },
    stdin: Readable.from([Buffer.from(stdinText)]),
    env: opts.env ?? { PATH: '/usr/bin:/bin' },
    signal: ac.signal,
    now: () => (t += 1000),
  };
  return {
    io, abort: () => ac.abort(),
    stdout: () => out, stderr: () => err,
    lines: (): OutputLine[] => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as OutputLine),
  };
}

/** A temp directory removed when the current test finishes. */
export function scratch(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
