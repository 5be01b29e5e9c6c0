/**
 * Start-up cost of the compiled CLI and the light entry points, each a fresh `node` process (wall
 * time of spawnSync, min and median over the rounds), beside bare `node -e 0` measured in the same
 * run (the floor no change to tbdl can go below):
 *   - `tbdl --help` and every verb's `--help` (bin/tbdl.mjs -> dist/, as installed)
 *   - importing `tbdl/detector`, `tbdl/eprocess`, `tbdl/telemetry` and the root `tbdl`
 *   - `tbdl replay` of one 316 KB simulated trace, beside streaming the same file through
 *     readline + JSON.parse in a fresh node (the raw parsing floor)
 * Uses dist/ as built (`npm ci` runs the build; after editing src/ run `npm run build` first).
 * With TBDL_STARTUP_BEFORE=DIR (the dist/ of an earlier build) the same cases also run on DIR's
 * cli/main.js and index files, interleaved in the same run, for a before/after comparison.
 * Run: npm run bench -- startup   (about 1-2 min on 2 shared cores)
 */
import { Bench } from 'tinybench';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'tbdl.mjs');
const ROUNDS = 7;

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) t = Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs);
  return t;
}
if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) throw new Error('dist/ is missing (expected the compiled CLI; run npm run build)');
if (newest(join(ROOT, 'src')) > newest(join(ROOT, 'dist'))) console.log('warning: src/ is newer than dist/; run npm run build for current numbers');

const dir = mkdtempSync(join(tmpdir(), 'tbdl-bench-startup-'));
// the 316 KB trace: generated (tbdl simulate is byte for byte the repository's fixtures/traces/sim)
const sim = join(dir, 'sim');
spawnSync(process.execPath, [BIN, 'simulate', '--out', sim], { stdio: 'ignore' });
const trace = join(sim, 'permute.qwen3-8b.seed1.tbdl.jsonl');
if (!existsSync(trace)) throw new Error(`tbdl simulate did not write ${trace}`);
const traceKb = statSync(trace).size / 1024;

const verbs = [...spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' }).stdout.matchAll(/^ {2}([a-z0-9-]+) +\S/gm)].map((m) => m[1]!);
const pkg = (sub: string) => createRequire(join(ROOT, 'package.json')).resolve(join(ROOT, 'dist', sub));
const RAW = `const rl=require('node:readline').createInterface({input:require('node:fs').createReadStream(${JSON.stringify(trace)}),crlfDelay:Infinity});let n=0;rl.on('line',(l)=>{if(l)n+=JSON.parse(l).type.length;});rl.on('close',()=>process.stdout.write(String(n)));`;

const cases: Array<[name: string, args: string[], target?: number]> = [
  ['node -e 0 (floor)', ['-e', '0']],
  ['tbdl --help', [BIN, '--help'], 0.25],
  ...verbs.map((v): [string, string[]] => [`tbdl ${v} --help`, [BIN, v, '--help']]),
  ['import tbdl/detector', ['-e', `import(${JSON.stringify(pkg('detector/index.js'))})`], 0.15],
  ['import tbdl/eprocess', ['-e', `import(${JSON.stringify(pkg('eprocess/index.js'))})`]],
  ['import tbdl/telemetry', ['-e', `import(${JSON.stringify(pkg('telemetry/index.js'))})`]],
  ['import tbdl (root: everything)', ['-e', `import(${JSON.stringify(pkg('index.js'))})`]],
  [`raw: readline + JSON.parse of the ${traceKb.toFixed(0)} KB trace`, ['-e', RAW]],
  [`tbdl replay of the ${traceKb.toFixed(0)} KB trace`, [BIN, 'replay', trace, '--json']],
];
const before = process.env['TBDL_STARTUP_BEFORE'];
if (before !== undefined && before !== '') {
  const main = join(before, 'cli', 'main.js');
  cases.push(
    ['before: tbdl --help', [main, '--help']],
    ['before: tbdl replay --help', [main, 'replay', '--help']],
    ['before: tbdl report --help', [main, 'report', '--help']],
    ['before: import detector', ['-e', `import(${JSON.stringify(join(before, 'detector', 'index.js'))})`]],
    ['before: import root', ['-e', `import(${JSON.stringify(join(before, 'index.js'))})`]],
    [`before: tbdl replay of the ${traceKb.toFixed(0)} KB trace`, [main, 'replay', trace, '--json']],
  );
}

const bench = new Bench({ iterations: ROUNDS, warmupIterations: 1, time: 0 });
for (const [name, args] of cases) {
  bench.add(name, () => {
    const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (r.status !== 0 && !(name.includes('tbdl replay of') && r.status === 1)) throw new Error(`${name}: exit ${String(r.status)}`);
  });
}
await bench.run();
rmSync(dir, { recursive: true, force: true });

const secs = (name: string): { min: number; med: number } => {
  const t = bench.tasks.find((x) => x.name === name)?.result;
  if (t === undefined || !('latency' in t)) throw new Error(`no result for ${name}`);
  return { min: t.latency.min / 1000, med: t.latency.p50 / 1000 };
};
const floor = secs('node -e 0 (floor)');
console.log(`start-up, ${ROUNDS} rounds each (wall seconds of a fresh node process; floor = bare node, same run)`);
console.log(`${'case'.padEnd(44)} ${'min'.padStart(7)} ${'median'.padStart(7)}  over floor  target`);
for (const [name, , target] of cases) {
  const s = secs(name);
  const tgt = target === undefined ? '' : `< ${target} s ${s.med < target ? 'met' : 'MISSED'}`;
  console.log(`${name.padEnd(44)} ${s.min.toFixed(3).padStart(7)} ${s.med.toFixed(3).padStart(7)}  ${(s.med - floor.med).toFixed(3).padStart(9)}   ${tgt}`);
}
