/**
 * The sweep through the environment: policies x tickets x seeds x conditions (injection off/on x
 * the four pressure rungs), each episode played by the policy through the tools, so every
 * stage outcome, T, Learned, TBDL and dollar figure comes from what the policy did on the
 * simulated cluster. Agent-major, deterministic given the seeds; an async generator so large
 * sweeps stream.
 */
import { buildCatalogue, conditionsFor, invalidArgument, OracleError, PAIRINGS, PROFILES, type AgentProfile, type Episode, type Pairing, type Playbook, type Ticket } from '../oracle/index.js';
import { runPolicy, type Policy } from './policy.js';
import { profiledPolicy } from './policies/index.js';
import type { Transcript } from './record.js';
import { episodeSpec, type Budgets } from './spec.js';

/** Options of {@link envSweep}. */
export interface EnvSweepOptions {
  /** Policies (default: the oracle's five profiles as policies). Profiles are wrapped by profiledPolicy. */
  agents?: readonly (Policy | AgentProfile)[];
  /** Tickets (default: the catalogue). */
  tickets?: readonly Ticket[];
  /** Replicates per cell, integer >= 1 (default 3). */
  seeds?: number;
  /** First seed (default 1). */
  seed?: number;
  /** Draw coupling of profiled policies under config injection (default 'independent'). */
  pairing?: Pairing;
  budgets?: Partial<Budgets>;
  playbook?: Playbook;
}

const isPolicy = (x: Policy | AgentProfile): x is Policy => typeof (x as Policy).act === 'function';

/**
 * Yields every episode of the sweep with its transcript.
 * @throws OracleError `invalid_argument` when seeds is not an integer >= 1, seed not an integer,
 * or pairing unknown.
 * @example for await (const { episode } of envSweep({ seeds: 1 })) score(episode) // 800 episodes
 */
export async function* envSweep(o: EnvSweepOptions = {}): AsyncGenerator<{ episode: Episode; transcript: Transcript }> {
  const seeds = o.seeds ?? 3;
  const first = o.seed ?? 1;
  if (!Number.isInteger(seeds) || seeds < 1) throw new OracleError([invalidArgument('seeds', seeds, 'an integer >= 1')]);
  if (!Number.isInteger(first)) throw new OracleError([invalidArgument('seed', first, 'an integer')]);
  const pairing = o.pairing ?? 'independent';
  if (!PAIRINGS.includes(pairing)) throw new OracleError([invalidArgument('pairing', pairing, PAIRINGS.join(' or '))]);
  const agents = (o.agents ?? Object.values(PROFILES)).map((a) => (isPolicy(a) ? a : profiledPolicy(a, { pairing })));
  const tickets = o.tickets ?? buildCatalogue();
  for (const a of agents) for (const t of tickets) for (let s = first; s < first + seeds; s++) {
    for (const c of conditionsFor(t)) {
      const spec = episodeSpec(t, { injection: c.injection, pressure: c.pressure, seed: s, agent: a.name, ...(o.budgets === undefined ? {} : { budgets: o.budgets }) });
      yield await runPolicy(a, spec, o.playbook);
    }
  }
}
