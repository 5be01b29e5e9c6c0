// %% [markdown]
// # Finding 2 — judgment, not arithmetic
//
// Agents in the forward-deployed-engineer seat pass the arithmetic stages (config, schedule, cost)
// far more often than the judgment stages (intake, plan, eval, deploy, card); the deterministic
// configurator passes arithmetic at 1.000 and judgment at about 0.4. Handing the agent the
// oracle-correct config (the do(config) intervention) should leave judgment flat if the failures
// really are judgment failures.
//
// This notebook, through the public API only:
// 1. generates a seeded oracle sweep (`generateSweep`, 3 seeds: 5 agent profiles x 20 tickets from
//    the catalogue built on `fixtures/tickets` x 8 conditions x 3 seeds = 2,400 episodes) and scores it
//    stage by stage (`scoreEpisodes`, 24,000 stage rows), written as Parquet through an in-memory DuckDB;
// 2. aggregates seed-level with `analyzeResults` (DuckDB in memory; seeds averaged within
//    (agent, base, condition), bases weighted equally, stratified bootstrap with 1,000 replicates,
//    seed 1; stage-pooled rates clustered by episode);
// 3. prints arithmetic vs judgment per agent with and without do(config), the paired do-intervention
//    test (exact McNemar, cluster-robust difference, TOST equivalence at epsilon = 0.05, MDE);
// 4. draws the arithmetic-vs-judgment interval figure, the paired forest plot and the stage heatmap.
//
// Run: `npx tsx notebooks/02-judgment.ts [--out DIR]` (default `out/notebooks/02-judgment`), ~10-20 s.

// %%
import { join } from 'node:path';
import { analyzeResults, arithmeticJudgmentFigure, forestFigure, getTable, stageHeatmapFigure } from '../src/index.js';
import type { HeatRow, IntervalRow, ForestRow } from '../src/index.js';
import { finish, heading, key, notebookOut, num, sweepResults, writeFigure, writeTable } from './_shared.js';

const out = notebookOut('02-judgment', process.argv.slice(2));
const SWEEP = { seeds: 3, firstSeed: 1 } as const;
const ANALYSIS = { seed: 1, replicates: 1000, alpha: 0.05, epsilon: 0.05 } as const;

// %% [markdown]
// ## 1. Sweep and score
// `sweepResults` (notebooks/_shared.ts) is `generateSweep` -> `scoreEpisodes` -> `openDb().createTable`
// -> `toParquet`: the same tables `tbdl sweep` + `tbdl score` write.

// %%
const sweep = await sweepResults(join(out.dir, 'results'), SWEEP.seeds, SWEEP.firstSeed);
heading('Sweep');
console.log(`${sweep.episodes} episodes, ${sweep.stages} stage rows (seeds ${SWEEP.firstSeed}..${SWEEP.firstSeed + SWEEP.seeds - 1}) -> ${sweep.dir}`);

// %% [markdown]
// ## 2. Seed-level analysis
// Three tables: `stage_pass` (table a: per agent x stage k/n with Wilson / Clopper-Pearson intervals
// and the seed-level estimate), `arith_vs_judgment` (stage-class pass rates per agent and do_config,
// stratified seed bootstrap), `do_intervention` (table d: pairs within (agent, base, seed, ticket)).

// %%
const analysis = await analyzeResults(sweep.dir, { ...ANALYSIS, only: ['stage_pass', 'arith_vs_judgment', 'do_intervention'] });
for (const t of analysis.tables) writeTable(out, t, analysis.meta);
const aj = getTable(analysis, 'arith_vs_judgment')!;
const doT = getTable(analysis, 'do_intervention')!;
const stagePass = getTable(analysis, 'stage_pass')!;
heading('Arithmetic vs judgment (seed-level, 95% stratified bootstrap)');
for (const r of aj.rows) {
  const tag = `${String(r['agent'])}.${r['do_config'] === true ? 'do' : 'control'}`;
  key(`aj.${tag}.arithmetic`, num(r['arithmetic']), { lower: num(r['arithmetic_lower']), upper: num(r['arithmetic_upper']) }, String(r['arithmetic_kn']));
  key(`aj.${tag}.judgment`, num(r['judgment']), { lower: num(r['judgment_lower']), upper: num(r['judgment_upper']) }, String(r['judgment_kn']));
}

// %% [markdown]
// ## 3. Does handing over the correct config move judgment?
// For each agent the judgment pass rate under do(config) minus control, paired within
// (agent, base, seed, ticket, trap, pressure), with a cluster-robust (pair) Wald interval, and TOST
// on that difference with the pre-registered epsilon = 0.05 ("equivalent" only when both one-sided
// tests reject). Two numbers use a different, binary outcome, "all judgment stages pass": the exact
// two-sided McNemar test on its discordant pairs (b, c) and the MDE (the smallest change in that
// all-pass rate this design detects with 80% power, printed beside every null result).

// %%
heading('do(config) - control, judgment pass rate');
for (const r of doT.rows) {
  const a = String(r['agent']);
  key(`do.${a}.diff`, num(r['diff']), { lower: num(r['diff_lower']), upper: num(r['diff_upper']) });
  console.log(`    p(change) ${num(r['p_change']).toPrecision(3)} (Holm ${num(r['p_change_holm']).toPrecision(3)}), TOST p ${num(r['tost_p']).toPrecision(3)} -> ${String(r['verdict'])} (MDE ${num(r['mde']).toFixed(3)}); all judgment stages pass: b ${num(r['all_pass_b'])}, c ${num(r['all_pass_c'])}, McNemar p ${num(r['all_pass_mcnemar_p']).toPrecision(3)}`);
}

// %% [markdown]
// ## 4. Figures
// Rows for the figure builders come straight from the tables (no statistics in a figure).

// %%
const ajRows: IntervalRow[] = aj.rows.flatMap((r) => (['arithmetic', 'judgment'] as const).map((cls) => ({
  group: `${String(r['agent'])} · ${cls}`, series: r['do_config'] === true ? 'do(config)' : 'control',
  estimate: num(r[cls]), lower: num(r[`${cls}_lower`]), upper: num(r[`${cls}_upper`]),
})));
await writeFigure(out, 'arith-judgment', arithmeticJudgmentFigure(ajRows));
const forest: ForestRow[] = doT.rows.map((r) => ({ label: String(r['agent']), estimate: num(r['diff']), lower: num(r['diff_lower']), upper: num(r['diff_upper']) }));
await writeFigure(out, 'do-forest', forestFigure(forest, 'Handing over the correct config does not fix judgment',
  'Judgment pass rate, do(config) - control, paired within (agent, base, seed, ticket); cluster-robust 95% intervals.'));
const heat: HeatRow[] = stagePass.rows.filter((r) => num(r['stage_index']) >= 1).map((r) => ({
  agent: String(r['agent']), stage: String(r['stage']), stage_index: num(r['stage_index']), rate: num(r['rate']), k: num(r['k']), n: num(r['n']),
}));
await writeFigure(out, 'stage-heatmap', stageHeatmapFigure(heat));

// %%
finish(out);
