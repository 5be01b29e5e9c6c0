/**
 * `tbdl replay` of a large protocol file (the CLI's own runMonitorCli, `--json`, output discarded:
 * read, parse + validate, route, detector A/B/C, commits to the in-memory store, verdicts)
 * against streaming readline + JSON.parse of the same file, measured in the same run (issue
 * target: ratio >= 0.7). Passes interleaved (reference, replay, reference, ...), medians of
 * ROUNDS; wall and CPU seconds (main thread and workers) are both reported, since on shared cores
 * the wall clock mostly measures the neighbours.
 * Input: a seeded file shaped like a fleet's telemetry (RUNS runs x 30 rounds x 256 probe items,
 * interleaved, plus train, eval and end lines): RUNS = TBDL_BENCH_INGEST_RUNS [1700], about
 * 545 MB and 107k lines; written to a temp dir and removed after.
 * Run: npm run bench -- ingest-replay   (several minutes at the default size on 2 shared cores;
 * TBDL_BENCH_INGEST_RUNS=170 for a 55 MB smoke run)
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { loadavg, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../src/rng.js';
import { runMonitorCli } from '../src/monitor/index.js';
import { interleaved, median } from './interleaved.js';

const RUNS = Number(process.env.TBDL_BENCH_INGEST_RUNS ?? 1700), ITEMS = 256, ROUNDS = 30;
const PASSES = Number(process.env.TBDL_BENCH_ROUNDS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'tbdl-bench-replay-'));
const path = join(dir, 'fleet.jsonl');
const rng = createRng(42);
const ws = createWriteStream(path);
const w = async (s: string): Promise<void> => { if (!ws.write(s + '\n')) await once(ws, 'drain'); };
const acc = (r: number): number => [0.05, 0.33, 0.6, 0.8][r % 4]!;
let lines = 0;
const put = async (o: unknown): Promise<void> => { lines++; await w(JSON.stringify(o)); };
for (let r = 0; r < RUNS; r++) {
  await put({ v: 1, type: 'run', run: `run-${r}`, ts: '2026-06-01T12:00:00Z', base: { model: 'Qwen3-8B', pool_size: 1000, pool_accuracy: 0.328 },
    probe: { size: ITEMS, every: 10, sampling: 'with_replacement', seed: 7 }, plan: { steps: ROUNDS * 10, gpus: 1, gpu_type: 'H200', usd_per_gpu_hour: 3, seconds_per_step: 6 },
    design: { alpha: 0.05, margin: 0.05, warmup_step: 100 } });
}
for (let k = 1; k <= ROUNDS; k++) {
  for (let r = 0; r < RUNS; r++) {
    const run = `run-${r}`, step = k * 10;
    await put({ v: 1, type: 'train', run, step, loss: 2 + rng.next(), grad_norm: rng.next() * 3, lr: 2e-4, ts: '2026-06-01T12:00:00Z' });
    await put({ v: 1, type: 'probe', run, step, seq: k, items: Array.from({ length: ITEMS }, () => ({ id: String(rng.int(1000)), base: rng.next() < 0.328, model: rng.next() < acc(r) })) });
  }
}
for (let r = 0; r < RUNS; r++) {
  const run = `run-${r}`;
  await put({ v: 1, type: 'eval', run, step: ROUNDS * 10, split: 'heldout', items: Array.from({ length: 300 }, (_, i) => ({ id: `h${i}`, base: rng.next() < 0.328, model: rng.next() < acc(r) })) });
  await put({ v: 1, type: 'end', run, step: ROUNDS * 10, status: 'completed' });
}
ws.end();
await once(ws, 'finish');
const mb = statSync(path).size / 1e6;
console.log(`input: ${lines} lines, ${mb.toFixed(1)} MB, ${RUNS} runs x ${ROUNDS} rounds x ${ITEMS} items`);

let sink = 0;
const reference = async (): Promise<void> => {
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const l of rl) if (l.length > 0) sink += (JSON.parse(l) as { v: number }).v;
};
const replay = async (): Promise<void> => {
  let out = 0;
  const io = {
    stdout: { write: (s: string) => { out += s.length; return true; }, isTTY: false, columns: 80 },
    stderr: { write: (s: string) => { out += s.length; } },
    stdin: (async function* () { /* unused */ })(), env: {}, signal: new AbortController().signal, now: () => Date.now(),
  };
  const code = await runMonitorCli('replay', [path, '--json'], io as unknown as Parameters<typeof runMonitorCli>[2]);
  if (code > 1) throw new Error(`replay exited ${code}`);
  sink += out;
};
const tasks: [string, () => Promise<void>][] = [
  ['reference: streaming readline + JSON.parse per line', reference],
  ['tbdl replay --json (runMonitorCli, in-memory store)', replay],
];
const { wall, cpu } = await interleaved(tasks, PASSES);
const rw = median(wall.get(tasks[0]![0])!), rc = median(cpu.get(tasks[0]![0])!);
console.table(tasks.map(([name]) => {
  const ws_ = wall.get(name)!, cs = cpu.get(name)!;
  return { task: name, MB_per_s: +(mb / median(ws_)).toFixed(1), ratio: +(rw / median(ws_)).toFixed(3), MB_per_cpu_s: +(mb / median(cs)).toFixed(1), cpu_ratio: +(rc / median(cs)).toFixed(3),
    wall_s: ws_.map((x) => x.toFixed(1)).join(' / '), cpu_s: cs.map((x) => x.toFixed(1)).join(' / ') };
}));
console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`);
rmSync(dir, { recursive: true, force: true });
if (sink === -1) console.log(sink);
