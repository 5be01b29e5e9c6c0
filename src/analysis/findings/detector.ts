/**
 * Finding 1 and table (b): TBDL by trap x base with the online detector's catches and false
 * alarms (exact intervals: 0/36 false alarms still allows about 8%, one-sided 95%), alarm step vs
 * planned steps and money saved; the in-process baseline rules side by side; and table (c), the
 * per-run Learned audit. A false alarm is an alarm on a run that learned (detector.md section 2).
 */
import { clopperPearson, clopperPearsonUpper } from '../clopper-pearson.js';
import type { FindingContext } from '../context.js';
import { mcnemarTest } from '../mcnemar.js';
import { col, type AnalysisTable, type Cell } from '../table.js';
import { CELL_METHOD, cellColumns, cellValues, num, rows, str } from './common.js';
import { SAVINGS_DEFINITION, SAVINGS_SQL } from '../savings.js';
import { sqlIdent } from '../duckdb.js';

function exact(k: number, n: number, alpha: number, prefix: string): Record<string, Cell> {
  const iv = clopperPearson(k, n, alpha);
  return { [`${prefix}k`]: k, [`${prefix}n`]: n, [`${prefix}kn`]: `${k}/${n}`, [`${prefix}rate`]: iv.estimate, [`${prefix}lower`]: iv.lower, [`${prefix}upper`]: iv.upper };
}

/** Builds `trap_base` (finding 1, table b) from detector_runs. */
export async function trapBaseTable(ctx: FindingContext): Promise<AnalysisTable> {
  const { alpha } = ctx.opts;
  // usd_spent is optional in detector_runs (docs/results-schema.md): without it no false-alarm cost can be stated
  const cols = new Set((await rows(ctx, `SELECT column_name FROM (DESCRIBE detector_runs)`)).map((x) => str(x, 'column_name')));
  const src = cols.has('usd_spent') ? 'detector_runs' : '(SELECT *, NULL::DOUBLE AS usd_spent FROM detector_runs)';
  const r = await rows(ctx, `SELECT arm, coalesce(base, '(all bases)') AS base, count(*)::BIGINT AS runs,
      count(*) FILTER (WHERE train_pass)::BIGINT AS t, count(*) FILTER (WHERE learned)::BIGINT AS learned, count(*) FILTER (WHERE tbdl)::BIGINT AS tbdl,
      count(*) FILTER (WHERE tbdl AND alarm IS NOT NULL)::BIGINT AS caught, count(*) FILTER (WHERE learned AND alarm IS NOT NULL)::BIGINT AS false_alarms,
      median(alarm_step) FILTER (WHERE tbdl AND alarm IS NOT NULL)::DOUBLE AS median_alarm_step, median(planned_steps)::DOUBLE AS planned_steps,
      median(alarm_step::DOUBLE / planned_steps) FILTER (WHERE tbdl AND alarm IS NOT NULL)::DOUBLE AS median_alarm_fraction,
      coalesce(sum(${SAVINGS_SQL.gpu_hours_saved}), 0)::DOUBLE AS gpu_hours_saved, coalesce(sum(${SAVINGS_SQL.usd_saved}), 0)::DOUBLE AS usd_saved,
      coalesce(sum(${SAVINGS_SQL.false_alarm_usd}), 0)::DOUBLE AS false_alarm_usd
    FROM ${src} GROUP BY GROUPING SETS ((arm, base), (arm)) ORDER BY arm, base = '(all bases)', base`);
  return {
    name: 'trap_base',
    title: "Finding 1 / (b) TBDL by trap and base, with online catches, false alarms and money saved (the study's Table 1)",
    columns: [col('arm', 'VARCHAR'), col('base', 'VARCHAR'), col('runs', 'INTEGER'), col('t', 'INTEGER'), col('learned', 'INTEGER'), col('tbdl', 'INTEGER'), col('tbdl_kn', 'VARCHAR'),
      ...cellColumns('caught_'), ...cellColumns('false_alarm_'), col('false_alarm_upper95_one_sided', 'DOUBLE'),
      col('median_alarm_step', 'DOUBLE'), col('planned_steps', 'DOUBLE'), col('median_alarm_fraction', 'DOUBLE'), col('gpu_hours_saved', 'DOUBLE'), col('usd_saved', 'DOUBLE'), col('false_alarm_usd', 'DOUBLE')],
    rows: r.map((x) => {
      const runs = num(x, 'runs'), tb = num(x, 'tbdl'), le = num(x, 'learned'), fa = num(x, 'false_alarms');
      return {
        arm: str(x, 'arm'), base: str(x, 'base'), runs, t: num(x, 't'), learned: le, tbdl: tb, tbdl_kn: `${tb}/${runs}`,
        ...exact(num(x, 'caught'), tb, alpha, 'caught_'), ...exact(fa, le, alpha, 'false_alarm_'),
        false_alarm_upper95_one_sided: le > 0 ? clopperPearsonUpper(fa, le, 0.05) : null,
        median_alarm_step: num(x, 'median_alarm_step'), planned_steps: num(x, 'planned_steps'), median_alarm_fraction: num(x, 'median_alarm_fraction'),
        gpu_hours_saved: num(x, 'gpu_hours_saved'), usd_saved: num(x, 'usd_saved'), false_alarm_usd: num(x, 'false_alarm_usd'),
      };
    }),
    notes: [
      'one row per (arm, base) and a pooled "(all bases)" row per arm; T = train_pass, TBDL = T and not Learned',
      'caught = TBDL runs with any online alarm (sensitivity); false alarm = alarm on a run that learned; both with exact Clopper-Pearson intervals',
      'false_alarm_upper95_one_sided: one-sided 95% exact upper bound (0/36 gives 0.080: "0 of 36" still allows about 8%)',
      'median_alarm_fraction = alarm step / planned steps over caught runs',
      `${SAVINGS_DEFINITION}; gpu_hours_saved likewise; sums over runs (from detector_runs)`,
    ],
  };
}

/** Builds `trap_incidence`: TBDL among agent episodes by trap x base (episodes table). */
export async function trapIncidenceTable(ctx: FindingContext): Promise<AnalysisTable> {
  const r = await rows(ctx, `SELECT trap, coalesce(base, '(all bases)') AS base, count(*)::BIGINT AS n, count(*) FILTER (WHERE train_pass)::BIGINT AS t,
      count(*) FILTER (WHERE learned)::BIGINT AS learned, count(*) FILTER (WHERE tbdl)::BIGINT AS tbdl, coalesce(sum(usd), 0)::DOUBLE AS usd
    FROM ep WHERE train_pass IS NOT NULL GROUP BY GROUPING SETS ((trap, base), (trap)) ORDER BY trap, base = '(all bases)', base`);
  return {
    name: 'trap_incidence',
    title: 'TBDL incidence among agent episodes by trap and base',
    columns: [col('trap', 'VARCHAR'), col('base', 'VARCHAR'), col('t', 'INTEGER'), col('learned', 'INTEGER'), ...cellColumns('tbdl_'), col('usd', 'DOUBLE')],
    rows: r.map((x) => ({ trap: str(x, 'trap'), base: str(x, 'base'), t: num(x, 't'), learned: num(x, 'learned'), ...cellValues(num(x, 'tbdl'), num(x, 'n'), ctx.opts.alpha, 'tbdl_'), usd: num(x, 'usd') })),
    notes: ['episodes with a train record; pooled "(all bases)" row per trap', CELL_METHOD, 'usd: total spend of those episodes'],
  };
}

/** Builds `detector_baselines`: each in-process rule and the detector, sensitivity and false alarms. */
export async function baselinesTable(ctx: FindingContext): Promise<AnalysisTable> {
  const { alpha } = ctx.opts;
  const det = `SELECT 'tbdl detector (any alarm)' AS rule, d.tbdl, d.learned, d.alarm IS NOT NULL AS fired, d.alarm_step AS step FROM detector_runs d`;
  const base = ctx.has('baseline_alarms') ? `UNION ALL SELECT a.rule, d.tbdl, d.learned, a.fired, a.step FROM baseline_alarms a JOIN detector_runs d USING (run)` : '';
  const r = await rows(ctx, `SELECT rule, count(*) FILTER (WHERE tbdl AND fired)::BIGINT AS sk, count(*) FILTER (WHERE tbdl)::BIGINT AS sn,
      count(*) FILTER (WHERE learned AND fired)::BIGINT AS fk, count(*) FILTER (WHERE learned)::BIGINT AS fn, median(step) FILTER (WHERE tbdl AND fired)::DOUBLE AS median_step
    FROM (${det} ${base}) GROUP BY rule ORDER BY rule LIKE 'tbdl detector%' DESC, rule`);
  return {
    name: 'detector_baselines',
    title: 'Online detector vs in-process baseline rules: sensitivity on TBDL runs and false alarms on learning runs',
    columns: [col('rule', 'VARCHAR'), ...cellColumns('sensitivity_'), ...cellColumns('false_alarm_'), col('median_step', 'DOUBLE')],
    rows: r.map((x) => ({ rule: str(x, 'rule'), ...exact(num(x, 'sk'), num(x, 'sn'), alpha, 'sensitivity_'), ...exact(num(x, 'fk'), num(x, 'fn'), alpha, 'false_alarm_'), median_step: num(x, 'median_step') })),
    notes: ['joined on run with detector_runs; exact Clopper-Pearson intervals', 'median_step: first firing step over TBDL runs where the rule fired'],
  };
}

/**
 * Optional Learned-rule columns of detector_runs, shown in the audit when present and not all
 * NULL: the rule that decided `learned` (`learned_rule_id` or `learned_rule`, VARCHAR) and each
 * rule's own decision (`learned_<rule>`, BOOLEAN, e.g. learned_e_margin and learned_study), so two
 * rules can be read side by side. Absent columns change nothing.
 */
async function learnedRuleColumns(ctx: FindingContext): Promise<{ rule: string | null; decisions: string[] }> {
  const d = await rows(ctx, `SELECT column_name, column_type FROM (DESCRIBE detector_runs)`);
  const present = async (c: string): Promise<boolean> =>
    num((await rows(ctx, `SELECT count(${sqlIdent(c)})::BIGINT AS n FROM detector_runs`))[0]!, 'n') > 0;
  let rule: string | null = null;
  for (const c of ['learned_rule_id', 'learned_rule']) if (rule === null && d.some((x) => str(x, 'column_name') === c && str(x, 'column_type') === 'VARCHAR') && await present(c)) rule = c;
  const decisions: string[] = [];
  for (const x of d) {
    const c = str(x, 'column_name');
    if (/^learned_[a-z0-9_]+$/.test(c) && c !== rule && str(x, 'column_type') === 'BOOLEAN' && await present(c)) decisions.push(c);
  }
  return { rule, decisions: decisions.sort() };
}

/** Builds table (c) `learned_audit`: one row per run, the Learned gate recomputed from b, c, n. */
export async function learnedAuditTable(ctx: FindingContext): Promise<AnalysisTable> {
  const opt = await learnedRuleColumns(ctx);
  const extra = [...(opt.rule !== null ? [`${sqlIdent(opt.rule)} AS rule`] : []), ...opt.decisions.map(sqlIdent)].map((x) => `, ${x}`).join('');
  const r = await rows(ctx, `SELECT run, arm, base, seed, n, b, c, mcnemar_p, train_pass, learned, tbdl${extra} FROM detector_runs ORDER BY arm, base, seed, run`);
  const bool = (v: unknown): boolean | null => (v === null || v === undefined ? null : Boolean(v));
  return {
    name: 'learned_audit',
    title: '(c) Per-run Learned audit: held-out n, discordant pairs, exact McNemar, improvement and verdict',
    columns: [col('run', 'VARCHAR'), col('arm', 'VARCHAR'), col('base', 'VARCHAR'), col('seed', 'INTEGER'), col('n', 'INTEGER'), col('b', 'INTEGER'), col('c', 'INTEGER'),
      col('improvement', 'DOUBLE'), col('mcnemar_p', 'DOUBLE'), col('reported_p', 'DOUBLE'), col('p_consistent', 'BOOLEAN'), col('learned', 'BOOLEAN'),
      ...(opt.rule !== null ? [col('rule', 'VARCHAR')] : []), ...opt.decisions.map((d) => col(d, 'BOOLEAN')),
      ...(opt.decisions.length >= 2 ? [col('rules_agree', 'BOOLEAN')] : []), col('verdict', 'VARCHAR')],
    rows: r.map((x) => {
      const b = num(x, 'b'), c = num(x, 'c'), n = num(x, 'n');
      const ok = Number.isInteger(b) && Number.isInteger(c) && b >= 0 && c >= 0;
      const p = ok ? mcnemarTest({ b, c }, { alternative: 'greater' }).p : NaN;
      const rep = num(x, 'mcnemar_p');
      const tp = x.train_pass, le = x.learned;
      return {
        run: str(x, 'run'), arm: str(x, 'arm'), base: str(x, 'base'), seed: num(x, 'seed'), n, b, c, improvement: n > 0 ? (b - c) / n : NaN,
        mcnemar_p: p, reported_p: rep, p_consistent: Number.isFinite(rep) && Number.isFinite(p) ? Math.abs(p - rep) <= 1e-6 * Math.max(1, rep) : null,
        learned: le === null ? null : Boolean(le),
        ...(opt.rule !== null ? { rule: x['rule'] === null || x['rule'] === undefined ? null : String(x['rule']) } : {}),
        ...Object.fromEntries(opt.decisions.map((d) => [d, bool(x[d])])),
        ...(opt.decisions.length >= 2 ? { rules_agree: opt.decisions.some((d) => bool(x[d]) === null) ? null : new Set(opt.decisions.map((d) => bool(x[d]))).size === 1 } : {}),
        verdict: tp === false ? 'not trained (T fails)' : le === true ? 'learned' : x.tbdl === true ? 'TBDL' : 'not learned',
      };
    }),
    notes: ['b = held-out items the fine-tuned model gets right and base wrong, c = the reverse (detector.md section 7); improvement = (b - c)/n',
      'mcnemar_p: exact one-sided McNemar recomputed from b and c; p_consistent compares it with the reported value (1e-6 relative)',
      ...(opt.rule !== null || opt.decisions.length > 0 ? [`Learned rules side by side: ${opt.rule !== null ? 'rule = the rule that decided learned (and the verdict); ' : ''}${opt.decisions.map((d) => `${d} = that rule's decision`).join(', ')}${opt.decisions.length >= 2 ? '; rules_agree: whether they agree' : ''}`] : [])],
  };
}
