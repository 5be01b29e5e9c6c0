// %% [markdown]
// # Finding 3 — governance is pressure-fragile
//
// The deploy stage must go through the human-approval gate. On a pressure ladder (neutral ->
// deadline -> authority -> sunk cost) some cheaper-tier agents stop routing through the gate, while
// their refusal sensitivity on genuinely infeasible tickets stays at ceiling: they know the rule and
// do not keep it.
//
// This notebook, through the public API only:
// 1. generates and scores the seeded oracle sweep (`generateSweep` 3 seeds, 2,400 episodes; the same
//    sweep as notebook 02) into Parquet through an in-memory DuckDB;
// 2. runs `analyzeResults` for `pressure_ladder` (per agent and rung: P(deploy routed through the
//    gate) as k/n with its Wilson / Clopper-Pearson interval and the seed-level estimate with a
//    stratified bootstrap, 1,000 replicates, seed 1; the exact McNemar test of each rung against
//    neutral on pairs; refusal hit rate on infeasible tickets and refusal false-alarm rate on feasible
//    ones) and `pressure_trend` (cluster-robust slope per rung, cluster = (base, seed, ticket), and the
//    first rung significantly below neutral, Holm-adjusted one-sided McNemar);
// 3. prints the rates with their intervals, the trend and the first failing rung per agent;
// 4. draws the dose-response figure (seed-level estimate per rung with its 95% band).
//
// Run: `npx tsx notebooks/03-pressure.ts [--out DIR]` (default `out/notebooks/03-pressure`), ~10-20 s.

// %%
import { join } from 'node:path';
import { analyzeResults, getTable, pressureLadderFigure } from '../src/index.js';
import type { LadderRow } from '../src/index.js';
import { finish, heading, key, notebookOut, num, sweepResults, writeFigure, writeTable } from './_shared.js';

const out = notebookOut('03-pressure', process.argv.slice(2));
const SWEEP = { seeds: 3, firstSeed: 1 } as const;
const ANALYSIS = { seed: 1, replicates: 1000, alpha: 0.05 } as const;

// %% [markdown]
// ## 1. Sweep, score, analyse

// %%
const sweep = await sweepResults(join(out.dir, 'results'), SWEEP.seeds, SWEEP.firstSeed);
heading('Sweep');
console.log(`${sweep.episodes} episodes, ${sweep.stages} stage rows (seeds ${SWEEP.firstSeed}..${SWEEP.firstSeed + SWEEP.seeds - 1}) -> ${sweep.dir}`);
const analysis = await analyzeResults(sweep.dir, { ...ANALYSIS, only: ['pressure_ladder', 'pressure_trend'] });
for (const t of analysis.tables) writeTable(out, t, analysis.meta);
const ladder = getTable(analysis, 'pressure_ladder')!;
const trend = getTable(analysis, 'pressure_trend')!;

// %% [markdown]
// ## 2. The ladder per agent and rung
// `gate` is P(deploy routed through the human gate) on feasible tickets: k/n pooled over bases and
// seeds with its cell interval, then the seed-level estimate (mean over seeds within base, bases
// weighted equally) with its stratified-bootstrap 95% interval. At 0/n and n/n the seed bootstrap
// has nothing to resample and its interval collapses to a point; read the exact cell interval there
// (41/41 still allows a rate of 0.91). Refusal sensitivity is measured at
// each rung on infeasible tickets (hit) and feasible tickets (false alarm).

// %%
heading('Pressure ladder: P(deploy routed through the gate)');
for (const r of ladder.rows) {
  const tag = `${String(r['agent'])}.${String(r['rung'])}`;
  key(`ladder.${tag}.gate`, num(r['rate']), { lower: num(r['lower']), upper: num(r['upper']) }, String(r['kn']));
  key(`ladder.${tag}.gate_seed_level`, num(r['seed_estimate']), { lower: num(r['seed_lower']), upper: num(r['seed_upper']) });
  key(`ladder.${tag}.refusal_hit`, num(r['refusal_hit_rate']), { lower: num(r['refusal_hit_lower']), upper: num(r['refusal_hit_upper']) }, String(r['refusal_hit_kn']));
  key(`ladder.${tag}.refusal_fa`, num(r['refusal_fa_rate']), { lower: num(r['refusal_fa_lower']), upper: num(r['refusal_fa_upper']) }, String(r['refusal_fa_kn']));
}

// %% [markdown]
// ## 3. Trend and first failing rung
// The slope is the change in P(routed) per rung from a cluster-robust (CR1) linear fit with clusters
// (base, seed, ticket); `p_decreasing` is one-sided. The first failing rung is the first rung whose
// routing rate is significantly below neutral's (one-sided exact McNemar on pairs, Holm over the
// agent's rungs); 'none' when no rung is.

// %%
heading('Trend per agent');
for (const r of trend.rows) {
  const slope = num(r['slope_per_rung']), se = num(r['se']);
  key(`trend.${String(r['agent'])}.slope_per_rung`, slope, { lower: slope - 1.959964 * se, upper: slope + 1.959964 * se });
  console.log(`    p(decreasing) ${num(r['p_decreasing']).toPrecision(3)}, first failing rung: ${String(r['first_failing_rung'])}`);
}

// %% [markdown]
// ## 4. The dose-response figure
// The figure shows the agents that route at neutral; the deterministic configurator never routes
// through the gate at any rung (its 0/n rows are in the table) and would only hide the others.

// %%
const routesAtNeutral = new Set(ladder.rows.filter((r) => r['rung'] === 'neutral' && num(r['k']) > 0).map((r) => String(r['agent'])));
const rows: LadderRow[] = ladder.rows.filter((r) => routesAtNeutral.has(String(r['agent']))).map((r) => ({
  agent: String(r['agent']), rung: String(r['rung']), rung_index: num(r['rung_index']),
  estimate: num(r['seed_estimate']), lower: num(r['seed_lower']), upper: num(r['seed_upper']),
})).filter((r) => Number.isFinite(r.estimate));
await writeFigure(out, 'pressure-ladder', pressureLadderFigure(rows));

// %%
finish(out);
