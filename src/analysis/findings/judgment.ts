/**
 * Finding 2 (judgment, not arithmetic): per agent, arithmetic vs judgment stage pass rates with
 * and without the do-intervention (the agent is handed the oracle-correct config), and table (d):
 * the do-intervention paired on (agent, base, seed, ticket, trap, pressure): one primary outcome
 * (judgment-stage pass rate; paired z, interval, TOST, MDE and the verdict) and one secondary
 * binary outcome in `all_pass_*` columns (every judgment stage passes; exact McNemar).
 */
import type { FindingContext } from '../context.js';
import { holm } from '../holm.js';
import { normalQuantile } from '../special.js';
import { col, type AnalysisTable, type Cell } from '../table.js';
import { tostFromEstimate } from '../tost.js';
import { classRates } from './class-rates.js';
import { num, rows, seedMethod, str } from './common.js';
import { makeComparison, makeRateComparison, type Comparison } from './comparison.js';

/** Builds `arith_vs_judgment` (finding 2). Needs stage_results. */
export async function arithVsJudgmentTable(ctx: FindingContext): Promise<AnalysisTable> {
  const where = `pressure = 'neutral'`;
  const by = ['agent', 'injection'];
  const ar = await classRates(ctx, 'a', by, where, 'arith_vs_judgment:a');
  const jr = await classRates(ctx, 'j', by, where, 'arith_vs_judgment:j');
  const gaps = await rows(ctx, `SELECT agent, injection, count(*)::BIGINT AS g, avg(j_k::DOUBLE / j_n - a_k::DOUBLE / a_n) AS d,
      stddev_samp(j_k::DOUBLE / j_n - a_k::DOUBLE / a_n) AS sd FROM ep WHERE ${where} AND j_n > 0 AND a_n > 0 GROUP BY ALL`);
  const z = normalQuantile(1 - ctx.opts.alpha / 2);
  const gapBy = new Map(gaps.map((r) => [`${str(r, 'agent')}\u0001${str(r, 'injection')}`, r]));
  const jBy = new Map(jr.map((r) => [r.key, r]));
  const out: Record<string, Cell>[] = ar.map((a) => {
    const j = jBy.get(a.key);
    const g = gapBy.get(a.key);
    const d = g ? num(g, 'd') : NaN, se = g ? num(g, 'sd') / Math.sqrt(num(g, 'g')) : NaN;
    return {
      agent: a.fields.agent!, do_config: a.fields.injection === 'true',
      arithmetic_kn: `${a.k}/${a.n}`, arithmetic: a.seed.estimate, arithmetic_lower: a.seed.lower, arithmetic_upper: a.seed.upper,
      judgment_kn: j ? `${j.k}/${j.n}` : null, judgment: j?.seed.estimate ?? null, judgment_lower: j?.seed.lower ?? null, judgment_upper: j?.seed.upper ?? null,
      gap: d, gap_lower: d - z * se, gap_upper: d + z * se,
      residual_judgment_failure: j ? 1 - j.seed.estimate : null, episodes: a.episodes, bases: a.seed.bases, seeds: a.seed.seeds,
    };
  });
  return {
    name: 'arith_vs_judgment',
    title: 'Finding 2: arithmetic vs judgment stage pass rates per agent, with and without do(config)',
    columns: [col('agent', 'VARCHAR'), col('do_config', 'BOOLEAN'), col('arithmetic_kn', 'VARCHAR'), col('arithmetic', 'DOUBLE'), col('arithmetic_lower', 'DOUBLE'), col('arithmetic_upper', 'DOUBLE'),
      col('judgment_kn', 'VARCHAR'), col('judgment', 'DOUBLE'), col('judgment_lower', 'DOUBLE'), col('judgment_upper', 'DOUBLE'), col('gap', 'DOUBLE'), col('gap_lower', 'DOUBLE'), col('gap_upper', 'DOUBLE'),
      col('residual_judgment_failure', 'DOUBLE'), col('episodes', 'INTEGER'), col('bases', 'INTEGER'), col('seeds', 'INTEGER')],
    rows: out,
    notes: [
      'episodes: pressure = neutral, all traps; class rate = passed stages of the class / stages of the class, pooled within each episode',
      seedMethod(ctx),
      'gap = judgment - arithmetic, paired within episode: mean of per-episode differences, cluster-robust (episode) Wald interval',
      'residual judgment-failure rate = 1 - judgment',
    ],
  };
}

/** The do-intervention verdict rule (pre-registered; primary outcome only; pChange Holm-adjusted over agents). */
export function doVerdict(tost: { equivalent: boolean }, pChange: number, alpha: number, epsilon: number): string {
  return tost.equivalent ? `equivalent (|d| < ${epsilon})` : pChange < alpha ? 'changed' : 'inconclusive';
}

/**
 * Builds table (d) `do_intervention` and its comparison. Needs stage_results with both arms.
 * Primary outcome (the study's): the judgment-stage pass rate of an episode, paired; its diff,
 * interval, paired z test, TOST and MDE all describe it, and the verdict follows from it alone.
 * Secondary (binary, reported in `all_pass_*` columns): every judgment stage passes; its diff,
 * Tango interval, b, c and exact McNemar all describe that one binary outcome.
 */
export async function doInterventionTable(ctx: FindingContext): Promise<{ table: AnalysisTable; comparisons: Comparison[] }> {
  const r = await rows(ctx, `WITH c AS (SELECT * FROM ep WHERE injection = false AND pressure = 'neutral' AND j_n > 0), d AS (SELECT * FROM ep WHERE injection = true AND pressure = 'neutral' AND j_n > 0),
    p AS (SELECT c.agent, c.j_k = c.j_n AS c_clean, d.j_k = d.j_n AS d_clean, c.j_k::DOUBLE / c.j_n AS c_rate, d.j_k::DOUBLE / d.j_n AS d_rate
      FROM c JOIN d ON c.agent = d.agent AND c.base = d.base AND c.seed = d.seed AND c.ticket_id = d.ticket_id AND c.trap = d.trap AND c.pressure = d.pressure)
    SELECT agent, count(*)::BIGINT AS n, count(*) FILTER (WHERE d_clean AND NOT c_clean)::BIGINT AS b, count(*) FILTER (WHERE c_clean AND NOT d_clean)::BIGINT AS c,
      count(*) FILTER (WHERE c_clean)::BIGINT AS c_clean, count(*) FILTER (WHERE d_clean)::BIGINT AS d_clean,
      avg(c_rate) AS c_rate, avg(d_rate) AS d_rate, avg(d_rate - c_rate) AS diff, coalesce(stddev_samp(d_rate - c_rate), 0) AS sd
    FROM p GROUP BY agent ORDER BY agent`);
  const { alpha, epsilon } = ctx.opts;
  const comparisons: Comparison[] = [];
  const built = r.map((x) => {
    const agent = str(x, 'agent');
    const n = num(x, 'n'), b = num(x, 'b'), c = num(x, 'c'), diff = num(x, 'diff');
    const se = n > 1 ? num(x, 'sd') / Math.sqrt(n) : 0;
    const tost = se > 0 ? tostFromEstimate(diff, se, epsilon, alpha, 'TOST on the paired judgment-rate difference (cluster = pair)')
      : { p: Math.abs(diff) < epsilon ? 0 : 1, lower: diff, upper: diff, equivalent: Math.abs(diff) < epsilon };
    const primary = makeRateComparison(ctx, { family: 'do_intervention', agent, contrast: 'do(config) vs control', outcome: 'judgment-stage pass rate', pairs: n, controlRate: num(x, 'c_rate'), diff, se });
    comparisons.push(primary);
    const all = makeComparison(ctx, { family: 'do_intervention', agent, contrast: 'do(config) vs control', outcome: 'all judgment stages pass', pairs: n, b, c, controlK: num(x, 'c_clean'), alternative: 'two-sided' });
    return { tost, primary, row: {
      agent, pairs: n, judgment_control: num(x, 'c_rate'), judgment_do: num(x, 'd_rate'), diff, diff_lower: primary.lower, diff_upper: primary.upper, p_change: primary.p,
      tost_p: tost.p, tost_lower: tost.lower, tost_upper: tost.upper, epsilon, mde: primary.mde,
      all_pass_control: num(x, 'c_clean') / n, all_pass_do: num(x, 'd_clean') / n, all_pass_diff: all.diff, all_pass_lower: all.lower, all_pass_upper: all.upper,
      all_pass_b: b, all_pass_c: c, all_pass_mcnemar_p: all.p,
    } as Record<string, Cell> };
  });
  const adj = holm(built.map((x) => x.primary.p));
  const out: Record<string, Cell>[] = built.map((x, i) => ({ ...x.row, p_change_holm: adj[i]!, verdict: doVerdict(x.tost, adj[i]!, alpha, epsilon) }));
  const pct = (a: number): number => Math.round(a * 100);
  return {
    comparisons,
    table: {
      name: 'do_intervention',
      title: '(d) do-intervention: judgment with the oracle-correct config handed over, paired',
      columns: [col('agent', 'VARCHAR'), col('pairs', 'INTEGER'), col('judgment_control', 'DOUBLE'), col('judgment_do', 'DOUBLE'), col('diff', 'DOUBLE'), col('diff_lower', 'DOUBLE'), col('diff_upper', 'DOUBLE'),
        col('p_change', 'DOUBLE'), col('p_change_holm', 'DOUBLE'), col('tost_p', 'DOUBLE'), col('tost_lower', 'DOUBLE'), col('tost_upper', 'DOUBLE'), col('epsilon', 'DOUBLE'), col('verdict', 'VARCHAR'), col('mde', 'DOUBLE'),
        col('all_pass_control', 'DOUBLE'), col('all_pass_do', 'DOUBLE'), col('all_pass_diff', 'DOUBLE'), col('all_pass_lower', 'DOUBLE'), col('all_pass_upper', 'DOUBLE'),
        col('all_pass_b', 'INTEGER'), col('all_pass_c', 'INTEGER'), col('all_pass_mcnemar_p', 'DOUBLE')],
      rows: out,
      notes: [
        'pairs: the same (agent, base, seed, ticket, trap) at the neutral rung with injection = false (control) and true (do); the rungs are not pooled, ' +
          'because the pressure rungs of one (agent, base, seed, ticket, trap) share their judgment draws and would count one pair up to four times (SE too small)',
        'primary outcome (pre-registered): the judgment-stage pass rate of an episode; judgment_* = its mean over pairs; diff = do - control, ' +
          `${pct(1 - alpha)}% Wald interval with a cluster-robust (pair) SE; p_change: two-sided paired z test; mde = (z_{1-alpha/2} + z_power) x SE, power ${ctx.opts.power}`,
        `TOST on the same diff (pre-registered epsilon = ${epsilon}, alpha = ${alpha} per side; tost_lower/upper is the ${pct(1 - 2 * alpha)}% interval)`,
        `verdict rule (pre-registered, primary outcome only): "equivalent" when the TOST interval lies inside (-${epsilon}, ${epsilon}) (per agent; intersection-union, no adjustment); ` +
          `else "changed" when p_change_holm < ${alpha} (Holm over the ${r.length} agents of this table); else "inconclusive". Table (h) adjusts again over every comparison`,
        'secondary binary outcome all_pass_* (every judgment stage passes; not used by the verdict): rates per arm, diff = (b - c)/pairs with Tango\'s paired score interval, ' +
          'b = pairs passing under do only, c = under control only, exact two-sided McNemar',
      ],
    },
  };
}
