/**
 * Monitor ingest throughput: the whole monitor path (readFile -> parse + validate -> route by run
 * id -> detector update with alarms A/B/C, interval, exactly-once bookkeeping) against the raw
 * cost of reading the same file and JSON.parse-ing each line, measured in the same run
 * (issue 4's target: ratio >= 0.5). Then memory per tracked run and 10,000 concurrent runs in
 * one process.
 * Input: a seeded multi-run file, 200 runs x 30 rounds x 64 items interleaved (run, train and
 * probe lines, a 300-item eval and an end per run), in a temp dir.
 * Run: npx tsx bench/ingest.ts   (about 50 s on 2 shared cores)
 */
import { Bench } from 'tinybench';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createRng, type Rng } from '../src/rng.js';
import { Monitor } from '../src/monitor/index.js';
import { parseRawLine, readFile } from '../src/telemetry/index.js';

const RUNS = 200;
const ROUNDS = 30;
const ITEMS = 64;

function runEvent(run: string): string {
  return JSON.stringify({
    v: 1, type: 'run', run, ts: '2026-06-01T12:00:00Z', base: { model: 'Qwen3-8B', pool_size: 1000, pool_accuracy: 0.328 },
    probe: { size: ITEMS, every: 10, sampling: 'with_replacement', seed: 7 },
    plan: { steps: ROUNDS * 10, gpus: 1, gpu_type: 'H200', usd_per_gpu_hour: 3, seconds_per_step: 6 },
    design: { alpha: 0.05, margin: 0.05, warmup_step: 100 },
  });
}

function round(rng: Rng, run: string, k: number, acc: number): string[] {
  const step = k * 10;
  const items = Array.from({ length: ITEMS }, () => ({ id: String(rng.int(1000)), base: rng.next() < 0.328, model: rng.next() < acc }));
  return [
    JSON.stringify({ v: 1, type: 'train', run, step, loss: 2 + rng.next(), grad_norm: rng.next() * 3, lr: 2e-4, ts: '2026-06-01T12:00:00Z' }),
    JSON.stringify({ v: 1, type: 'probe', run, step, seq: k, items }),
  ];
}

function fileLines(runs: number, rounds: number, rng: Rng): string[] {
  const lines: string[] = [];
  const acc = (r: number) => [0.05, 0.33, 0.6, 0.8][r % 4]!;
  for (let r = 0; r < runs; r++) lines.push(runEvent(`run-${r}`));
  for (let k = 1; k <= rounds; k++) for (let r = 0; r < runs; r++) lines.push(...round(rng, `run-${r}`, k, acc(r)));
  for (let r = 0; r < runs; r++) {
    const run = `run-${r}`;
    const items = Array.from({ length: 300 }, (_, i) => ({ id: `h${i}`, base: rng.next() < 0.328, model: rng.next() < acc(r) }));
    lines.push(JSON.stringify({ v: 1, type: 'eval', run, step: rounds * 10, split: 'heldout', items }));
    lines.push(JSON.stringify({ v: 1, type: 'end', run, step: rounds * 10, status: 'completed' }));
  }
  return lines;
}

const dir = mkdtempSync(join(tmpdir(), 'tbdl-bench-ingest-'));
const path = join(dir, 'multi.jsonl');
const lines = fileLines(RUNS, ROUNDS, createRng(42));
writeFileSync(path, lines.join('\n') + '\n');
const bytes = statSync(path).size;
console.log(`input: ${lines.length} lines, ${(bytes / 1e6).toFixed(1)} MB, ${RUNS} runs x ${ROUNDS} rounds x ${ITEMS} items`);

let sink = 0;
const bench = new Bench({ iterations: 5, warmupIterations: 1, time: 0 });
bench
  .add('raw: readFileSync + split + JSON.parse per line', () => {
    const text = readFileSync(path, 'utf8');
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      if (nl > start) sink += (JSON.parse(text.slice(start, nl)) as { v: number }).v;
      start = nl + 1;
    }
  })
  .add('tbdl reader + parser only: readFile + parseRawLine', async () => {
    for await (const raw of readFile(path)) sink += parseRawLine(raw).kind.length;
  })
  .add('tbdl monitor: readFile + parse + validate + detector', async () => {
    const m = new Monitor();
    for await (const raw of readFile(path)) sink += m.feedRaw(raw).length;
    sink += m.finish().length;
  });
await bench.run();
const hz = (name: string) => bench.tasks.find((t) => t.name.startsWith(name))!.result!;
const raw = hz('raw');
const mon = hz('tbdl monitor');
const parseOnly = hz('tbdl reader');
const rawMean = (raw as { latency: { mean: number } }).latency.mean;
const monMean = (mon as { latency: { mean: number } }).latency.mean;
console.table(bench.tasks.map((t) => {
  const mean = (t.result as { latency: { mean: number } }).latency.mean;
  return { task: t.name, 'ms/pass': mean.toFixed(1), 'MB/s': (bytes / 1e6 / (mean / 1000)).toFixed(1), 'lines/s': Math.round(lines.length / (mean / 1000)) };
}));
const parseMean = (parseOnly as { latency: { mean: number } }).latency.mean;
console.log(`ratio (monitor throughput / raw read+JSON.parse throughput): ${(rawMean / monMean).toFixed(2)} (target >= 0.5)`);
console.log(`where the time goes: reader+parser ${((100 * parseMean) / monMean).toFixed(0)}%, routing + detector ${((100 * (monMean - parseMean)) / monMean).toFixed(0)}% of the monitor pass`);

// Memory per tracked run and 10,000 concurrent runs in one process.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const N = 10_000;
const manyRounds = 3;
const rng = createRng(7);
const runLines = Array.from({ length: N }, (_, r) => runEvent(`c-${r}`));
gc();
const heap0 = process.memoryUsage().heapUsed;
const m = new Monitor();
let lineNo = 0;
for (const l of runLines) m.feed(l, ++lineNo, 'many');
gc();
const heap1 = process.memoryUsage().heapUsed;
const t0 = performance.now();
let alarms = 0;
for (let k = 1; k <= manyRounds; k++) {
  for (let r = 0; r < N; r++) {
    for (const l of round(rng, `c-${r}`, k, r % 2 === 0 ? 0.05 : 0.6)) {
      for (const o of m.feed(l, ++lineNo, 'many')) if (o.type === 'alarm') alarms++;
    }
  }
}
const secs = (performance.now() - t0) / 1000;
gc();
const heap2 = process.memoryUsage().heapUsed;
console.log(`10,000 concurrent runs: ${m.runCount} tracked, ${N * manyRounds} rounds (${2 * N * manyRounds} lines) in ${secs.toFixed(1)} s = ${Math.round((2 * N * manyRounds) / secs)} lines/s, ${alarms} alarms`);
console.log(`memory per tracked run: ${((heap1 - heap0) / N / 1024).toFixed(1)} KiB after the run event, ${((heap2 - heap0) / N / 1024).toFixed(1)} KiB after ${manyRounds} rounds (heapUsed, after gc)`);
rmSync(dir, { recursive: true, force: true });
if (sink === -1) console.log(sink);
