/** Fleet test helpers: a local nats-server per test, CLI child processes, small seeded runs. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { startLocalNats, type LocalNatsServer } from '../../src/fleet/local-server.js';
import type { Arm } from '../../src/sim/index.js';
import { interleave, runLines } from '../monitor/traces.js';

export const ROOT = join(import.meta.dirname, '..', '..');

/** A temp dir and a nats-server on it, both gone when the test finishes. A missing nats-server fails the test. */
export async function natsForTest(prefix: string): Promise<{ dir: string; server: LocalNatsServer }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const server = await startLocalNats(join(dir, 'js'));
  onTestFinished(async () => { await server.stop(); rmSync(dir, { recursive: true, force: true }); });
  return { dir, server };
}

/** A CLI child process (node + tsx on src/cli/main.ts) with captured output. */
export interface Child {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
}

/** Starts `tbdl ARGS` as one node process (no npx wrapper, so signals hit the CLI itself). */
export function tbdl(args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString('utf8'); });
  child.stderr!.on('data', (b: Buffer) => { err += b.toString('utf8'); });
  const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  onTestFinished(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); });
  return { child, out: () => out, err: () => err, exit };
}

/** `n` small seeded runs (`steps` steps, one probe round per 10, 40 held-out items) cycling through four arms, interleaved. */
export function smallFleet(n: number, steps = 60): string[] {
  const arms: Arm[] = ['permute', 'correct', 'noise', 'mask'];
  return interleave(Array.from({ length: n }, (_, i) => runLines(arms[i % arms.length]!, i + 1, { steps, heldout: 40 })));
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` every `everyMs` until true; throws with `what` after `limitMs`. */
export async function until(cond: () => boolean | Promise<boolean>, what: string, limitMs = 120_000, everyMs = 250): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}
