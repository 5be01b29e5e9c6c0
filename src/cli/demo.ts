/**
 * `tbdl demo`: the end-to-end story on the bundled fixtures with embedded DuckDB, in five steps:
 * simulate the study's training traces (`tbdl simulate`, byte for byte the repository's
 * fixtures/traces/sim, which the package does not ship) and replay them with the recorded real
 * job's traces through the monitor (alarms, USD saved), generate a seeded
 * benchmark sweep, score it with the de-looped oracle, analyse it, and write the HTML report.
 * It composes the same verbs a user runs one by one (printed as it goes), so the demo is also the
 * walkthrough. Exit codes: 0 ok, 2 usage error or a failed step.
 */
import { parseArgs } from 'node:util';
import { argsErrorMessage, joinNegativeValues } from './args.js';
import { existsSync } from 'node:fs';
import { claimOutDir } from './out-dir.js';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMonitorCli } from '../monitor/cli-run.js';
import type { OutputLine } from '../telemetry/schema.js';
import { run as simulate } from './simulate.js';
import { run as sweep } from './sweep.js';
import { run as score } from './score.js';
import { run as analyze } from './analyze.js';
import { run as report } from './report.js';
import { verdictSavings } from '../analysis/savings.js';
import type { TelemetryEvent } from '../telemetry/schema.js';

const HELP = `usage: tbdl demo [--out DIR] [--seeds N] [--replicates N]
  --out DIR        where everything goes (default out/demo): a missing or empty folder, or one
                   tbdl wrote before (its .tbdl-out marker); its own files are overwritten, nothing deleted
  --seeds N        seeds per cell in the benchmark sweep (default 3)
  --replicates N   bootstrap replicates in the analysis (default 2000)`;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function step(i: number, n: number, title: string, cmd: string): number {
  process.stdout.write(`\n[${i}/${n}] ${title}\n      $ ${cmd}\n`);
  return Date.now();
}
const done = (t0: number) => process.stdout.write(`      done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);

/** Replays the simulated traces and the bundled real ones; summarises alarms and money per source. */
async function replayStep(simDir: string, results: string): Promise<{ code: number; lines: OutputLine[] }> {
  const lines: OutputLine[] = [];
  let buf = '';
  const ac = new AbortController();
  const traces = [simDir, join(root, 'fixtures', 'traces', 'real')].filter((p) => existsSync(p));
  const code = await runMonitorCli('replay', [...traces, '--json', '--results', results], {
    stdout: { write: (t: string) => { buf += t; let k; while ((k = buf.indexOf('\n')) >= 0) { const l = buf.slice(0, k); buf = buf.slice(k + 1); if (l.trim()) lines.push(JSON.parse(l) as OutputLine); } }, isTTY: false },
    stderr: { write: (t: string) => { process.stderr.write(t); } },
    stdin: (async function* () { /* no stdin */ })(),
    env: {},
    signal: ac.signal,
    now: () => Date.now(),
  });
  return { code, lines };
}

function summariseReplay(lines: OutputLine[]): void {
  const verdicts = lines.filter((l) => l.type === 'verdict') as Array<Record<string, unknown>>;
  const byArm = new Map<string, { runs: number; tbdl: number; caught: number; falseAlarms: number; usd: number; faUsd: number }>();
  for (const v of verdicts) {
    const arm = String(v['run']).split('-')[0] ?? 'run';
    const a = byArm.get(arm) ?? { runs: 0, tbdl: 0, caught: 0, falseAlarms: 0, usd: 0, faUsd: 0 };
    a.runs++;
    const alarmed = v['alarm'] != null;
    if (v['tbdl'] === true) { a.tbdl++; if (alarmed) a.caught++; } else if (alarmed) a.falseAlarms++;
    const money = verdictSavings(v as unknown as Parameters<typeof verdictSavings>[0]); // saved only on TBDL runs; false-alarm stops are a cost
    a.usd += money.usd_saved; a.faUsd += money.false_alarm_usd;
    byArm.set(arm, a);
  }
  process.stdout.write('      arm        runs  TBDL  caught online  false alarms  USD saved  false-alarm USD\n');
  for (const [arm, a] of [...byArm.entries()].sort()) {
    process.stdout.write(`      ${arm.padEnd(10)} ${String(a.runs).padStart(4)} ${String(a.tbdl).padStart(5)} ${`${a.caught}/${a.tbdl}`.padStart(14)} ${String(a.falseAlarms).padStart(13)} ${a.usd.toFixed(2).padStart(10)} ${a.faUsd.toFixed(2).padStart(16)}\n`);
  }
  const rejected = lines.filter((l) => l.type === 'rejected').length;
  process.stdout.write(`      ${verdicts.length} runs, ${lines.filter((l) => l.type === 'alarm').length} alarms, ${rejected} rejected lines\n`);
}

/** Runs the demo. */
export async function run(argv: string[]): Promise<number> {
  let a;
  try {
    a = parseArgs({ args: joinNegativeValues(argv, ['seeds', 'replicates']), options: { out: { type: 'string', default: 'out/demo' }, seeds: { type: 'string', default: '3' }, replicates: { type: 'string', default: '2000' }, help: { type: 'boolean', short: 'h', default: false } } });
  } catch (e) {
    process.stderr.write(`tbdl demo: ${argsErrorMessage('demo', e)}\n${HELP}\n`);
    return 2;
  }
  if (a.values.help) { process.stdout.write(HELP + '\n'); return 0; }
  const seeds = Number(a.values.seeds), reps = Number(a.values.replicates);
  if (a.values.seeds.trim() === '' || !Number.isInteger(seeds) || seeds < 1) { process.stderr.write(`tbdl demo: invalid --seeds: ${JSON.stringify(a.values.seeds)} (expected an integer >= 1)\n`); return 2; }
  if (a.values.replicates.trim() === '' || !Number.isInteger(reps) || reps < 100) { process.stderr.write(`tbdl demo: invalid --replicates: ${JSON.stringify(a.values.replicates)} (expected an integer >= 100)\n`); return 2; }
  const out = resolve(a.values.out);
  const refuse = claimOutDir(a.values.out, 'demo'); // missing, empty or ours (marker); nothing is deleted
  if (refuse !== null) { process.stderr.write(`tbdl demo: ${refuse}
`); return 2; }
  const simDir = join(out, 'traces', 'sim');
  const results = join(out, 'results'), sweepFile = join(out, 'sweep.jsonl'), tables = join(out, 'tables'), reportDir = join(out, 'report');
  const T = Date.now();
  process.stdout.write(`tbdl demo: the whole story on the bundled fixtures -> ${out}\n`);

  let t0 = step(1, 5, 'Simulate the study\'s training traces (seeded, same bytes every time), then replay them with a real CPU fine-tuning job\'s traces through the monitor', `tbdl simulate --out ${simDir} && tbdl replay ${simDir} ${join(root, 'fixtures', 'traces', 'real')} --json --results ${results}`);
  if ((await simulate(['--out', simDir])) !== 0) { process.stderr.write('tbdl demo: simulate failed\n'); return 2; }
  const r = await replayStep(simDir, results);
  if (r.code === 2) { process.stderr.write('tbdl demo: replay failed\n'); return 2; }
  summariseReplay(r.lines);
  process.stdout.write(`      and the study's own detector on the same simulated runs (fixed 64-item probe, alarm A only), for the report\n      $ tbdl table1 --study --results ${results}\n`);
  // DuckDB, the simulator and table1 load only when the demo runs (not for --help)
  const { writeResultsTables } = await import('../analysis/rows.js');
  const { studyRuns } = await import('../sim/index.js');
  const { STUDY_DESIGN, studyDesignRows } = await import('../table1/index.js');
  const studyRows = studyDesignRows(studyRuns({ seed: 1, run: { size: STUDY_DESIGN.probe_size, sampling: STUDY_DESIGN.sampling } }).map((x) => ({ events: x.events as unknown as TelemetryEvent[] })));
  await writeResultsTables({ detector_designs: studyRows }, results);
  done(t0);

  t0 = step(2, 5, 'Generate a seeded benchmark sweep (policies act through the environment: agents x tickets x seeds x conditions)', `tbdl sweep --out ${sweepFile} --seeds ${seeds}`);
  if ((await sweep(['--out', sweepFile, '--seeds', String(seeds)])) !== 0) return 2;
  done(t0);

  t0 = step(3, 5, 'Score every episode stage by stage with the de-looped oracle', `tbdl score ${sweepFile} --out ${results}`);
  if ((await score([sweepFile, '--out', results])) !== 0) return 2;
  done(t0);

  t0 = step(4, 5, 'Analyse: seed-level aggregation with honest uncertainty (DuckDB, stratified bootstrap)', `tbdl analyze ${results} --out ${tables} --replicates ${reps}`);
  if ((await analyze([results, '--out', tables, '--replicates', String(reps)])) !== 0) return 2;
  done(t0);

  t0 = step(5, 5, 'Write the self-contained HTML report (figures rendered, no network)', `tbdl report ${results} --out ${reportDir} --replicates ${reps}`);
  if ((await report([results, '--out', reportDir, '--replicates', String(reps)])) !== 0) return 2;
  done(t0);

  process.stdout.write(`\ntbdl demo: finished in ${((Date.now() - T) / 1000).toFixed(0)} s\n  report: ${join(reportDir, 'index.html')}\n  tables: ${tables}\n  results (Parquet): ${results}\n`);
  return 0;
}
