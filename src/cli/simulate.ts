/**
 * `tbdl simulate --out DIR [--seed N] [--healthy N] [--size N]`: writes the 60 simulated study traces
 * (4 bases x 3 seeds x correct, permute, noise, mask, collapse) as protocol-v1 JSONL files named
 * by their verdict (`permute.qwen3-8b.seed1.tbdl.jsonl`), and optionally N healthy runs under
 * DIR/healthy/. Same seed, same bytes. Exit 0 on success, 2 on a usage error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { argsErrorMessage, checkOutputPath, joinNegativeValues } from './args.js';
import { DEFAULT_PROBE_SIZE, fixtureName, healthyRuns, studyRuns, toJsonl, type SimRun } from '../sim/index.js';

const HELP = `usage: tbdl simulate --out DIR [--seed N] [--healthy N] [--size N]

Writes the simulated study traces (telemetry v1 JSONL), one file per run, named
<arm>.<base>.seed<k>.<verdict>.jsonl (verdict: learned | benign | tbdl).
  --out DIR       output directory (created)
  --seed N        master seed (default 1); same seed, same bytes
  --healthy N     also write N healthy runs (correct and mask) to DIR/healthy/
  --size N        probe items per round (default ${DEFAULT_PROBE_SIZE}, the recommended design of
                  docs/power.md; the reference study used 64)
  -h, --help      this help
`;

function intArg(name: string, v: string | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`invalid --${name}: ${v} (expected a non-negative integer)`);
  return n;
}

function writeRuns(dir: string, runs: readonly SimRun[]): number {
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (const r of runs) {
    const text = toJsonl(r);
    bytes += Buffer.byteLength(text);
    writeFileSync(join(dir, fixtureName(r)), text);
  }
  return bytes;
}

/** CLI entry (see HELP). */
export async function run(argv: string[]): Promise<number> {
  let values: { out?: string | undefined; seed?: string | undefined; healthy?: string | undefined; size?: string | undefined; help?: boolean | undefined };
  try {
    values = parseArgs({ args: joinNegativeValues(argv, ['out', 'seed', 'healthy', 'size']), options: { out: { type: 'string' }, seed: { type: 'string' }, healthy: { type: 'string' }, size: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (e) {
    process.stderr.write(`tbdl simulate: ${argsErrorMessage('simulate', e)}\n`);
    return 2;
  }
  if (values.help) { process.stdout.write(HELP); return 0; }
  if (values.out === undefined) { process.stderr.write(`tbdl simulate: --out DIR is required\n${HELP}`); return 2; }
  if (values.out === '-') { process.stderr.write('tbdl simulate: invalid --out: "-" (expected a directory; simulate writes one file per run, not a stream)\n'); return 2; }
  const pathError = checkOutputPath('--out', values.out, 'dir');
  if (pathError !== null) { process.stderr.write(`tbdl simulate: ${pathError}\n`); return 2; }
  let seed: number, healthy: number, size: number;
  try {
    seed = intArg('seed', values.seed, 1);
    healthy = intArg('healthy', values.healthy, 0);
    size = intArg('size', values.size, DEFAULT_PROBE_SIZE);
    if (size < 1) throw new Error(`invalid --size: ${values.size} (expected an integer >= 1)`);
  } catch (e) {
    process.stderr.write(`tbdl simulate: ${(e as Error).message}\n`);
    return 2;
  }
  const study = studyRuns({ seed, run: { size } });
  const bytes = writeRuns(values.out, study);
  process.stdout.write(`wrote ${study.length} study traces (${(bytes / 1e6).toFixed(2)} MB) to ${values.out}\n`);
  if (healthy > 0) {
    const dir = join(values.out, 'healthy');
    const hb = writeRuns(dir, healthyRuns(healthy, { seed, run: { size } }));
    process.stdout.write(`wrote ${healthy} healthy traces (${(hb / 1e6).toFixed(2)} MB) to ${dir}\n`);
  }
  return 0;
}
