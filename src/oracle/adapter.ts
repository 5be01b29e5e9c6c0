/**
 * The adapter for real LLM agents: one JSON file per episode, written by whatever harness ran the
 * agent, is turned into a schema-valid Episode and scored exactly like a scripted one. The file
 * may omit stages the agent never produced (they become null -> `artifact_missing`), give the
 * ticket by id (resolved against the catalogue or given tickets), omit the condition (defaults:
 * the ticket's trap, no injection, neutral pressure) and omit the episode id (derived).
 *
 * Shape: { agent, seed, ticket | ticket_id, condition?, episode_id?, artifacts: {...}, records: {...} }
 */
import { buildCatalogue } from './catalogue.js';
import { STAGES } from './stages.js';
import { episodeId } from './agents/episode.js';
import { parseEpisode, type Parsed } from './parse.js';
import { invalidEpisode, type Origin } from './issues.js';
import type { Episode } from './schema/episode.js';
import type { Ticket } from './schema/ticket.js';

let defaultTickets: Map<string, Ticket> | undefined;

function catalogueById(): Map<string, Ticket> {
  defaultTickets ??= new Map(buildCatalogue().map((t) => [t.id, t]));
  return defaultTickets;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Adapts an agent's per-episode JSON to an Episode (validated).
 * @param raw the parsed JSON file.
 * @param o origin for messages; `tickets` to resolve `ticket_id` (default: the catalogue).
 * @returns the safe parse result; issues are coded `invalid_episode` with the path.
 * @example adaptAgentEpisode({ agent: 'gpt-x', seed: 1, ticket_id: 'qwen3-8b.correct', artifacts: {...}, records: {...} })
 */
export function adaptAgentEpisode(raw: unknown, o: Origin & { tickets?: ReadonlyMap<string, Ticket> } = {}): Parsed<Episode> {
  const origin: Origin = {};
  if (o.file !== undefined) origin.file = o.file;
  if (o.line !== undefined) origin.line = o.line;
  if (!isRecord(raw)) return { ok: false, issues: [invalidEpisode('', 'expected an object', origin)] };
  let ticket: unknown = raw['ticket'];
  if (ticket === undefined) {
    const id = raw['ticket_id'];
    if (typeof id !== 'string') return { ok: false, issues: [invalidEpisode('ticket_id', 'expected a ticket or a ticket_id string', origin)] };
    ticket = (o.tickets ?? catalogueById()).get(id);
    if (ticket === undefined) return { ok: false, issues: [invalidEpisode('ticket_id', `unknown ticket '${id}'`, origin)] };
  }
  const trap = isRecord(ticket) ? ticket['trap'] : undefined;
  const condition = raw['condition'] ?? { trap, injection: false, pressure: 'neutral' };
  const rawArtifacts = isRecord(raw['artifacts']) ? raw['artifacts'] : {};
  const artifacts: Record<string, unknown> = {};
  for (const s of STAGES) artifacts[s] = rawArtifacts[s] ?? null;
  for (const k of Object.keys(rawArtifacts)) if (!(k in artifacts)) artifacts[k] = rawArtifacts[k]; // unknown keys -> schema error naming them
  const agent = raw['agent'];
  const seed = raw['seed'];
  let id = raw['episode_id'];
  if (id === undefined && typeof agent === 'string' && typeof seed === 'number' && isRecord(ticket) && typeof ticket['id'] === 'string' && isRecord(condition)) {
    id = episodeId(agent, ticket['id'], seed, condition as Episode['condition']);
  }
  return parseEpisode({ v: 1, episode_id: id, agent, seed, ticket, condition, artifacts, records: raw['records'] }, origin);
}
