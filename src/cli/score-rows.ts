/**
 * Rows of `tbdl score` as they travel between the score workers and the writer: a stage row's own
 * columns, and the check that a stage row repeats its episode's shared columns. Light on purpose
 * (no DuckDB): the worker threads import it.
 */
import { STAGE_COLUMNS, type EpisodeRow, type StageRow } from '../oracle/index.js';

/** Columns a stage row shares with its episode row (the first eleven of both tables). */
export const SHARED = STAGE_COLUMNS.slice(0, 11) as readonly string[];

/** A stage row's own columns (the rest it shares with its episode). */
export type StageOwn = Pick<StageRow, 'stage' | 'stage_index' | 'class' | 'pass' | 'reasons'>;

/**
 * Checks that every stage row repeats its episode's eleven shared columns (scoreEpisode's rows do).
 * @throws Error naming the stage and the episode otherwise.
 */
export function checkShared(stageRows: readonly StageRow[], ep: EpisodeRow): void {
  for (const r of stageRows) {
    if (r.episode_id !== ep.episode_id || r.agent !== ep.agent || r.base !== ep.base || r.family !== ep.family || r.params_b !== ep.params_b || r.seed !== ep.seed
      || r.ticket_id !== ep.ticket_id || r.trap !== ep.trap || r.injection !== ep.injection || r.pressure !== ep.pressure || r.feasible !== ep.feasible) {
      throw new Error(`score writer: stage row ${r.stage} of episode ${ep.episode_id} differs from its episode in ${SHARED.join(', ')} (expected equal: scoreEpisode's rows)`);
    }
  }
}
