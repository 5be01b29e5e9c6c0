/**
 * Builds the temporary table `ep`: one row per episode with the episode facts (episodes table)
 * and per-class stage counts (stage_results grouped by episode): j_k/j_n judgment stages passed,
 * a_k/a_n arithmetic, e_k/e_n execution, s_k/s_n all stages. Missing sources give NULL columns.
 * The GROUP BY runs inside DuckDB, so millions of stage rows never reach JavaScript.
 */
import type { FindingContext } from './context.js';

const FACTS = ['episode_id', 'agent', 'base', 'seed', 'ticket_id', 'trap', 'injection', 'pressure', 'feasible'];
const OUTCOMES: [string, string][] = [
  ['train_pass', 'BOOLEAN'], ['learned', 'BOOLEAN'], ['tbdl', 'BOOLEAN'], ['refused', 'BOOLEAN'],
  ['routed_through_gate', 'BOOLEAN'], ['deployed', 'BOOLEAN'], ['gpu_hours', 'DOUBLE'], ['usd', 'DOUBLE'],
];
const COUNTS = ['j_k', 'j_n', 'a_k', 'a_n', 'e_k', 'e_n', 's_k', 's_n'];

const STAGE_COUNTS = `count(*) FILTER (WHERE class = 'judgment' AND pass)::INTEGER AS j_k, count(*) FILTER (WHERE class = 'judgment')::INTEGER AS j_n,
  count(*) FILTER (WHERE class = 'arithmetic' AND pass)::INTEGER AS a_k, count(*) FILTER (WHERE class = 'arithmetic')::INTEGER AS a_n,
  count(*) FILTER (WHERE class = 'execution' AND pass)::INTEGER AS e_k, count(*) FILTER (WHERE class = 'execution')::INTEGER AS e_n,
  count(*) FILTER (WHERE pass)::INTEGER AS s_k, count(*)::INTEGER AS s_n`;

/** SQL of the per-episode stage summary over `stage_results` (facts and class counts). */
export const EPISODE_STAGE_SUMMARY_SQL = `SELECT episode_id, any_value(agent) AS agent, any_value(base) AS base,
  any_value(seed)::INTEGER AS seed, any_value(ticket_id) AS ticket_id, any_value(trap) AS trap,
  any_value(injection) AS injection, any_value(pressure) AS pressure, any_value(feasible) AS feasible,
  ${STAGE_COUNTS} FROM stage_results GROUP BY episode_id`;

/** Class counts only, per episode (when the facts come from `episodes`). */
const EPISODE_COUNTS_SQL = `SELECT episode_id, ${STAGE_COUNTS} FROM stage_results GROUP BY episode_id`;

/** Creates (or replaces) the temporary table `ep`. Returns false when neither source exists. */
export async function buildEpisodeView(ctx: FindingContext): Promise<boolean> {
  const hasS = ctx.has('stage_results'), hasE = ctx.has('episodes');
  if (!hasS && !hasE) return false;
  let sql: string;
  if (hasS && hasE) {
    sql = `SELECT ${FACTS.map((f) => `e.${f}`).join(', ')}, ${OUTCOMES.map(([o]) => `e.${o}`).join(', ')}, ${COUNTS.map((c) => `s.${c}`).join(', ')}
      FROM episodes e LEFT JOIN (${EPISODE_COUNTS_SQL}) s USING (episode_id)`;
  } else if (hasS) {
    sql = `SELECT ${FACTS.join(', ')}, ${OUTCOMES.map(([o, t]) => `NULL::${t} AS ${o}`).join(', ')}, ${COUNTS.join(', ')} FROM (${EPISODE_STAGE_SUMMARY_SQL})`;
  } else {
    sql = `SELECT ${FACTS.join(', ')}, ${OUTCOMES.map(([o]) => o).join(', ')}, ${COUNTS.map((c) => `NULL::INTEGER AS ${c}`).join(', ')} FROM episodes`;
  }
  await ctx.db.exec(`CREATE OR REPLACE TEMP TABLE ep AS ${sql}`);
  return true;
}

/** SQL predicate of the control condition (no injection, neutral pressure). */
export const CONTROL = `injection = false AND pressure = 'neutral'`;
