/**
 * Monitor memory over a long stream: at least 1 GB / 10,000+ simulated runs through `tbdl watch`,
 * once from a file and once from stdin, in a child process (one node process: `node --import tsx`,
 * no launcher in between), its resident set (VmRSS) sampled at every 100 MB of input consumed
 * (and at 250 MB). Bound (issue 11): the last reading at most 1.2x the reading at 250 MB, and
 * under 400 MB. The reference is the same process's own reading at 250 MB, in the same run.
 * Input: runs from src/sim (seeded, 300 steps, 64-item probes, a 300-item eval), 64 at a time
 * interleaved round-robin (a fleet), written once to a temp file (deleted at the end).
 * Input consumed: the child's read position in the file (/proc/PID/fdinfo), or the bytes written
 * to its stdin (minus nothing: the pipe holds at most 64 KiB). Linux only (/proc).
 * Run: nice npm run bench -- memory   (several minutes on 2 shared cores). Exit 1 when a bound fails.
 * A quick smoke run (not the benchmark): TBDL_BENCH_MEMORY_BYTES=3e8 TBDL_BENCH_MEMORY_RUNS=1000.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '../src/rng.js';
import { BASES, simulateRun, type Arm } from '../src/sim/index.js';

const MB = 1e6;
const TARGET_BYTES = Number(process.env.TBDL_BENCH_MEMORY_BYTES ?? 1.05e9);
const MIN_RUNS = Number(process.env.TBDL_BENCH_MEMORY_RUNS ?? 10_000);
const FLEET = 64;
const ARMS: Arm[] = ['correct', 'permute', 'noise', 'mask', 'collapse'];
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Writes the telemetry file; returns its size and run count. */
async function generate(path: string): Promise<{ bytes: number; runs: number }> {
  const out = createWriteStream(path);
  let bytes = 0, runs = 0;
  const write = async (text: string): Promise<void> => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  while (bytes < TARGET_BYTES || runs < MIN_RUNS) {
    const group: string[][] = [];
    for (let k = 0; k < FLEET; k++, runs++) {
      const seed = runs + 1;
      const arm = ARMS[runs % ARMS.length]!;
      const run = simulateRun(createRng(seed * 7919), { arm, base: BASES[seed % BASES.length]!, seed: seed % 2 ** 31, runId: `mem-${runs}-${arm}` });
      group.push(run.events.map((e) => JSON.stringify(e)));
    }
    const max = Math.max(...group.map((g) => g.length));
    let chunk = '';
    for (let i = 0; i < max; i++) for (const g of group) if (i < g.length) chunk += g[i] + '\n';
    await write(chunk);
  }
  out.end();
  await once(out, 'finish');
  return { bytes, runs };
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m === null ? NaN : Number(m[1]) / 1024;
}

/** The child's read position in `path` (0 until it has opened it). */
function filePos(pid: number, path: string): number {
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      let target = '';
      try { target = readlinkSync(`/proc/${pid}/fd/${fd}`); } catch { continue; }
      if (target !== path) continue;
      const m = /pos:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
      if (m !== null) return Number(m[1]);
    }
  } catch { /* the process ended */ }
  return 0;
}

interface Reading { atMb: number; rssMb: number }

async function measure(mode: 'file' | 'stdin', path: string, size: number): Promise<{ readings: Reading[]; verdicts: number; code: number | null; seconds: number }> {
  const args = ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'watch', mode === 'file' ? path : '-', '--json'];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: root, stdio: [mode === 'stdin' ? 'pipe' : 'ignore', 'pipe', 'inherit'] });
  const pid = child.pid!;
  let verdicts = 0, tail = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (s: string) => {
    const text = tail + s;
    const cut = text.lastIndexOf('\n');
    tail = text.slice(cut + 1);
    for (const l of text.slice(0, cut).split('\n')) if (l.startsWith('{"type":"verdict"')) verdicts++;
  });
  const marks = [100, 200, 250];
  for (let m = 300; m * MB <= size; m += 100) marks.push(m);
  const readings: Reading[] = [];
  let consumed = 0;
  const sample = (): void => {
    while (marks.length > 0 && consumed >= marks[0]! * MB) {
      readings.push({ atMb: marks.shift()!, rssMb: rssMb(pid) });
    }
  };
  const t0 = performance.now();
  const exited = once(child, 'exit') as Promise<[number | null]>;
  let feeding: Promise<void> = Promise.resolve();
  if (mode === 'stdin') {
    feeding = (async () => {
      for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
        if (!child.stdin!.write(chunk as Buffer)) await once(child.stdin!, 'drain');
        consumed += (chunk as Buffer).length;
        sample();
      }
      child.stdin!.end();
    })();
  }
  const timer = mode === 'file' ? setInterval(() => { consumed = Math.max(consumed, filePos(pid, path)); sample(); }, 20) : null;
  const [code] = await exited;
  if (timer !== null) clearInterval(timer);
  await feeding;
  return { readings, verdicts, code, seconds: (performance.now() - t0) / 1000 };
}

const dir = mkdtempSync(join(tmpdir(), 'tbdl-bench-memory-'));
let failed = false;
try {
  const file = join(dir, 'fleet.jsonl');
  const g0 = performance.now();
  const { bytes, runs } = await generate(file);
  const size = statSync(file).size;
  console.log(`input: ${(size / MB).toFixed(0)} MB, ${runs} runs (${FLEET} interleaved at a time), generated in ${((performance.now() - g0) / 1000).toFixed(0)} s`);
  if (bytes !== size) throw new Error(`generated ${bytes} bytes but the file has ${size}`);
  for (const mode of ['file', 'stdin'] as const) {
    const r = await measure(mode, file, size);
    const at250 = r.readings.find((x) => x.atMb === 250)?.rssMb ?? NaN;
    const last = r.readings[r.readings.length - 1]?.rssMb ?? NaN;
    const ratio = last / at250;
    const ok = ratio <= 1.2 && last < 400 && r.verdicts === runs;
    failed ||= !ok;
    console.log(`\nwatch ${mode === 'file' ? 'FILE' : '-'}: exit ${r.code}, ${r.verdicts} verdicts (expected ${runs}), ${r.seconds.toFixed(0)} s (${(size / MB / r.seconds).toFixed(1)} MB/s)`);
    console.log('  input MB  RSS MB');
    for (const x of r.readings) console.log(`  ${String(x.atMb).padStart(8)}  ${x.rssMb.toFixed(0).padStart(6)}`);
    console.log(`  last/at-250MB = ${ratio.toFixed(3)} (bound <= 1.2), last = ${last.toFixed(0)} MB (bound < 400): ${ok ? 'PASS' : 'FAIL'}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
