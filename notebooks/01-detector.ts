// %% [markdown]
// # Finding 1 — trains but does not learn, caught before payment
//
// A run that trains but does not learn (TBDL) has a falling loss and green in-process signals; the
// delivered model is no better than the base. This notebook replays the bundled telemetry
// (`fixtures/traces/sim`: 60 seeded simulated runs, 4 bases x 3 seeds x arms correct / permute / noise /
// mask / collapse; `fixtures/traces/real`: 12 runs of a real small CPU training job, a digits MLP with
// arms correct / permute / noise / mask x 3 seeds, see its PROVENANCE.md) through the monitor
// engine and the clean-probe detector **through the library API** (no CLI), then:
//
// 1. Table 1 per trap x base: TBDL, caught by alarms A / B / C and by any, median alarm step, false
//    alarms with their exact one-sided 95% upper bound, USD saved, and the in-process baseline rules;
// 2. the analysis tables `trap_base`, `detector_baselines`, `learned_audit` (exact intervals);
// 3. the figures: the detector figure, trap catch, alarm-step histogram, baselines vs detector;
// 4. the validity story in small: a seeded Monte Carlo of the false-alarm rate at the null boundary
//    (2,000 simulated runs x 30 rounds x 64 probe items) next to the peeking negative control.
//
// Run: `npx tsx notebooks/01-detector.ts [--out DIR]` (default `out/notebooks/01-detector`).
// Deterministic: the traces are fixed files, the analysis bootstrap seed is 1 (1,000 replicates),
// the Monte Carlo seed is 20260101. Runs in ~15-45 s on 2 shared cores (the longest notebook: five
// sections of prose and code, hence over the usual file length).

// %%
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Monitor, ResultsCollector, RULE_ABBREV, alarmStepHistogram, analysisClopperPearson, clopperPearsonUpper,
  analyzeResults, baselinesFigure, bettingInit, bettingLogValue, bettingUpdateRound, col, createRng,
  detectorFigure, getTable, listTelemetryFiles, mcnemarExact, openResults, parseJsonl, readFile, rowsOf, splitRuns,
  table1, trapCatchFigure, writeResults,
} from '../src/index.js';
import type {
  AlarmStepRow, AnalysisTable, Cell, DetectorState, OutputLine, RuleFireRow, SeriesRow, TraceInput, TrapCatchRow,
} from '../src/index.js';
import { REPO_ROOT, finish, heading, key, notebookMeta, notebookOut, num, writeFigure, writeTable } from './_shared.js';

const out = notebookOut('01-detector', process.argv.slice(2));
const TRACE_DIRS = ['fixtures/traces/sim', 'fixtures/traces/real'].map((d) => join(REPO_ROOT, d));
const ANALYSIS = { seed: 1, replicates: 1000, alpha: 0.05 } as const;

// %% [markdown]
// ## 1. Replay every trace through the monitor engine
// `Monitor` keeps one detector state per run, prints alarms as they happen and a verdict at `end`
// (T, Learned by the exact one-sided McNemar test plus the margin, TBDL = T and not Learned).
// `ResultsCollector` + `writeResults` turn the final states into the results tables
// (`detector_runs`, `detector_series`, `baseline_alarms`; docs/results-schema.md).

// %%
const collector = new ResultsCollector();
const monitor = new Monitor({ onEvent: (ev) => collector.observe(ev) });
const lines: OutputLine[] = [];
const files: string[] = [];
for (const dir of TRACE_DIRS) {
  for (const file of await listTelemetryFiles(dir)) {
    files.push(file);
    for await (const raw of readFile(file)) lines.push(...monitor.feedRaw(raw));
  }
}
lines.push(...monitor.finish());
const states = monitor.runIds().map((id) => monitor.state(id)).filter((s): s is DetectorState => s !== undefined);
const resultsDir = join(out.dir, 'results');
const written = await writeResults(resultsDir, states, collector);
const alarms = lines.filter((l) => l.type === 'alarm').length;
heading('Replay');
console.log(`${files.length} files, ${monitor.runCount} runs, ${alarms} alarms, ${lines.filter((l) => l.type === 'verdict').length} verdicts, ${lines.filter((l) => l.type === 'rejected').length} rejected lines`);
console.log(`results tables: ${Object.entries(written).map(([k, v]) => `${k} ${v} rows`).join(', ')} -> ${resultsDir}`);

// %% [markdown]
// ## 2. Table 1 per trap x base
// `table1` runs the same detector (and the ten in-process baseline rules) on each trace and tabulates
// the study's columns. We add the exact intervals: a two-sided 95% Clopper-Pearson interval on the
// catch rate among TBDL runs, and the exact one-sided 95% upper bound on the false-alarm rate among
// the runs that are not TBDL (0 of 36 still allows about 8%).

// %%
const traces: TraceInput[] = files.flatMap((file) => splitRuns(parseJsonl(readFileSync(file, 'utf8'), file).events, file));
const t1 = table1(traces);
const ruleCols = t1.rules.map((r) => col(`fired_${RULE_ABBREV[r] ?? r}`, 'VARCHAR', RULE_ABBREV[r] ?? r));
const table1Table: AnalysisTable = {
  name: 'table1',
  title: 'Table 1 — TBDL per trap x base, online catches by alarm, false alarms, USD saved, baseline rules',
  columns: [col('arm', 'VARCHAR'), col('base', 'VARCHAR'), col('runs', 'INTEGER'), col('tbdl', 'INTEGER'),
    col('caught_a', 'INTEGER', 'A'), col('caught_b', 'INTEGER', 'B'), col('caught_c', 'INTEGER', 'C'), col('caught_kn', 'VARCHAR', 'caught'),
    col('caught_rate', 'DOUBLE'), col('caught_lower', 'DOUBLE'), col('caught_upper', 'DOUBLE'), col('median_alarm_step', 'DOUBLE'),
    col('false_alarm_kn', 'VARCHAR', 'false alarms'), col('false_alarm_upper95', 'DOUBLE', 'FA upper 95%'), col('usd_saved', 'DOUBLE'), ...ruleCols],
  rows: t1.rows.map((r) => {
    const ci = analysisClopperPearson(r.caught, r.tbdl, ANALYSIS.alpha);
    const healthy = r.runs - r.tbdl;
    const row: Record<string, Cell> = {
      arm: r.arm, base: r.base, runs: r.runs, tbdl: r.tbdl, caught_a: r.caught_a, caught_b: r.caught_b, caught_c: r.caught_c,
      caught_kn: `${r.caught}/${r.tbdl}`, caught_rate: ci.estimate, caught_lower: ci.lower, caught_upper: ci.upper,
      median_alarm_step: r.median_alarm_step, false_alarm_kn: `${r.false_alarms}/${healthy}`,
      false_alarm_upper95: healthy > 0 ? clopperPearsonUpper(r.false_alarms, healthy, 0.05) : null, usd_saved: r.usd_saved,
    };
    for (const rule of t1.rules) row[`fired_${RULE_ABBREV[rule] ?? rule}`] = `${r.baselines[rule] ?? 0}/${r.runs}`;
    return row;
  }),
  notes: [
    `${t1.runs.length} runs from fixtures/traces/sim and fixtures/traces/real; one row per (arm, base) and a pooled "all" row per arm`,
    'caught = TBDL runs with an alarm before the planned last step (A worse_than_base, B not_learned, C collapse); Clopper-Pearson 95% interval',
    'false alarms = alarms on runs whose verdict is not TBDL; FA upper 95% = exact one-sided Clopper-Pearson bound',
    `baseline columns: runs on which the rule fired / runs (${t1.rules.map((r) => `${RULE_ABBREV[r] ?? r} = ${r}`).join(', ')})`,
  ],
};
const meta1 = notebookMeta({ options: { ...ANALYSIS, seed: ANALYSIS.seed, epsilon: 0.05, power: 0.8, resampleBases: false }, counts: { traces: traces.length } });
writeTable(out, table1Table, meta1);
heading('Table 1 (pooled over bases)');
for (const r of table1Table.rows.filter((x) => x['base'] === 'all')) {
  if (num(r['tbdl']) > 0) key(`table1.${String(r['arm'])}.caught`, num(r['caught_rate']), { lower: num(r['caught_lower']), upper: num(r['caught_upper']) }, String(r['caught_kn']));
}
const healthy = t1.runs.filter((r) => r.tbdl !== true);
const healthyFa = healthy.filter((r) => r.alarm_step !== null).length;
key('table1.not_tbdl.false_alarm', healthyFa / healthy.length, { lower: 0, upper: clopperPearsonUpper(healthyFa, healthy.length, 0.05) }, `${healthyFa}/${healthy.length}`);

// %% [markdown]
// ## 3. The analysis tables (seed-level, exact intervals)
// `analyzeResults` reads the results folder into an in-memory DuckDB and returns every table it can
// build; the detector-side ones are `trap_base` (Table 1 with intervals, false alarm = alarm on a run
// that learned), `detector_baselines` (each rule's sensitivity and false-alarm rate) and the per-run
// `learned_audit` (b, c, exact McNemar recomputed).

// %%
const analysis = await analyzeResults(resultsDir, ANALYSIS);
for (const name of ['trap_base', 'detector_baselines', 'learned_audit']) {
  const t = getTable(analysis, name);
  if (t) writeTable(out, t, analysis.meta);
}
const trapBase = getTable(analysis, 'trap_base')!;
const baselinesT = getTable(analysis, 'detector_baselines')!;
heading('trap_base (pooled over bases)');
for (const r of trapBase.rows.filter((x) => x['base'] === '(all bases)')) {
  const arm = String(r['arm']);
  if (num(r['tbdl']) > 0) key(`trap_base.${arm}.caught`, num(r['caught_rate']), { lower: num(r['caught_lower']), upper: num(r['caught_upper']) }, String(r['caught_kn']));
  if (num(r['learned']) > 0) key(`trap_base.${arm}.false_alarm`, num(r['false_alarm_rate']), { lower: 0, upper: num(r['false_alarm_upper95_one_sided']) }, String(r['false_alarm_kn']));
  if (num(r['usd_saved']) > 0) key(`trap_base.${arm}.usd_saved`, num(r['usd_saved']));
}
heading('Detector vs in-process rules (sensitivity on TBDL runs, false alarms on learning runs)');
for (const r of baselinesT.rows) {
  key(`baselines.${String(r['rule']).replaceAll(' ', '_')}.false_alarm`, num(r['false_alarm_rate']), { lower: num(r['false_alarm_lower']), upper: num(r['false_alarm_upper']) }, String(r['false_alarm_kn']));
  key(`baselines.${String(r['rule']).replaceAll(' ', '_')}.sensitivity`, num(r['sensitivity_rate']), { lower: num(r['sensitivity_lower']), upper: num(r['sensitivity_upper']) }, String(r['sensitivity_kn']));
}

// %% [markdown]
// ## 4. Figures
// The detector figure shows a correct run and a caught permute run of the same base and seed: the
// train losses fall together while the permute run's log e-value crosses log(1/alpha_A) long before
// the held-out evaluation at the last step. The pair is picked from `detector_runs` with SQL.

// %%
const db = await openResults(resultsDir);
const runs = rowsOf(await db.query('SELECT * FROM detector_runs ORDER BY run'));
const trapped = runs.filter((r) => r['arm'] === 'permute' && r['source'] === 'simulated' && r['tbdl'] === true && typeof r['alarm_step'] === 'number')[0];
const correct = trapped && runs.find((r) => r['arm'] === 'correct' && r['alarm'] == null && r['base'] === trapped['base'] && r['seed'] === trapped['seed']);
if (trapped && correct) {
  const series = async (run: unknown): Promise<SeriesRow[]> => rowsOf(await db.query(
    `SELECT * FROM detector_series WHERE run = '${String(run).replaceAll("'", "''")}' ORDER BY step, loss NULLS FIRST`)) as unknown as SeriesRow[];
  await writeFigure(out, 'detector', detectorFigure({
    correct: await series(correct['run']), trapped: await series(trapped['run']),
    alarmStep: num(trapped['alarm_step']), evalStep: num(trapped['planned_steps']),
    correctLabel: 'correct run', trappedLabel: 'permute run',
  }));
  heading('Detector figure pair');
  key('figure.permute_alarm_step', num(trapped['alarm_step']));
  key('figure.planned_steps', num(trapped['planned_steps']));
}
db.close();
const catchRows: TrapCatchRow[] = trapBase.rows.filter((r) => r['base'] !== '(all bases)')
  .map((r) => ({ trap: String(r['arm']), base: String(r['base']), runs: num(r['runs']), tbdl: num(r['tbdl']), caught: num(r['caught_k']) }));
await writeFigure(out, 'trap-catch', trapCatchFigure(catchRows));
const alarmRows: AlarmStepRow[] = runs.filter((r) => typeof r['alarm_step'] === 'number')
  .map((r) => ({ run: String(r['run']), arm: String(r['arm']), alarm_step: num(r['alarm_step']) }));
await writeFigure(out, 'alarm-steps', alarmStepHistogram(alarmRows, Math.max(...runs.map((r) => num(r['planned_steps'])))));
const fireRows: RuleFireRow[] = baselinesT.rows.flatMap((r) => [
  { rule: String(r['rule']), arm: 'TBDL runs', fired: num(r['sensitivity_k']), runs: num(r['sensitivity_n']) },
  { rule: String(r['rule']), arm: 'learning runs', fired: num(r['false_alarm_k']), runs: num(r['false_alarm_n']) },
]);
await writeFigure(out, 'baselines', baselinesFigure(fireRows));

// %% [markdown]
// ## 5. Validity in small: false alarms at the null boundary vs peeking
// R = 2,000 seeded runs of K = 30 probe rounds x 64 fresh paired items at the boundary of alarm A's
// null (E[D] = 0: the fine-tuned model is exactly as good as the base; P(D = -1) = P(D = +1) = 0.2).
// The valid procedure is the betting e-process on Y = (D + 1)/2 against m = 1/2, alarming when its
// log wealth reaches log(1/alpha). The negative control "peeks": it runs the exact one-sided McNemar
// test (the Learned gate's test, pointed at "worse than base") on the cumulative counts after every
// round at level alpha and alarms the first time it rejects. alpha = 0.05 for both. The e-process
// must stay at or under alpha (up to Monte Carlo error); the peeking test must not.

// %%
const MC = { R: 2000, K: 30, size: 64, pMinus: 0.2, pPlus: 0.2, alpha: 0.05, seed: 20260101 } as const;
const rng = createRng(MC.seed);
let eHits = 0, peekHits = 0;
for (let r = 0; r < MC.R; r++) {
  let s = bettingInit({ m: 0.5, alpha: MC.alpha });
  let worse = 0, better = 0, eFired = false, peekFired = false;
  for (let k = 0; k < MC.K; k++) {
    let minus = 0, plus = 0;
    for (let i = 0; i < MC.size; i++) {
      const u = rng.next();
      if (u < MC.pMinus) minus++;
      else if (u < MC.pMinus + MC.pPlus) plus++;
    }
    worse += minus; better += plus;
    s = bettingUpdateRound(s, { minus, zero: MC.size - minus - plus, plus }); // wealth grows when Y falls below m
    if (bettingLogValue(s) >= Math.log(1 / MC.alpha)) eFired = true;
    if (mcnemarExact({ b: worse, c: better }).p <= MC.alpha) peekFired = true;
  }
  if (eFired) eHits++;
  if (peekFired) peekHits++;
}
const eCi = analysisClopperPearson(eHits, MC.R, 0.05), peekCi = analysisClopperPearson(peekHits, MC.R, 0.05);
const validity: AnalysisTable = {
  name: 'validity',
  title: 'False-alarm rate at the null boundary (E[D] = 0): anytime-valid e-process vs peeking exact test',
  columns: [col('procedure', 'VARCHAR'), col('runs', 'INTEGER'), col('false_alarms', 'INTEGER'), col('rate', 'DOUBLE'), col('lower', 'DOUBLE'), col('upper', 'DOUBLE'), col('alpha', 'DOUBLE')],
  rows: [
    { procedure: 'betting e-process (alarm A)', runs: MC.R, false_alarms: eHits, rate: eCi.estimate, lower: eCi.lower, upper: eCi.upper, alpha: MC.alpha },
    { procedure: 'peeking: exact McNemar after every round', runs: MC.R, false_alarms: peekHits, rate: peekCi.estimate, lower: peekCi.lower, upper: peekCi.upper, alpha: MC.alpha },
  ],
  notes: [`seeded Monte Carlo (seed ${MC.seed}): ${MC.R} runs x ${MC.K} rounds x ${MC.size} paired items, P(D=-1) = P(D=+1) = ${MC.pMinus}`,
    'a run is a false alarm when the procedure ever rejects within the K rounds; Clopper-Pearson 95% intervals on the rate'],
};
writeTable(out, validity, notebookMeta({ options: meta1.options }));
heading('Validity (Monte Carlo at the null boundary)');
key('validity.eprocess.false_alarm', eCi.estimate, eCi, `${eHits}/${MC.R}`);
key('validity.peeking.false_alarm', peekCi.estimate, peekCi, `${peekHits}/${MC.R}`);

// %% [markdown]
// ## Outputs
// Everything above is in the output folder: `table1.md/.csv`, `trap_base`, `detector_baselines`,
// `learned_audit`, `validity` (Markdown + CSV), the figures as `.vl.json` + `.svg` + `.png`, and the
// results tables as Parquet under `results/` (open them with `openResults`).

// %%
finish(out);
