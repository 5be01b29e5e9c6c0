/**
 * Finding 2 (judgment, not arithmetic): per agent, arithmetic vs judgment stage pass rates with
 * and without the do-intervention (the agent is handed the oracle-correct config), and table (d):
 * the do-intervention paired on (agent, base, seed, ticket, trap, pressure), with the exact
 * McNemar test on the episode-level "all judgment stages pass" and a TOST equivalence verdict on
 * the paired difference of judgment-stage pass rates (pre-registered epsilon).
 */
import type { FindingContext } from '../context.js';
import { normalQuantile } from '../special.js';
import { col, type AnalysisTable, type Cell } from '../table.js';
import { tostFromEstimate, tostPaired } from '../tost.js';
import { classRates } from './class-rates.js';
import { num, rows, seedMethod, str } from './common.js';
import { makeComparison, type Comparison } from './comparison.js';

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

/** Builds table (d) `do_intervention` and its comparisons. Needs stage_results with both arms. */
export async function doInterventionTable(ctx: FindingContext): Promise<{ table: AnalysisTable; comparisons: Comparison[] }> {
  const r = await rows(ctx, `WITH c AS (SELECT * FROM ep WHERE injection = false AND j_n > 0), d AS (SELECT * FROM ep WHERE injection = true AND j_n > 0),
    p AS (SELECT c.agent, c.j_k = c.j_n AS c_clean, d.j_k = d.j_n AS d_clean, c.j_k::DOUBLE / c.j_n AS c_rate, d.j_k::DOUBLE / d.j_n AS d_rate
      FROM c JOIN d ON c.agent = d.agent AND c.base = d.base AND c.seed = d.seed AND c.ticket_id = d.ticket_id AND c.trap = d.trap AND c.pressure = d.pressure)
    SELECT agent, count(*)::BIGINT AS n, count(*) FILTER (WHERE d_clean AND NOT c_clean)::BIGINT AS b, count(*) FILTER (WHERE c_clean AND NOT d_clean)::BIGINT AS c,
      count(*) FILTER (WHERE c_clean)::BIGINT AS c_clean, avg(c_rate) AS c_rate, avg(d_rate) AS d_rate, avg(d_rate - c_rate) AS diff, coalesce(stddev_samp(d_rate - c_rate), 0) AS sd
    FROM p GROUP BY agent ORDER BY agent`);
  const { alpha, epsilon } = ctx.opts;
  const z = normalQuantile(1 - alpha / 2);
  const comparisons: Comparison[] = [];
  const out: Record<string, Cell>[] = r.map((x) => {
    const n = num(x, 'n'), b = num(x, 'b'), c = num(x, 'c'), diff = num(x, 'diff');
    const se = num(x, 'sd') / Math.sqrt(n);
    const tost = se > 0 ? tostFromEstimate(diff, se, epsilon, alpha, 'TOST on the paired judgment-rate difference (cluster = pair)') : tostPaired({ b, c, n }, epsilon, alpha);
    const cmp = makeComparison(ctx, { family: 'do_intervention', agent: str(x, 'agent'), contrast: 'do(config) vs control', outcome: 'all judgment stages pass', pairs: n, b, c, controlRate: num(x, 'c_clean') / n, diff: (b - c) / n, lower: NaN, upper: NaN, alternative: 'two-sided' });
    comparisons.push(cmp);
    const verdict = tost.equivalent ? `equivalent (|d| < ${epsilon})` : cmp.p < alpha ? 'changed' : 'inconclusive';
    return {
      agent: str(x, 'agent'), pairs: n, judgment_control: num(x, 'c_rate'), judgment_do: num(x, 'd_rate'), diff, diff_lower: diff - z * se, diff_upper: diff + z * se,
      b, c, mcnemar_p: cmp.p, tost_p: tost.p, tost_lower: tost.lower, tost_upper: tost.upper, epsilon, verdict, mde: cmp.mde,
    };
  });
  return {
    comparisons,
    table: {
      name: 'do_intervention',
      title: '(d) do-intervention: judgment with the oracle-correct config handed over, paired',
      columns: [col('agent', 'VARCHAR'), col('pairs', 'INTEGER'), col('judgment_control', 'DOUBLE'), col('judgment_do', 'DOUBLE'), col('diff', 'DOUBLE'), col('diff_lower', 'DOUBLE'), col('diff_upper', 'DOUBLE'),
        col('b', 'INTEGER'), col('c', 'INTEGER'), col('mcnemar_p', 'DOUBLE'), col('tost_p', 'DOUBLE'), col('tost_lower', 'DOUBLE'), col('tost_upper', 'DOUBLE'), col('epsilon', 'DOUBLE'), col('verdict', 'VARCHAR'), col('mde', 'DOUBLE')],
      rows: out,
      notes: [
        'pairs: the same (agent, base, seed, ticket, trap, pressure) with injection = false (control) and true (do)',
        'judgment_* = mean over pairs of the judgment-stage pass rate; diff = do - control with a cluster-robust (pair) Wald interval',
        'b = pairs where all judgment stages pass under do but not control, c = the reverse; exact two-sided McNemar',
        `TOST equivalence (pre-registered epsilon = ${epsilon}, alpha = ${alpha} per side; tost_lower/upper is the ${Math.round((1 - 2 * alpha) * 100)}% interval): "equivalent" only when it lies inside (-epsilon, epsilon)`,
        `mde: smallest change in the all-judgment-pass rate detectable at alpha = ${alpha}, power = ${ctx.opts.power} (two proportions, n = pairs per arm; conservative for paired data)`,
      ],
    },
  };
}
