// %% [markdown]
// # Reliability, ranking and the comparisons behind every claim
//
// A delivery that passes once is not a delivery an operator can rely on. This notebook asks three
// follow-up questions of the same seeded oracle sweep as notebooks 02 and 03 (`generateSweep` with 3
// seeds: 2,400 episodes, 24,000 stage rows), through the public API only:
// 1. pass^k: the probability that ALL of k independent repeats of a task pass (unbiased estimator
//    C(c, k) / C(n, k) over the n = 3 seeds of each task, averaged over tasks), for k = 1..3;
// 2. the ranking of agents by seed-level judgment pass rate, with the probability that each agent
//    beats the next and tie groups for differences the data does not resolve (and its figure);
// 3. every paired comparison of the study (do(config) vs control, each pressure rung vs neutral, trap
//    vs clean) with its exact McNemar p, Holm adjustment across the family, and the minimum
//    detectable effect (80% power) beside each result, so a "no difference" is read with its power.
//
// Bootstrap: 1,000 replicates, seed 1. Run: `npx tsx notebooks/04-reliability.ts [--out DIR]`
// (default `out/notebooks/04-reliability`), ~10-20 s.

// %%
import { join } from 'node:path';
import { analyzeResults, getTable, intervalFigure, passKFigure } from '../src/index.js';
import type { IntervalRow, PassKRow } from '../src/index.js';
import { finish, heading, key, notebookOut, num, sweepResults, writeFigure, writeTable } from './_shared.js';

const out = notebookOut('04-reliability', process.argv.slice(2));
const SWEEP = { seeds: 3, firstSeed: 1 } as const;
const ANALYSIS = { seed: 1, replicates: 1000, alpha: 0.05, power: 0.8 } as const;

// %%
const sweep = await sweepResults(join(out.dir, 'results'), SWEEP.seeds, SWEEP.firstSeed);
heading('Sweep');
console.log(`${sweep.episodes} episodes, ${sweep.stages} stage rows (seeds ${SWEEP.firstSeed}..${SWEEP.firstSeed + SWEEP.seeds - 1}) -> ${sweep.dir}`);
const analysis = await analyzeResults(sweep.dir, { ...ANALYSIS, only: ['pass_k', 'ranking', 'comparisons'] });
for (const t of analysis.tables) writeTable(out, t, analysis.meta);
const passK = getTable(analysis, 'pass_k')!;
const ranking = getTable(analysis, 'ranking')!;
const comparisons = getTable(analysis, 'comparisons')!;

// %% [markdown]
// ## 1. pass^k
// pass^1 is the plain pass rate; pass^3 asks for three passes out of three seeds. An agent whose
// pass^k falls fast with k passes by luck more than by skill.

// %%
heading('pass^k (task = agent x base x ticket x condition; 95% bootstrap over tasks)');
for (const r of passK.rows) key(`pass_k.${String(r['agent'])}.k${num(r['k'])}`, num(r['pass_k']), { lower: num(r['lower']), upper: num(r['upper']) });
const pk: PassKRow[] = passK.rows.map((r) => ({ agent: String(r['agent']), k: num(r['k']), pass_k: num(r['pass_k']) })).filter((r) => Number.isFinite(r.pass_k));
await writeFigure(out, 'pass-k', passKFigure(pk));

// %% [markdown]
// ## 2. Ranking with tie groups
// Agents ordered by seed-level judgment pass rate. `p_beats_next` is the bootstrap probability that
// an agent's rate exceeds the next one's. A tie group opens at its best agent and takes in every
// agent that the top does not beat with probability >= 0.95 OR whose interval overlaps the top's
// (so an agent can share the top's group although the top beats it in 99% of replicates).

// %%
const rankRows: IntervalRow[] = ranking.rows.map((r) => ({
  group: `${num(r['rank'])}. ${String(r['agent'])} (tie group ${num(r['tie_group'])})`, series: 'judgment pass rate',
  estimate: num(r['judgment']), lower: num(r['lower']), upper: num(r['upper']),
}));
await writeFigure(out, 'ranking', intervalFigure(rankRows, 'Ranking by judgment pass rate, with tie groups',
  'Seed-level judgment pass rate per agent (stratified bootstrap 95% intervals); agents in one tie group are not resolved.'));
heading('Ranking by judgment pass rate');
for (const r of ranking.rows) {
  key(`ranking.${String(r['agent'])}.judgment`, num(r['judgment']), { lower: num(r['lower']), upper: num(r['upper']) });
  console.log(`    rank ${num(r['rank'])}, tie group ${num(r['tie_group'])}, P(beats next) ${Number.isFinite(num(r['p_beats_next'])) ? num(r['p_beats_next']).toFixed(3) : '—'}`);
}

// %% [markdown]
// ## 3. Every comparison, Holm-adjusted, with its minimum detectable effect
// One row per paired contrast. `significant` uses the Holm-adjusted p (step-down over every
// comparison in the table); `mde` is the smallest change the design detects at alpha = 0.05 with 80%
// power. The table carries no interval for the paired difference (b - c) / pairs, so there is no
// forest plot here; notebook 02 draws the do-intervention's paired differences with their intervals.

// %%
heading('Comparisons (exact McNemar, Holm across all comparisons)');
const fams = [...new Set(comparisons.rows.map((r) => String(r['family'])))];
for (const f of fams) {
  const rs = comparisons.rows.filter((r) => r['family'] === f);
  const sig = rs.filter((r) => r['significant'] === true).length;
  key(`comparisons.${f}.significant`, sig / rs.length, null, `${sig}/${rs.length}`);
  const mdes = rs.map((r) => num(r['mde'])).filter(Number.isFinite);
  if (mdes.length > 0) console.log(`    minimum detectable effect: ${Math.min(...mdes).toFixed(3)} .. ${Math.max(...mdes).toFixed(3)}`);
}
// %%
finish(out);
