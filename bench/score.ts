/**
 * `tbdl score` end to end: parse, validate, score and write Parquet, against streaming readline +
 * JSON.parse of the same file measured in the same run. Rows: the CLI's own `run` in process with
 * the default worker threads (cores - 1, at most 4) and with `--workers 0`; the built CLI as a
 * process (`node dist/cli/main.js score`, start-up included: what a user runs; built first); and
 * the path without writing, to attribute the writer's share. Passes interleaved, medians of
 * ROUNDS; CPU seconds cover every thread of the process (workers and DuckDB's included).
 * Target: >= 20,000 episodes/s end to end.
 * Input: a seeded sweep (generateSweep, 5 agents x 20 tickets x 8 conditions x seeds) of about
 * N episodes in a temp dir; N = TBDL_BENCH_SCORE_N [100000] (about 2.8 KB per line, 283 MB).
 * Run: npm run bench -- score   (about two minutes on 2 cores at the default N)
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { execFileSync, spawnSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generateSweep } from '../src/oracle/index.js';
import { interleaved, median } from './interleaved.js';
import { run as scoreRun } from '../src/cli/score.js';

const N = Number(process.env.TBDL_BENCH_SCORE_N ?? 100_000);
const root = fileURLToPath(new URL('..', import.meta.url));
/** What `tbdl score` picks by default for input of 128 MiB or more (the default 283 MB input). */
const WORKERS = Math.min(4, Math.max(1, availableParallelism() - 1));
const ROUNDS = Number(process.env.TBDL_BENCH_ROUNDS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'tbdl-bench-score-'));
const path = join(dir, 'sweep.jsonl');
const seeds = Math.max(1, Math.ceil(N / 800));
const ws = createWriteStream(path);
let n = 0;
for (const e of generateSweep({ seeds })) {
  if (n >= N) break;
  if (!ws.write(JSON.stringify(e) + '\n')) await once(ws, 'drain');
  n++;
}
ws.end();
await once(ws, 'finish');
const mb = statSync(path).size / 1e6;
console.log(`input: ${n} episodes, ${mb.toFixed(1)} MB`);

let sink = 0;
async function reference(): Promise<void> {
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const l of rl) if (l.length > 0) sink += (JSON.parse(l) as { v: number }).v;
}
// the CLI reports on stderr; keep its summary line out of the table
const quiet = async (argv: string[]): Promise<void> => {
  const w = process.stderr.write.bind(process.stderr);
  (process.stderr as unknown as { write: () => boolean }).write = () => true;
  try { if ((await scoreRun(argv)) !== 0) throw new Error(`tbdl score ${argv.join(' ')} failed`); } finally { (process.stderr as unknown as { write: typeof w }).write = w; }
};
// the installed CLI runs dist/: build it once, then time it as a process (node start-up and module
// loading included; CPU of a child process is not measured, so that row has wall time only)
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
const cli = join(root, 'dist/cli/main.js');
const processRun = (extra: string[]) => async (): Promise<void> => {
  const r = spawnSync(process.execPath, [cli, 'score', path, '--out', join(dir, 'out-cli'), '--quiet', ...extra], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tbdl score (dist) exited ${r.status}: ${r.stderr}`);
};
const PROCESS = 'tbdl score as a process (node dist/cli/main.js)';
const tasks: [string, () => Promise<void>][] = [
  ['reference: streaming readline + JSON.parse per line', reference],
  [`${PROCESS}, default --workers (${WORKERS} here)`, processRun([])],
  [`${PROCESS}, --workers 0 (one thread)`, processRun(['--workers', '0'])],
  ['tbdl score end to end, --workers 0, in process (run())', () => quiet([path, '--out', join(dir, 'out0'), '--quiet', '--workers', '0'])],
  ['tbdl score without --out, --workers 0: parse + validate + score', () => quiet([path, '--quiet', '--workers', '0'])],
];
const { wall: secs, cpu: cpuSecs } = await interleaved(tasks, ROUNDS);
const ref = median(secs.get(tasks[0]![0])!), refCpu = median(cpuSecs.get(tasks[0]![0])!);
console.table(tasks.map(([name]) => {
  const s = secs.get(name)!, c = cpuSecs.get(name)!;
  return {
    task: name, episodes_per_s: Math.round(n / median(s)), ratio_vs_reference: +(ref / median(s)).toFixed(3),
    ...(name.startsWith(PROCESS)
      ? { episodes_per_cpu_s: '-', cpu_ratio_vs_reference: '-', wall_s: s.map((x) => x.toFixed(2)).join(' / '), cpu_s: '-' }
      : { episodes_per_cpu_s: Math.round(n / median(c)), cpu_ratio_vs_reference: +(refCpu / median(c)).toFixed(3), wall_s: s.map((x) => x.toFixed(2)).join(' / '), cpu_s: c.map((x) => x.toFixed(2)).join(' / ') }),
  };
}));
console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`);
rmSync(dir, { recursive: true, force: true });
if (sink < 0) console.log(sink);
