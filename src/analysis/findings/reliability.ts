/**
 * Table (f) pass^k across seeds, table (g) the ranking with probability of improvement and tie
 * groups, and table (h) every paired comparison with Holm's adjustment and the minimum
 * detectable effect beside it.
 */
import { clusterBootstrap } from '../bootstrap.js';
import type { FindingContext } from '../context.js';
import { holm } from '../holm.js';
import { rankWithTieGroups } from '../improvement.js';
import { passHatK } from '../pass-k.js';
import { col, type AnalysisTable, type Cell } from '../table.js';
import { classRates } from './class-rates.js';
import { num, rows, seedMethod, str } from './common.js';
import type { Comparison } from './comparison.js';
import { controlFilter } from './stage-pass.js';

/** Builds (f) `pass_k`: success = every stage of the episode passes; tasks = (agent, base, ticket, condition). */
export async function passKTable(ctx: FindingContext): Promise<AnalysisTable> {
  const r = await rows(ctx, `SELECT agent, base, count(*)::BIGINT AS n, count(*) FILTER (WHERE s_k = s_n)::BIGINT AS c
    FROM ep WHERE s_n > 0 GROUP BY agent, base, ticket_id, trap, injection, pressure ORDER BY agent, base, ticket_id, trap, injection, pressure`);
  const byAgent = new Map<string, { c: number; n: number }[]>();
  for (const x of r) {
    const a = str(x, 'agent');
    if (!byAgent.has(a)) byAgent.set(a, []);
    byAgent.get(a)!.push({ c: num(x, 'c'), n: num(x, 'n') });
  }
  const out: Record<string, Cell>[] = [];
  const rng = ctx.rngFor('pass_k');
  for (const agent of [...byAgent.keys()].sort()) {
    const tasks = byAgent.get(agent)!;
    const maxK = Math.max(...tasks.map((t) => t.n));
    for (let k = 1; k <= maxK; k++) {
      const use = tasks.filter((t) => t.n >= k);
      const vals = Float64Array.from(use, (t) => passHatK(t.c, t.n, k));
      const boot = clusterBootstrap(vals, new Float64Array(vals.length).fill(1), { rng, replicates: ctx.opts.replicates, alpha: ctx.opts.alpha });
      out.push({ agent, k, pass_k: boot.estimate, lower: boot.lower, upper: boot.upper, tasks: use.length });
    }
  }
  return {
    name: 'pass_k',
    title: '(f) pass^k: probability that k seeds of the same task all deliver (every stage passes)',
    columns: [col('agent', 'VARCHAR'), col('k', 'INTEGER'), col('pass_k', 'DOUBLE'), col('lower', 'DOUBLE'), col('upper', 'DOUBLE'), col('tasks', 'INTEGER')],
    rows: out,
    notes: ['task = (agent, base, ticket, trap, injection, pressure); c of n seeds pass; unbiased estimator C(c,k)/C(n,k) averaged over tasks with n >= k',
      `interval: bootstrap over tasks, ${ctx.opts.replicates} replicates, percentile`],
  };
}

/** Builds (g) `ranking`: agents by seed-level judgment pass rate with P(improvement) and tie groups. */
export async function rankingTable(ctx: FindingContext): Promise<AnalysisTable> {
  const f = await controlFilter(ctx);
  const rates = await classRates(ctx, 'j', ['agent'], f.where, 'ranking');
  const ranked = rankWithTieGroups(rates.map((r) => ({ name: r.fields.agent!, estimate: r.seed.estimate, lower: r.seed.lower, upper: r.seed.upper, replicates: r.seed.replicates })), ctx.opts.alpha);
  return {
    name: 'ranking',
    title: '(g) Ranking by judgment-stage pass rate, with probability of improvement and tie groups',
    columns: [col('rank', 'INTEGER'), col('agent', 'VARCHAR'), col('judgment', 'DOUBLE'), col('lower', 'DOUBLE'), col('upper', 'DOUBLE'), col('tie_group', 'INTEGER'), col('p_beats_next', 'DOUBLE'), col('p_group_top_better', 'DOUBLE')],
    rows: ranked.map((r) => ({ rank: r.rank, agent: r.name, judgment: r.estimate, lower: r.lower, upper: r.upper, tie_group: r.group, p_beats_next: r.pBeatsNext, p_group_top_better: r.pBelowGroupTop })),
    notes: [`episodes: ${f.label}`, seedMethod(ctx),
      'P(A > B): share of bootstrap replicate pairs with A > B (ties 1/2); agents bootstrapped independently',
      `tie group (one rule, Holm-consistent): the best remaining agent T opens a group; for the m agents below it, q = 1 - P(T > agent) is a one-sided bootstrap p-value; ` +
        `Holm step-down at alpha = ${ctx.opts.alpha} separates agents while q_(j) <= alpha/(m - j + 1); T's group runs down to the lowest-ranked agent not separated; repeat on the rest (intervals play no part)`,
      'p_group_top_better: P(top of the agent\'s group > agent)'],
  };
}

/** Builds (h) `comparisons`: all paired comparisons, Holm-adjusted, with minimum detectable effects. */
export function comparisonsTable(ctx: FindingContext, cs: readonly Comparison[]): AnalysisTable {
  const adj = holm(cs.map((c) => c.p));
  const { alpha, power } = ctx.opts;
  return {
    name: 'comparisons',
    title: '(h) Paired comparisons with Holm adjustment and the minimum detectable effect beside every result',
    columns: [col('family', 'VARCHAR'), col('agent', 'VARCHAR'), col('contrast', 'VARCHAR'), col('outcome', 'VARCHAR'), col('pairs', 'INTEGER'), col('b', 'INTEGER'), col('c', 'INTEGER'),
      col('diff', 'DOUBLE'), col('lower', 'DOUBLE'), col('upper', 'DOUBLE'), col('test', 'VARCHAR'), col('p', 'DOUBLE'), col('p_holm', 'DOUBLE'), col('significant', 'BOOLEAN'), col('mde', 'DOUBLE'), col('reading', 'VARCHAR')],
    rows: cs.map((c, i) => {
      const sig = adj[i]! < alpha;
      const reading = sig ? 'difference' : Number.isFinite(c.mde) ? (Math.abs(c.diff) < c.mde ? `no detectable difference (effects below ${c.mde.toFixed(3)} not detectable)` : 'not significant after Holm') : 'too few pairs to detect any effect';
      return { family: c.family, agent: c.agent, contrast: c.contrast, outcome: c.outcome, pairs: c.pairs, b: c.b, c: c.c, diff: c.diff, lower: c.lower, upper: c.upper, test: c.test, p: c.p, p_holm: adj[i]!, significant: sig, mde: c.mde, reading };
    }),
    notes: ['binary outcomes: exact two-sided McNemar; b = treatment passes and control fails, c = the reverse; diff = (b - c)/pairs with Tango\'s paired score interval (1998)',
      'rate outcomes (b, c empty): paired z test of the mean per-pair difference with a cluster (pair) SE; Wald interval',
      `lower/upper: the ${Math.round((1 - alpha) * 100)}% paired interval of diff (unadjusted; for forest plots)`,
      `Holm step-down over all ${cs.length} comparisons (family-wise alpha = ${alpha})`,
      `mde: binary: two-proportion minimum detectable effect at alpha = ${alpha}, power = ${power}, n = pairs per arm (conservative for paired data); rate: (z_{1-alpha/2} + z_power) x SE of the paired test`],
  };
}
