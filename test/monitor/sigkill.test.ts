import { describe, it, expect } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMonitorCli } from '../../src/monitor/cli-run.js';
import type { OutputLine } from '../../src/telemetry/schema.js';
import { captureIO, scratch } from './cli-io.js';
import { startHookServer } from './hook-server.js';
import { fleet } from './traces.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** Starts the real CLI as one node process (no npx wrapper, so SIGKILL hits the monitor itself). */
function cli(args: string[]): { child: ChildProcess; out: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => { out += b.toString('utf8'); });
  child.stderr!.on('data', () => undefined);
  const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { child, out: () => out, exit };
}

const parse = (text: string): OutputLine[] => text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as OutputLine);
const sortKey = (l: OutputLine) => `${String(l.run)}|${l.type}|${String(l.alarm ?? '')}`;
const sorted = (ls: OutputLine[]) => [...ls].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));

describe('crash safety (SIGKILL mid-stream, restart on the same input)', () => {
  it('gives verdicts identical to an uninterrupted run, applies no round twice and sends no alarm twice', async () => {
    const dir = scratch('tbdl-kill-');
    const lines = fleet(8);
    const text = lines.join('\n') + '\n';
    // the reference: one uninterrupted run, in process
    const ref = captureIO(text);
    expect(await runMonitorCli('watch', ['--json'], ref.io)).toBe(1);
    const refLines = ref.lines();
    const refAlarms = refLines.filter((l) => l.type === 'alarm');
    expect(refAlarms.length).toBeGreaterThan(2);

    const srv = await startHookServer(0);
    try {
      const file = join(dir, 'live.jsonl');
      const state = join(dir, 'state.duckdb');
      const cut = Math.floor(lines.length * 0.6);
      writeFileSync(file, lines.slice(0, cut).join('\n') + '\n');
      const common = ['--json', '--state', state, '--webhook', srv.url];
      // 1) follow the growing file; SIGKILL as soon as the first alarm is out
      const first = cli(['watch', file, '--follow', '--poll-ms', '20', ...common]);
      for (let i = 0; i < 600 && !parse(first.out()).some((l) => l.type === 'alarm'); i++) await new Promise((r) => setTimeout(r, 50));
      first.child.kill('SIGKILL');
      expect(await first.exit).toBeNull();
      const before = parse(first.out());
      expect(before.some((l) => l.type === 'alarm')).toBe(true);
      // 2) the rest of the stream arrives; restart on the same file with the same state
      appendFileSync(file, lines.slice(cut).join('\n') + '\n');
      const second = cli(['replay', file, ...common]);
      second.child.stdin!.end();
      expect(await second.exit).toBe(1);
      const after = parse(second.out());

      const all = [...before, ...after];
      // the kill really was mid-stream: the restart decided the rest
      expect(after.filter((l) => l.type === 'verdict')).toHaveLength(8);
      expect(after.some((l) => l.type === 'alarm')).toBe(true);
      // identical verdicts (every field, duplicates counter included: nothing was applied twice)
      expect(sorted(all.filter((l) => l.type === 'verdict'))).toEqual(sorted(refLines.filter((l) => l.type === 'verdict')));
      for (const v of all.filter((l) => l.type === 'verdict')) expect(v.duplicates).toBe(0);
      // each alarm printed exactly once across both processes, identical to the reference
      expect(sorted(all.filter((l) => l.type === 'alarm'))).toEqual(sorted(refAlarms));
      // each (run, alarm) delivered once: one accepted POST per idempotency key; a POST in flight at
      // the kill may be re-sent once on restart with the same key (the receiver drops it)
      expect(srv.accepted.size).toBe(refAlarms.length);
      const repeats = srv.posts.length - srv.accepted.size;
      expect(repeats).toBeLessThanOrEqual(before.filter((l) => l.type === 'alarm').length);
      expect(new Set(srv.posts.map((p) => p.key)).size).toBe(refAlarms.length);
    } finally {
      await srv.close();
    }
  });

  it('on stdin (the whole stream re-sent after the restart), the seq check applies no round twice', async () => {
    const dir = scratch('tbdl-kill-stdin-');
    const lines = fleet(6);
    const ref = captureIO(lines.join('\n') + '\n');
    await runMonitorCli('watch', ['--json'], ref.io);
    const refLines = ref.lines();
    const srv = await startHookServer(0);
    try {
      const common = ['watch', '-', '--json', '--state', join(dir, 'state.duckdb'), '--webhook', srv.url];
      const first = cli(common);
      first.child.stdin!.write(lines.slice(0, Math.floor(lines.length * 0.6)).join('\n') + '\n');
      for (let i = 0; i < 600 && !parse(first.out()).some((l) => l.type === 'alarm'); i++) await new Promise((r) => setTimeout(r, 50));
      first.child.kill('SIGKILL');
      await first.exit;
      const second = cli(common);
      second.child.stdin!.end(lines.join('\n') + '\n');
      expect(await second.exit).toBe(1);
      const all = [...parse(first.out()), ...parse(second.out())];
      // the verdicts' evidence is the uninterrupted run's; only the redelivery counter differs
      const evidence = (ls: OutputLine[]) => sorted(ls.filter((l) => l.type === 'verdict')).map(({ duplicates: _d, ...v }) => v);
      expect(evidence(all)).toEqual(evidence(refLines));
      for (const v of all.filter((l) => l.type === 'verdict')) expect(v.probe_rounds).toBe(30);
      expect(sorted(all.filter((l) => l.type === 'alarm'))).toEqual(sorted(refLines.filter((l) => l.type === 'alarm')));
      expect(srv.accepted.size).toBe(refLines.filter((l) => l.type === 'alarm').length);
    } finally {
      await srv.close();
    }
  });
});
