/**
 * Ingest-parse throughput: tbdl's reader + parser (readFile -> parseRawLine: line splitting,
 * size check, JSON.parse, schema validation) against the raw cost of streaming the same file,
 * splitting it on newlines and JSON.parse-ing each line (no limits, no validation), measured in the same run (issue 4 asks for a ratio of at least 0.5).
 * Input: a generated multi-run file (200 runs interleaved; train lines and probe rounds of 64
 * items), written to a temp dir. Seeded (src/rng.ts), so every run measures the same bytes.
 * Run: npx tsx bench/ingest-parse.ts   (about 25 s on 2 shared cores)
 */
import { Bench } from 'tinybench';
import { createReadStream, mkdtempSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../src/rng.js';
import { readFile, parseRawLine } from '../src/telemetry/index.js';
import { median } from './interleaved.js';

const RUNS = 200;
const ROUNDS = 60;
const ITEMS = 64;

function makeFile(path: string): number {
  const rng = createRng(42);
  const lines: string[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (let r = 0; r < RUNS; r++) {
      const run = `run-${r}`;
      const step = round * 10;
      lines.push(JSON.stringify({ v: 1, type: 'train', run, step, loss: 2 + rng.next(), grad_norm: rng.next() * 3, lr: 2e-4, ts: '2026-06-01T12:00:00Z' }));
      const items = Array.from({ length: ITEMS }, () => ({ id: String(rng.int(1000)), base: rng.next() < 0.33, model: rng.next() < 0.3 }));
      lines.push(JSON.stringify({ v: 1, type: 'probe', run, step, seq: round, items }));
    }
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return lines.length;
}

const dir = mkdtempSync(join(tmpdir(), 'tbdl-bench-'));
const file = join(dir, 'multi-run.jsonl');
const nLines = makeFile(file);
const mib = statSync(file).size / 2 ** 20;
let sink = 0;

const REF = 'reference: stream + split + JSON.parse';
const OURS = 'tbdl: readFile + parseRawLine (validated)';
/** One tinybench round of both tasks; returns mean seconds per pass of each. */
async function round(): Promise<{ ref: number; ours: number }> {
  const bench = new Bench({ iterations: 2, warmupIterations: 1, time: 0 });
  bench
    .add(REF, async () => {
      // Raw cost: stream the file, split on \n, decode, JSON.parse. No limits, no validation.
      let rest: Buffer = Buffer.alloc(0);
      for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
        const buf = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
        let start = 0;
        for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
          if (nl > start) sink += (JSON.parse(buf.toString('utf8', start, nl)) as { step: number }).step;
          start = nl + 1;
        }
        rest = buf.subarray(start);
      }
    })
    .add(OURS, async () => {
      for await (const raw of readFile(file)) {
        const r = parseRawLine(raw);
        if (r.kind === 'event' && r.event.type !== 'run') sink += r.event.step;
      }
    });
  await bench.run();
  const mean = (name: string): number => {
    const t = bench.tasks.find((x) => x.name === name)?.result;
    if (t === undefined || !('latency' in t)) throw new Error(`no result for ${name}`);
    return t.latency.mean / 1000;
  };
  return { ref: mean(REF), ours: mean(OURS) };
}
// Shared CPUs drift: alternate short rounds and report the median of the per-round ratios.
const rounds: Array<{ ref: number; ours: number }> = [];
for (let i = 0; i < 3; i++) rounds.push(await round());
rmSync(dir, { recursive: true, force: true });

const ref = median(rounds.map((r) => r.ref));
const ours = median(rounds.map((r) => r.ours));
const ratio = median(rounds.map((r) => r.ref / r.ours));
console.log(`file: ${nLines} lines, ${mib.toFixed(1)} MiB, ${RUNS} runs interleaved (probe rounds of ${ITEMS} items)`);
for (const [name, sec] of [['reference (read + JSON.parse)', ref], ['tbdl readFile + parseRawLine', ours]] as const) {
  console.log(`${name.padEnd(32)} ${(nLines / sec / 1e3).toFixed(0).padStart(6)} k lines/s  ${(mib / sec).toFixed(0).padStart(5)} MiB/s  (median of 3 rounds)`);
}
console.log(`per-round ratios: ${rounds.map((r) => (r.ref / r.ours).toFixed(2)).join(', ')}`);
console.log(`ratio tbdl/reference throughput (median): ${ratio.toFixed(2)} (target >= 0.5)   [sink ${sink > 0 ? 'ok' : 'empty'}]`);
