/**
 * Trap vs clean contrasts: for each agent and trap, episodes paired on (agent, base, seed,
 * ticket, injection, pressure) between trap = none and the trap; outcome: every judgment stage
 * passes. Recorded as comparisons for table (h). No pairs (tickets not shared across traps): none.
 */
import type { FindingContext } from '../context.js';
import { num, rows, str } from './common.js';
import { makeComparison, type Comparison } from './comparison.js';

/** Trap-vs-clean comparisons (exact two-sided McNemar). */
export async function trapVsCleanComparisons(ctx: FindingContext): Promise<Comparison[]> {
  const r = await rows(ctx, `WITH e AS (SELECT * FROM ep WHERE j_n > 0)
    SELECT t.agent, t.trap, count(*)::BIGINT AS pairs, count(*) FILTER (WHERE t.j_k = t.j_n AND z.j_k < z.j_n)::BIGINT AS b,
      count(*) FILTER (WHERE z.j_k = z.j_n AND t.j_k < t.j_n)::BIGINT AS c, count(*) FILTER (WHERE z.j_k = z.j_n)::BIGINT AS z_k
    FROM e t JOIN e z ON z.trap = 'none' AND t.trap <> 'none' AND t.agent = z.agent AND t.base = z.base AND t.seed = z.seed
      AND t.ticket_id = z.ticket_id AND t.injection = z.injection AND t.pressure = z.pressure
    GROUP BY ALL ORDER BY t.agent, t.trap`);
  return r.map((x) => {
    const n = num(x, 'pairs'), b = num(x, 'b'), c = num(x, 'c');
    return makeComparison(ctx, { family: 'trap_vs_clean', agent: str(x, 'agent'), contrast: `${str(x, 'trap')} vs none`, outcome: 'all judgment stages pass', pairs: n, b, c, controlK: num(x, 'z_k'), alternative: 'two-sided' });
  });
}
