/**
 * Fleet throughput: events per second through NATS JetStream (publish -> partitioned stream ->
 * consumers that commit every changed run to KV by CAS before advancing the checkpoint) with 1
 * and 3 consumer processes, against local `tbdl watch` of the same events (in process, stdin),
 * measured in the same run. Ratios, since the machine has 2 shared cores.
 * Engine pass: a fresh nats-server (-js, temp store, random port), N `tbdl watch --engine`
 * processes started and balanced first (not timed), then the clock runs from the first publish
 * to the moment the partition checkpoints account for every event. Medians of 3 passes each.
 * Not tinybench: each engine pass needs a fresh server and processes, so passes are timed by hand.
 * Input: 500 seeded simulated runs (60 steps, 6 probe rounds of 64 items, 40 held-out items), interleaved.
 * Run: npm run bench -- fleet   (needs nats-server: apt-get install nats-server; about 2 minutes)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { openFleet } from '../src/fleet/engine.js';
import { startLocalNats } from '../src/fleet/local-server.js';
import { publishLines } from '../src/fleet/publish.js';
import { listKeys, readKey } from '../src/fleet/records.js';
import type { Checkpoint } from '../src/fleet/worker.js';
import { runMonitorCli } from '../src/monitor/cli-run.js';
import { createRng } from '../src/rng.js';
import { BASES, simulateRun, type Arm } from '../src/sim/index.js';
import type { RawLine } from '../src/telemetry/lines.js';
import { median } from './interleaved.js';

const RUNS = 500;
const PASSES = 3;
const ROOT = join(import.meta.dirname, '..');
const arms: Arm[] = ['permute', 'correct', 'noise', 'mask'];
const perRun = Array.from({ length: RUNS }, (_, i) => simulateRun(createRng(1000 + i * 7), {
  arm: arms[i % 4]!, base: BASES[i % BASES.length]!, seed: i + 1, steps: 60, heldoutSize: 40,
}).events.map((e) => JSON.stringify(e)));
const lines: string[] = [];
for (let k = 0; lines.length < perRun.reduce((a, r) => a + r.length, 0); k++) for (const r of perRun) if (k < r.length) lines.push(r[k]!);
const text = lines.join('\n') + '\n';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function localWatch(): Promise<number> {
  const io = {
    stdout: { write: () => undefined, isTTY: false }, stderr: { write: () => undefined },
    stdin: Readable.from([Buffer.from(text)]), env: {}, signal: new AbortController().signal, now: () => Date.now(),
  };
  const t0 = performance.now();
  await runMonitorCli('watch', ['--json'], io);
  return performance.now() - t0;
}

async function* rawLines(): AsyncGenerator<RawLine> {
  for (const [i, t] of lines.entries()) yield { text: t, lineNo: i + 1, file: 'bench' };
}

async function enginePass(consumers: number): Promise<{ ms: number; publishMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'tbdl-bench-fleet-'));
  const server = await startLocalNats(join(dir, 'js'));
  const fleet = await openFleet(server.url, { partitions: 16 });
  const kids: ChildProcess[] = [];
  try {
    for (let c = 0; c < consumers; c++) {
      kids.push(spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'watch', '--engine', server.url, '--consumer-id', `b${c}`, '--json'],
        { cwd: ROOT, stdio: ['ignore', 'ignore', 'ignore'] }));
    }
    // balanced: every partition leased, by `consumers` distinct owners, each at most ceil(16 / consumers)
    for (;;) {
      const owners = new Map<string, number>();
      for (const k of await listKeys(fleet.kv, 'lease.')) {
        const o = (await readKey<{ owner: string }>(fleet.kv, k)).value?.owner;
        if (o !== undefined) owners.set(o, (owners.get(o) ?? 0) + 1);
      }
      const held = [...owners.values()];
      if (owners.size === consumers && held.reduce((a, b) => a + b, 0) === 16 && Math.max(...held) <= Math.ceil(16 / consumers)) break;
      await sleep(200);
    }
    const t0 = performance.now();
    await publishLines(rawLines(), { js: fleet.js, names: fleet.names, partitions: 16, onSkip: () => undefined });
    const publishMs = performance.now() - t0;
    for (;;) {
      let n = 0;
      for (let p = 0; p < 16; p++) n += (await readKey<Checkpoint>(fleet.kv, `ckpt.${p}`)).value?.messages ?? 0;
      if (n >= lines.length) break;
      await sleep(20);
    }
    return { ms: performance.now() - t0, publishMs };
  } finally {
    for (const k of kids) k.kill('SIGTERM');
    await Promise.all(kids.map((k) => new Promise((r) => { if (k.exitCode !== null) r(null); else k.once('exit', r); })));
    await fleet.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const local: number[] = [], one: number[] = [], three: number[] = [], pub: number[] = [];
for (let i = 0; i < PASSES; i++) { // interleaved passes
  local.push(await localWatch());
  const a = await enginePass(1); one.push(a.ms); pub.push(a.publishMs);
  const b = await enginePass(3); three.push(b.ms); pub.push(b.publishMs);
}
const rate = (ms: number) => Math.round(lines.length / (ms / 1000));
const rows = [
  ['local tbdl watch (in process, stdin)', median(local)],
  ['engine, 1 consumer (publish -> commit)', median(one)],
  ['engine, 3 consumers (publish -> commit)', median(three)],
  ['publish alone (in the engine passes)', median(pub)],
] as const;
console.log(`${lines.length} events, ${RUNS} runs, ${(text.length / 1e6).toFixed(1)} MB; medians of ${PASSES} passes`);
for (const [name, ms] of rows) console.log(`${name.padEnd(42)} ${ms.toFixed(0).padStart(7)} ms  ${String(rate(ms)).padStart(7)} events/s  ratio ${(median(local) / ms).toFixed(2)}`);
