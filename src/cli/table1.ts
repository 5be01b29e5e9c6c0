/**
 * `tbdl table1 [FILE|DIR...] [--json] [--healthy N] [--seed N] [--design JSON]`: prints the
 * study's Table 1 shape (per trap x base: TBDL count, caught online by alarm A/B/C, median alarm
 * step, false alarms, USD saved, baselines fired) from telemetry files, or, with no paths, from
 * the simulated study generated in memory. Directories are read recursively (*.jsonl).
 * Exit 0 on success, 2 on a usage error or unreadable input.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { DesignInput } from '../eprocess/index.js';
import { healthyRuns, studyRuns, type SimRun } from '../sim/index.js';
import { formatTable1, parseJsonl, splitRuns, table1, type TraceInput } from '../table1/index.js';
import type { TelemetryEvent } from '../telemetry/schema.js';

const HELP = `usage: tbdl table1 [FILE|DIR...] [--json] [--healthy N] [--seed N] [--design JSON]

Runs the detector and the in-process baselines over each run and prints Table 1.
  FILE|DIR        telemetry v1 JSONL files or directories (recursive); none = the simulated
                  study (60 runs) generated in memory from --seed
  --json          print the full result as JSON (runs, rows, targets)
  --healthy N     add N simulated healthy runs (correct, mask) for the false-alarm study
  --seed N        master seed of the simulated runs (default 1)
  --design JSON   detector design override, e.g. '{"warmupRound":8,"delta":0.05}'
  -h, --help      this help
`;

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
      args: argv, allowPositionals: true,
      options: { json: { type: 'boolean' }, healthy: { type: 'string' }, seed: { type: 'string' }, design: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    process.stderr.write(`tbdl table1: ${(e as Error).message}\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) { process.stdout.write(HELP); return 0; }
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  const healthyN = values.healthy === undefined ? 0 : Number(values.healthy);
  if (!Number.isInteger(seed) || seed < 0 || !Number.isInteger(healthyN) || healthyN < 0) {
    process.stderr.write('tbdl table1: --seed and --healthy take non-negative integers\n');
    return 2;
  }
  let override: Partial<DesignInput> | undefined;
  if (values.design !== undefined) {
    try { override = JSON.parse(values.design) as Partial<DesignInput>; } catch {
      process.stderr.write(`tbdl table1: --design is not JSON: ${values.design}\n`);
      return 2;
    }
  }
  let traces: TraceInput[] = [];
  if (positionals.length === 0) traces = studyRuns({ seed }).map(asTrace);
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
  const healthy = healthyN > 0 ? healthyRuns(healthyN, { seed }).map(asTrace) : [];
  const res = table1(traces, { ...(override ? { override } : {}), healthy });
  process.stdout.write(values.json ? JSON.stringify(res, null, 1) + '\n' : formatTable1(res) + '\n');
  return 0;
}
