/**
 * `tbdl table1 [FILE|DIR...] [--json] [--healthy N] [--seed N] [--size N] [--design JSON]
 * [--detector JSON] [--power-study [--sizes A,B] [--seeds A,B]] [--plan JSON]`: prints the
 * study's Table 1 shape (per trap x base: TBDL count, caught online by alarm A/B/C, median alarm
 * step, false alarms, USD saved, baselines fired) from telemetry files, or, with no paths, from
 * the simulated study generated in memory. Directories are read recursively (*.jsonl).
 * `--power-study` prints the replicated-study power table of docs/power.md instead, `--plan` the
 * probe-planning table of planProbe. `--study` sets the study's own detector (fixed 64-item probe,
 * alarm A only) beside ours on the same runs; `--results DIR` writes those runs for analyze. Exit 0 on success, 2 on a usage error or unreadable input.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { argsErrorMessage, checkOutputPath, joinNegativeValues } from './args.js';
import type { DesignInput } from '../eprocess/index.js';
import { planProbe, type DetectorOptions } from '../detector/index.js';
import { createRng } from '../rng.js';
import { DEFAULT_PROBE_SIZE, healthyRuns, studyRuns, type SimRun } from '../sim/index.js';
import { nullBoundaryStudy, studyDesignRows, formatPowerStudy, formatTable1, parseJsonl, powerStudy, splitRuns, STUDY_DESIGN, table1, type TraceInput } from '../table1/index.js';
import type { TelemetryEvent } from '../telemetry/schema.js';

const HELP = `usage: tbdl table1 [FILE|DIR...] [--json] [--healthy N] [--seed N] [--size N] [--design JSON] [--detector JSON]
       tbdl table1 --power-study [--sizes 64,128,256] [--seeds 1,2,3,4,5] [--healthy N] [--design JSON] [--detector JSON]
       tbdl table1 --study [--results DIR] [--healthy N] [--null N] [--seed N]
       tbdl table1 --plan JSON

Runs the detector and the in-process baselines over each run and prints Table 1.
  FILE|DIR        telemetry v1 JSONL files or directories (recursive); none = the simulated
                  study (60 runs) generated in memory from --seed
  --json          print the full result as JSON (runs, rows, targets)
  --healthy N     add N simulated healthy runs (correct, mask) for the false-alarm study
  --seed N        master seed of the simulated runs (default 1)
  --size N        probe items per round of the simulated runs (default ${DEFAULT_PROBE_SIZE}; the study: 64)
  --design JSON   detector design override, e.g. '{"warmupRound":8,"delta":0.05}'
  --detector JSON detector options, e.g. '{"aTolerance":0,"bMethod":{"kind":"paired"}}'
  --power-study   print the power table (docs/power.md): issue 3's targets over replicated
                  simulated studies (--seeds) for each probe size (--sizes)
  --study         also run the study's own detector on the same runs (a fixed 64-item probe
                  re-scored every round, alarm A only, rounds pooled) and print it next to ours;
                  with no FILE the study-design traces are simulated from the same seeds
  --null N        with --study: also N simulated runs held at the edge of alarm A's null (base
                  accuracy - its tolerance every round): how often each design's alarm A fires
  --results DIR   with --study: write the study-design runs as DIR/detector_designs.parquet, so
                  \`tbdl analyze\` / \`tbdl report\` on DIR set them beside replay's detector_runs
  --plan JSON     print planProbe's table, e.g. '{"mu0":0.328,"delta":0.05,"expectedGap":0.025,
                  "rounds":30,"targetPower":0.9}' (optional alpha, warmupRound, sizes, reps, kappa, seed)
  -h, --help      this help
`;

function intList(v: string | undefined, dflt: number[]): number[] | null {
  if (v === undefined) return dflt;
  const xs = v.split(',').map(Number);
  return xs.every((x) => Number.isInteger(x) && x >= 0) && xs.length > 0 ? xs : null;
}

function jsonArg<T>(name: string, v: string | undefined): T | undefined | Error {
  if (v === undefined) return undefined;
  try { return JSON.parse(v) as T; } catch { return new Error(`--${name} is not JSON: ${v}`); }
}

function listJsonl(path: string): string[] {
  const st = statSync(path);
  if (!st.isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((name) => {
    const p = join(path, name);
    return statSync(p).isDirectory() ? listJsonl(p) : name.endsWith('.jsonl') ? [p] : [];
  });
}

const asTrace = (r: SimRun): TraceInput => ({ events: r.events as unknown as TelemetryEvent[], file: r.runId });

/** CLI entry (see HELP). */
export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv, ['healthy', 'seed', 'size', 'design', 'detector', 'sizes', 'seeds', 'plan', 'null']), allowPositionals: true,
      options: {
        json: { type: 'boolean' }, healthy: { type: 'string' }, seed: { type: 'string' }, size: { type: 'string' }, design: { type: 'string' },
        detector: { type: 'string' }, 'power-study': { type: 'boolean' }, study: { type: 'boolean' }, results: { type: 'string' }, null: { type: 'string' }, sizes: { type: 'string' }, seeds: { type: 'string' }, plan: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    process.stderr.write(`tbdl table1: ${argsErrorMessage('table1', e)}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) { process.stdout.write(HELP); return 0; }
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  const healthyN = values.healthy === undefined ? 0 : Number(values.healthy);
  const size = values.size === undefined ? DEFAULT_PROBE_SIZE : Number(values.size);
  if (!Number.isInteger(seed) || seed < 0 || !Number.isInteger(healthyN) || healthyN < 0 || !Number.isInteger(size) || size < 1) {
    process.stderr.write('tbdl table1: --seed and --healthy take non-negative integers, --size a positive one\n');
    return 2;
  }
  const override = jsonArg<Partial<DesignInput>>('design', values.design);
  const detector = jsonArg<DetectorOptions>('detector', values.detector);
  const plan = jsonArg<Record<string, unknown>>('plan', values.plan);
  for (const x of [override, detector, plan]) if (x instanceof Error) { process.stderr.write(`tbdl table1: ${x.message}\n`); return 2; }
  const opt = { ...(override ? { override: override as Partial<DesignInput> } : {}), ...(detector ? { detector: detector as DetectorOptions } : {}) };
  if (plan !== undefined) {
    const p = plan as Record<string, unknown>;
    try {
      const res = planProbe({ ...(p as object), rng: createRng(typeof p.seed === 'number' ? p.seed : 1) } as Parameters<typeof planProbe>[0]);
      if (values.json) { process.stdout.write(JSON.stringify(res, null, 1) + '\n'); return 0; }
      const lines = ['| probe size | power of B by round K | median alarm round | Kelly-oracle rounds after warm-up |', '|---|---|---|---|'];
      for (const r of res.table) lines.push(`| ${r.size} | ${r.power.toFixed(3)} | ${r.medianRound ?? '-'} | ${r.kellyRounds.toFixed(1)} |`);
      lines.push('', `E[D] = ${res.effect.toFixed(3)}, ${res.reps} replicates per size: ${res.size === null ? 'no candidate size meets the target' : `recommended size ${res.size} (power ${res.power?.toFixed(3)})`}`);
      process.stdout.write(lines.join('\n') + '\n');
      return 0;
    } catch (e) {
      process.stderr.write(`tbdl table1: --plan: ${(e as Error).message}\n`);
      return 2;
    }
  }
  if (values['power-study']) {
    const sizes = intList(values.sizes, [64, 128, 256]), seeds = intList(values.seeds, [1, 2, 3, 4, 5]);
    if (sizes === null || seeds === null || sizes.includes(0)) { process.stderr.write('tbdl table1: --sizes and --seeds take comma-separated integers\n'); return 2; }
    const rows = powerStudy({ sizes, seeds, healthy: healthyN, ...opt });
    process.stdout.write(values.json ? JSON.stringify(rows, null, 1) + '\n' : formatPowerStudy(rows) + '\n');
    return 0;
  }
  let traces: TraceInput[] = [];
  if (positionals.length === 0) traces = studyRuns({ seed, run: { size } }).map(asTrace);
  for (const p of positionals) {
    let files: string[];
    try { files = listJsonl(p); } catch (e) {
      process.stderr.write(`tbdl table1: cannot read ${p}: ${(e as Error).message}\n`);
      return 2;
    }
    for (const f of files) {
      const { events, skipped } = parseJsonl(readFileSync(f, 'utf8'), f);
      for (const s of skipped) process.stderr.write(`tbdl table1: skipped ${s.file}:${s.line}: ${s.reason}\n`);
      traces.push(...splitRuns(events, f));
    }
  }
  if (traces.length === 0) { process.stderr.write('tbdl table1: no runs found\n'); return 2; }
  if (values.results !== undefined && !values.study) { process.stderr.write('tbdl table1: --results needs --study (it writes the study-design runs)\n'); return 2; }
  const healthy = healthyN > 0 ? healthyRuns(healthyN, { seed, run: { size } }).map(asTrace) : [];
  // the study's design on the same runs: simulated from the same seeds with its probe, or the files' own probes
  const studyRun = { size: STUDY_DESIGN.probe_size, sampling: STUDY_DESIGN.sampling };
  const study = !values.study ? [] : positionals.length === 0 ? studyRuns({ seed, run: studyRun }).map(asTrace) : traces;
  const studyHealthy = values.study && healthyN > 0 ? healthyRuns(healthyN, { seed, run: studyRun }).map(asTrace) : [];
  const nullN = values.null === undefined ? 0 : Number(values.null);
  if (values.null !== undefined && (!values.study || !Number.isInteger(nullN) || nullN < 1)) { process.stderr.write('tbdl table1: --null takes a positive integer and needs --study\n'); return 2; }
  const res = table1(traces, { ...opt, healthy, study, studyHealthy });
  if (res.study && nullN > 0) res.study.null_boundary = nullBoundaryStudy(nullN, seed, opt.detector);
  process.stdout.write(values.json ? JSON.stringify(res, null, 1) + '\n' : formatTable1(res) + '\n');
  if (values.results !== undefined) {
    const bad = checkOutputPath('--results', values.results, 'dir');
    if (bad !== null) { process.stderr.write(`tbdl table1: ${bad}\n`); return 2; }
    const rows = studyDesignRows(study, opt.detector);
    try {
      const { writeResultsTables } = await import('../analysis/rows.js'); // DuckDB only when --results is given
      const files = await writeResultsTables({ detector_designs: rows }, values.results);
      process.stderr.write(`tbdl table1: wrote ${files.join(', ')} (${rows.length} runs under the study's detector)\n`);
    } catch (e) {
      process.stderr.write(`tbdl table1: cannot write --results ${values.results}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  return 0;
}
