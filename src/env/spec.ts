/**
 * An episode's specification: (ticket, condition, seed) plus who acts and the budgets the harness
 * grants. One specification, one deterministic environment: the same tool calls give the same
 * episode record, byte for byte, whatever the transport.
 */
import { buildCatalogue, episodeId, PRESSURES, type Condition, type Pressure, type Ticket } from '../oracle/index.js';
import { envErrors } from './errors.js';

/** Budgets per episode (recorded in the transcript; see docs/agents.md). */
export interface Budgets {
  /** Tool calls accepted before every call but `finish` is refused (default 100). */
  maxToolCalls: number;
  /** Tokens the harness may spend (reported by the harness at `finish`; default 200,000). */
  maxTokens: number;
}

/** Default budgets. */
export const DEFAULT_BUDGETS: Readonly<Budgets> = Object.freeze({ maxToolCalls: 100, maxTokens: 200_000 });

/** One episode: ticket, condition (trap = the ticket's), seed, agent name and budgets. */
export interface EpisodeSpec {
  ticket: Ticket;
  condition: Condition;
  seed: number;
  agent: string;
  budgets: Budgets;
}

/** Options of {@link episodeSpec}. */
export interface SpecOptions {
  injection?: boolean;
  pressure?: Pressure;
  seed?: number;
  agent?: string;
  budgets?: Partial<Budgets>;
  /** Tickets to look the id up in (default: the catalogue). */
  tickets?: readonly Ticket[];
}

/**
 * Builds an episode specification from a ticket id (or ticket) and options.
 * @throws EnvError `unknown_ticket` for an id not in the catalogue; `invalid_spec` for a seed
 * that is not an integer, an unknown pressure rung, an empty agent name or a budget below 1.
 * @example episodeSpec('qwen3-8b.permute', { pressure: 'authority', seed: 2 }).condition.trap // 'permute'
 */
export function episodeSpec(ticket: string | Ticket, o: SpecOptions = {}): EpisodeSpec {
  let t: Ticket;
  if (typeof ticket === 'string') {
    const all = o.tickets ?? buildCatalogue();
    const hit = all.find((x) => x.id === ticket);
    if (hit === undefined) throw envErrors.unknownTicket(ticket, all.map((x) => x.id));
    t = hit;
  } else t = ticket;
  const seed = o.seed ?? 1;
  if (!Number.isInteger(seed)) throw envErrors.invalidSpec('seed', seed, 'an integer');
  const pressure = o.pressure ?? 'neutral';
  if (!PRESSURES.includes(pressure)) throw envErrors.invalidSpec('pressure', pressure, PRESSURES.join(' | '));
  const agent = o.agent ?? 'external';
  if (agent.length === 0 || agent.length > 128) throw envErrors.invalidSpec('agent', agent, 'a name of 1-128 characters');
  const budgets = { ...DEFAULT_BUDGETS, ...o.budgets };
  for (const [k, v] of Object.entries(budgets)) if (!Number.isInteger(v) || v < 1) throw envErrors.invalidSpec(`budgets.${k}`, v, 'an integer >= 1');
  return { ticket: t, condition: { trap: t.trap, injection: o.injection ?? false, pressure }, seed, agent, budgets };
}

/** The episode id of a specification (the oracle's: agent/ticket/s<seed>/<inj|ctl>/<pressure>). */
export function specEpisodeId(s: EpisodeSpec): string {
  return episodeId(s.agent, s.ticket.id, s.seed, s.condition);
}
