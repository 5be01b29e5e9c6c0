/**
 * Validation at the boundary: untrusted JSON -> a typed Episode or Ticket, or coded issues that
 * name the path (and the file and line when given). `parseEpisode` is the safe form;
 * `assertEpisode` its throwing twin.
 */
import type { z } from 'zod';
import { episodeSchema, type Episode } from './schema/episode.js';
import { ticketSchema, type Ticket } from './schema/ticket.js';
import { isEpisodeFast } from './fast-validate.js';
import { invalidEpisode, invalidJson, invalidTicket, OracleError, type OracleIssue, type Origin } from './issues.js';

/** A safe parse result. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: OracleIssue[] };

function pathOf(p: readonly PropertyKey[]): string {
  return p.map((k) => String(k)).join('.');
}

function issuesOf(err: z.ZodError, make: (path: string, detail: string, o: Origin) => OracleIssue, o: Origin): OracleIssue[] {
  return err.issues.slice(0, 20).map((i) => make(pathOf(i.path), i.message, o));
}

/**
 * Validates an episode value: a hand-written structural check first (isEpisodeFast, which accepts
 * only what the schema accepts), zod for everything it rejects (so zod writes every issue).
 * When valid, the value returned is `value` itself (no copy is made; zod's copy is equal to it).
 * @example parseEpisode(JSON.parse(line), { file: 'sweep.jsonl', line: 3 })
 */
export function parseEpisode(value: unknown, origin: Origin = {}): Parsed<Episode> {
  if (isEpisodeFast(value)) return { ok: true, value };
  const r = episodeSchema.safeParse(value);
  return r.success ? { ok: true, value: r.data } : { ok: false, issues: issuesOf(r.error, invalidEpisode, origin) };
}

/** Parses one JSONL line into an episode. */
export function parseEpisodeLine(line: string, origin: Origin = {}): Parsed<Episode> {
  let v: unknown;
  try { v = JSON.parse(line); } catch (err) { return { ok: false, issues: [invalidJson(err instanceof Error ? err.message : String(err), origin)] }; }
  return parseEpisode(v, origin);
}

/** Validates a ticket value. */
export function parseTicket(value: unknown, origin: Origin = {}): Parsed<Ticket> {
  const r = ticketSchema.safeParse(value);
  return r.success ? { ok: true, value: r.data } : { ok: false, issues: issuesOf(r.error, invalidTicket, origin) };
}

/** Throwing twin of {@link parseEpisode}. @throws OracleError with the coded issues. */
export function assertEpisode(value: unknown, origin: Origin = {}): Episode {
  const r = parseEpisode(value, origin);
  if (!r.ok) throw new OracleError(r.issues);
  return r.value;
}
