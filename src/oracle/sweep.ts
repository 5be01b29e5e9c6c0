/**
 * A full sweep: agents x tickets (bases x variants) x seeds x conditions (injection off/on x the
 * four pressure rungs). Deterministic given the seeds; a generator so 100,000-episode sweeps
 * stream without holding everything.
 */
import { PLAYBOOK, type Playbook } from './playbook.js';
import { buildCatalogue, conditionsFor } from './catalogue.js';
import { simulateEpisode } from './agents/episode.js';
import { PAIRINGS, type Pairing } from './agents/do.js';
import { PROFILES, type AgentProfile } from './agents/profiles.js';
import { invalidArgument, OracleError } from './issues.js';
import type { Episode } from './schema/episode.js';
import type { Ticket } from './schema/ticket.js';

/** Sweep options. */
export interface SweepOptions {
  /** Agent profiles (default: all of PROFILES). */
  agents?: readonly AgentProfile[];
  /** Tickets (default: the catalogue). */
  tickets?: readonly Ticket[];
  /** Replicates per cell, integer >= 1 (default 3). */
  seeds?: number;
  /** First seed (default 1); seeds are seed, seed+1, ... */
  seed?: number;
  playbook?: Playbook;
  /** Draw coupling of do-condition episodes with their control twins (default 'independent'; see Pairing). */
  pairing?: Pairing;
}

/**
 * Yields every episode of the sweep, agent-major.
 * @throws OracleError `invalid_argument` when seeds is not an integer >= 1 or pairing is unknown.
 * @example [...generateSweep({ seeds: 1 })].length // 5 agents x 20 tickets x 8 conditions = 800
 */
export function* generateSweep(o: SweepOptions = {}): Generator<Episode> {
  const seeds = o.seeds ?? 3;
  const first = o.seed ?? 1;
  if (!Number.isInteger(seeds) || seeds < 1) throw new OracleError([invalidArgument('seeds', seeds, 'an integer >= 1')]);
  if (!Number.isInteger(first)) throw new OracleError([invalidArgument('seed', first, 'an integer')]);
  const agents = o.agents ?? Object.values(PROFILES);
  const tickets = o.tickets ?? buildCatalogue();
  const pb = o.playbook ?? PLAYBOOK;
  const pairing = o.pairing ?? 'independent';
  if (!PAIRINGS.includes(pairing)) throw new OracleError([invalidArgument('pairing', pairing, PAIRINGS.join(' or '))]);
  for (const a of agents) for (const t of tickets) for (let s = first; s < first + seeds; s++) {
    for (const c of conditionsFor(t)) yield simulateEpisode(a, t, c, s, pb, { pairing });
  }
}
