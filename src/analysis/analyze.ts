/**
 * `analyzeResults`: reads whichever results tables exist (docs/results-schema.md) and returns
 * every table it can build plus metadata (tables read, row counts, seeds, agents, bases, options,
 * methods). Heavy grouping runs in DuckDB; kernels run on the aggregated cells.
 *
 * Tables (stable names): design_comparison (the study's detector next to ours, with detector_designs), stage_pass (a), arith_vs_judgment (finding 2), do_intervention (d),
 * pressure_ladder (e), pressure_trend, trap_base (finding 1 / b), trap_incidence,
 * detector_baselines, learned_audit (c), pass_k (f), ranking (g), comparisons (h).
 */
import type { FindingContext } from './context.js';
import { makeContext, resolveOptions } from './context.js';
import { openResults, type AnalysisDb } from './duckdb.js';
import { buildEpisodeView } from './episodes-view.js';
import { checkColumns } from './schema-check.js';
import { distinct, num, rows, str } from './findings/common.js';
import type { Comparison } from './findings/comparison.js';
import { baselinesTable, learnedAuditTable, trapBaseTable, trapIncidenceTable } from './findings/detector.js';
import { arithVsJudgmentTable, doInterventionTable } from './findings/judgment.js';
import { ladderTables } from './findings/ladder.js';
import { comparisonsTable, passKTable, rankingTable } from './findings/reliability.js';
import { stagePassTable } from './findings/stage-pass.js';
import { designComparisonTable } from './findings/designs.js';
import { trapVsCleanComparisons } from './findings/trap-clean.js';
import type { AnalysisResult, AnalysisTable, AnalyzeOptions } from './table.js';
import { analysisErrors } from './errors.js';

/** Every table name analyzeResults can produce, in output order. */
export const TABLE_NAMES = ['trap_base', 'design_comparison', 'detector_baselines', 'learned_audit', 'trap_incidence', 'stage_pass', 'arith_vs_judgment', 'do_intervention',
  'pressure_ladder', 'pressure_trend', 'pass_k', 'ranking', 'comparisons'] as const;

async function countRows(ctx: FindingContext, t: string): Promise<number> {
  return num((await rows(ctx, `SELECT count(*)::BIGINT AS n FROM ${t}`))[0]!, 'n');
}

/** The detector tables and the oracle tables, with the verb that writes their results tables. */
const DETECTOR_TABLES = ['trap_base', 'detector_baselines', 'learned_audit'] as const;
const ORACLE_TABLES = ['trap_incidence', 'stage_pass', 'arith_vs_judgment', 'do_intervention', 'pressure_ladder', 'pressure_trend', 'pass_k', 'ranking'] as const;

/** One notice per group of wanted tables skipped because its results table is absent (never silent). */
function skippedNotices(ctx: FindingContext, want: (n: string) => boolean): string[] {
  const out: string[] = [];
  const det = DETECTOR_TABLES.filter(want);
  if (det.length > 0 && !ctx.has('detector_runs')) {
    out.push(`no detector_runs in RESULTS, so the detector tables (${det.join(', ')}) were skipped: run \`tbdl replay TRACES... --results RESULTS\` into the same folder to add them`);
  }
  if (want('design_comparison') && ctx.has('detector_runs') && !ctx.has('detector_designs')) {
    out.push("no detector_designs in RESULTS, so the study's detector was not set beside ours (design_comparison skipped): run `tbdl table1 --study --results RESULTS` to add it");
  }
  const ora = ORACLE_TABLES.filter(want);
  if (ora.length > 0 && !ctx.has('stage_results') && !ctx.has('episodes')) {
    out.push(`no stage_results or episodes in RESULTS, so the oracle tables (${ora.join(', ')}) were skipped: run \`tbdl score EPISODES... --out RESULTS\` to add them`);
  }
  return out;
}

/**
 * Rejects results in which one episode was scored more than once (episodes: episode_id;
 * stage_results: episode_id x stage): every rate would count it twice.
 * @throws duplicate_ids naming the table, how many ids repeat and one example.
 */
async function checkUniqueEpisodes(db: AnalysisDb): Promise<void> {
  const keys: ReadonlyArray<[string, string, string]> = [['episodes', 'episode_id', 'episode_id'], ['stage_results', "episode_id || ' / ' || stage", 'episode_id x stage']];
  for (const [table, expr, label] of keys) {
    if (!(db.tables as readonly string[]).includes(table)) continue;
    const t = await db.query(`SELECT k, n, count(*) OVER ()::BIGINT AS m FROM (SELECT ${expr} AS k, count(*)::BIGINT AS n FROM ${table} GROUP BY 1 HAVING count(*) > 1) ORDER BY k LIMIT 1`);
    const r = t.toArray()[0] as { k: unknown; n: unknown; m: unknown } | undefined;
    if (r !== undefined) throw analysisErrors.duplicateIds(table, label, Number(r.m), JSON.stringify(String(r.k)), Number(r.n));
  }
}

/**
 * Analyzes a RESULTS directory, a `.duckdb` file, or an already open {@link AnalysisDb} (it
 * reads `db.tables`: tables made with `db.createTable` under a results-table name, or added with
 * `db.registerTable`; for rows in memory see `analyzeRows`).
 * @param source path or open db (an open db is not closed). @param options see AnalyzeOptions.
 * @returns all tables (each with a method header) and meta (with `notices` naming groups of tables
 * skipped because their results table is absent). @throws io_error, missing_tables,
 * missing_column (a table lacks a contract column), duplicate_ids (an episode scored twice).
 * @example const res = await analyzeResults('out/results'); getTable(res, 'pressure_ladder')
 */
export async function analyzeResults(source: string | AnalysisDb, options: AnalyzeOptions = {}): Promise<AnalysisResult> {
  const db = typeof source === 'string' ? await openResults(source) : source;
  try {
    await checkColumns(db);
    await checkUniqueEpisodes(db);
    const opts = resolveOptions(options);
    const ctx = makeContext(db, opts);
    const want = (n: string): boolean => options.only === undefined || options.only.includes(n);
    const counts: Record<string, number> = {};
    for (const t of db.tables) counts[t] = await countRows(ctx, t);
    const tables: AnalysisTable[] = [];
    const comparisons: Comparison[] = [];
    const hasEp = await buildEpisodeView(ctx);
    const hasStages = ctx.has('stage_results');
    const hasEpisodes = ctx.has('episodes');
    if (ctx.has('detector_runs')) {
      if (want('trap_base')) tables.push(await trapBaseTable(ctx));
      if (ctx.has('detector_designs') && want('design_comparison')) tables.push(await designComparisonTable(ctx));
      if (want('detector_baselines')) tables.push(await baselinesTable(ctx));
      if (want('learned_audit')) tables.push(await learnedAuditTable(ctx));
    }
    if (hasEpisodes && want('trap_incidence')) tables.push(await trapIncidenceTable(ctx));
    if (hasStages) {
      if (want('stage_pass')) tables.push(await stagePassTable(ctx));
      if (want('arith_vs_judgment')) tables.push(await arithVsJudgmentTable(ctx));
      const d = await doInterventionTable(ctx);
      if (d.table.rows.length > 0 && want('do_intervention')) tables.push(d.table);
      comparisons.push(...d.comparisons);
    }
    if (hasEpisodes) {
      const l = await ladderTables(ctx);
      for (const t of l.tables) if (t.rows.length > 0 && want(t.name)) tables.push(t);
      comparisons.push(...l.comparisons);
    }
    if (hasStages) {
      comparisons.push(...(await trapVsCleanComparisons(ctx)));
      if (want('pass_k')) tables.push(await passKTable(ctx));
      if (want('ranking')) tables.push(await rankingTable(ctx));
    }
    if (comparisons.length > 0 && want('comparisons')) tables.push(comparisonsTable(ctx, comparisons));
    let seeds: number[] = [], agents: string[] = [], bases: string[] = [];
    if (hasEp) {
      const m = await rows(ctx, `SELECT DISTINCT agent, base, seed FROM ep`);
      seeds = distinct(m.map((r) => num(r, 'seed'))); agents = distinct(m.map((r) => str(r, 'agent'))); bases = distinct(m.map((r) => str(r, 'base')));
    } else if (ctx.has('detector_runs')) {
      const m = await rows(ctx, `SELECT DISTINCT base, seed FROM detector_runs`);
      seeds = distinct(m.map((r) => num(r, 'seed'))); bases = distinct(m.map((r) => str(r, 'base')));
    }
    const notices = skippedNotices(ctx, want);
    const methods = distinct(tables.flatMap((t) => t.notes.filter((n) => /bootstrap|McNemar|Clopper|Wilson|cluster|TOST|Holm|pass\^k|C\(c,k\)|USD saved/.test(n))));
    return { tables, meta: { tablesRead: [...db.tables], counts, seeds, agents, bases, options: opts, methods, notices } };
  } finally {
    if (typeof source === 'string') db.close();
  }
}
