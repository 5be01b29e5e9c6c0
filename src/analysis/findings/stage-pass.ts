/**
 * Table (a): agent x stage pass rates (k/n, per-cell interval, seed-level aggregate), followed by
 * the class aggregates (judgment, arithmetic, execution) of each agent, which pool the stages of
 * an episode and therefore use cluster-robust (episode) intervals and the seed-level bootstrap.
 * Condition: the control condition (no injection, neutral pressure) when present, else all.
 */
import { aggregateSeeds } from '../aggregate.js';
import type { FindingContext } from '../context.js';
import { CONTROL } from '../episodes-view.js';
import { col, type AnalysisTable, type Cell } from '../table.js';
import { classRates } from './class-rates.js';
import { CELL_METHOD, cellColumns, cellValues, num, rows, seedColumns, seedMethod, str } from './common.js';

/** Which episodes a table uses: the control condition if any episode has it, else all. */
export async function controlFilter(ctx: FindingContext): Promise<{ where: string; label: string }> {
  const r = await rows(ctx, `SELECT count(*)::BIGINT AS n FROM ep WHERE ${CONTROL}`);
  return num(r[0]!, 'n') > 0
    ? { where: CONTROL, label: 'control condition (injection = false, pressure = neutral), all traps' }
    : { where: 'TRUE', label: 'all episodes (no control-condition episodes found)' };
}

/** Builds table (a) `stage_pass`. Needs stage_results. */
export async function stagePassTable(ctx: FindingContext): Promise<AnalysisTable> {
  const f = await controlFilter(ctx);
  const cells = await rows(ctx, `SELECT s.agent, s.base, s.seed, s.stage, min(s.stage_index)::INTEGER AS stage_index, any_value(s.class) AS class,
      count(*) FILTER (WHERE s.pass)::BIGINT AS k, count(*)::BIGINT AS n
    FROM stage_results s WHERE ${f.where.replaceAll('injection', 's.injection').replaceAll('pressure', 's.pressure')} GROUP BY ALL`);
  const key = (r: Record<string, unknown>): string => `${str(r, 'agent')}\u0001${String(num(r, 'stage_index')).padStart(2, '0')}\u0001${str(r, 'stage')}\u0001${str(r, 'class')}`;
  const aggs = aggregateSeeds(cells.map((r) => ({ group: key(r), base: str(r, 'base'), seed: num(r, 'seed'), k: num(r, 'k'), n: num(r, 'n') })),
    { rng: ctx.rngFor('stage_pass'), replicates: ctx.opts.replicates, alpha: ctx.opts.alpha, resampleBases: ctx.opts.resampleBases });
  const out: Record<string, Cell>[] = [];
  for (const a of aggs) {
    const [agent, si, stage, cls] = a.group.split('\u0001') as [string, string, string, string];
    out.push({ agent, stage, stage_index: Number(si), class: cls, ...cellValues(a.k, a.n, ctx.opts.alpha), interval: 'wilson/cp', seed_estimate: a.estimate, seed_lower: a.lower, seed_upper: a.upper, bases: a.bases, seeds: a.seeds });
  }
  for (const [cls, label] of [['j', 'judgment'], ['a', 'arithmetic'], ['e', 'execution']] as const) {
    for (const r of await classRates(ctx, cls, ['agent'], f.where, `stage_pass:${label}`)) {
      out.push({ agent: r.fields.agent!, stage: `(${label})`, stage_index: null, class: label, k: r.k, n: r.n, kn: `${r.k}/${r.n}`, rate: r.k / r.n, lower: r.crLower, upper: r.crUpper, interval: 'cluster-robust (episode)', seed_estimate: r.seed.estimate, seed_lower: r.seed.lower, seed_upper: r.seed.upper, bases: r.seed.bases, seeds: r.seed.seeds });
    }
  }
  out.sort((x, y) => String(x.agent).localeCompare(String(y.agent)) || (x.stage_index === null ? 1 : 0) - (y.stage_index === null ? 1 : 0) || Number(x.stage_index) - Number(y.stage_index) || String(x.stage).localeCompare(String(y.stage)));
  return {
    name: 'stage_pass',
    title: '(a) Stage pass rates per agent, with class aggregates',
    columns: [col('agent', 'VARCHAR'), col('stage', 'VARCHAR'), col('stage_index', 'INTEGER'), col('class', 'VARCHAR'), ...cellColumns(), col('interval', 'VARCHAR'), ...seedColumns()],
    rows: out,
    notes: [
      `episodes: ${f.label}`,
      `per stage: ${CELL_METHOD} (one stage row per episode)`,
      'class rows "(judgment)" etc. pool the stages of each episode: interval is cluster-robust (CR1, cluster = episode), never stages as independent; at k = 0 or k = n, Clopper-Pearson with n = episodes (a Wald interval would be a point)',
      seedMethod(ctx),
    ],
  };
}
