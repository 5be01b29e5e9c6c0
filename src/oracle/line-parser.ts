/**
 * The fast path of `tbdl score`: JSONL line -> validated Episode, interning tickets. A sweep
 * repeats each ticket's JSON text on thousands of lines; the parser cuts that text out, parses and
 * validates it once per distinct text, and parses only the rest of the line. Interned tickets are
 * deep-frozen and shared (so `goldAnswers` is computed once per ticket). Any line the fast path
 * cannot prove equivalent falls back to `parseEpisodeLine` (JSON.parse + structural check + zod),
 * which decides validity and writes the coded issues. Equivalence with JSON.parse + zod is checked
 * by a randomized test on mutated lines.
 *
 * Why the cut is exact: the fast path runs only on lines with no `\u` escape (so a key named
 * "ticket" is spelled literally), where `"ticket"` occurs exactly once, as `"ticket":`, and
 * `,"condition":` follows it. Inside a JSON string every `"` is escaped, so neither pattern can
 * occur inside a string token. The text between them parses as one JSON value only if it is
 * exactly the ticket's value (a strict prefix of an object never parses; a longer slice holds a
 * top-level comma); the line with that value replaced by `0` parses as the same object with
 * ticket = 0, and `rest.ticket === 0` proves the key was top-level.
 */
import type { Episode } from './schema/episode.js';
import type { Ticket } from './schema/ticket.js';
import type { Origin } from './issues.js';
import { isEpisodeFast, isTicketFast } from './fast-validate.js';
import { parseEpisodeLine, type Parsed } from './parse.js';

const KEY = '"ticket":';
const NEXT = ',"condition":';

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}

/**
 * A stateful JSONL episode parser with a bounded ticket cache.
 * @example const p = new EpisodeLineParser(); const r = p.parse(line, { file, line: n }); if (r.ok) scoreEpisode(r.value);
 */
export class EpisodeLineParser {
  private readonly tickets = new Map<string, Ticket>();
  /** Lines accepted by the fast path / sent to the full path (for diagnostics and the bench). */
  fast = 0;
  slow = 0;
  /** @param maxTickets distinct ticket texts kept (>= 1, default 4096); the cache is cleared when full. */
  constructor(private readonly maxTickets = 4096) {}

  /**
   * Parses and validates one line. Same verdict and an equal value as `parseEpisodeLine`; the
   * value's ticket may be a shared, frozen object.
   */
  parse(line: string, origin: Origin = {}): Parsed<Episode> {
    const e = this.tryFast(line);
    if (e !== null) { this.fast++; return { ok: true, value: e }; }
    this.slow++;
    return parseEpisodeLine(line, origin);
  }

  private tryFast(line: string): Episode | null {
    const i = line.indexOf(KEY);
    if (i < 0 || line.indexOf('"ticket"') !== i || line.indexOf('\\u') >= 0) return null;
    const start = i + KEY.length;
    const end = line.indexOf(NEXT, start);
    if (end < 0 || line.indexOf('"ticket"', start) >= 0) return null;
    const text = line.slice(start, end);
    let t = this.tickets.get(text);
    if (t === undefined) {
      let v: unknown;
      try { v = JSON.parse(text); } catch { return null; }
      if (!isTicketFast(v)) return null;
      t = deepFreeze(v);
      if (this.tickets.size >= this.maxTickets) this.tickets.clear();
      this.tickets.set(text, t);
    }
    let rest: unknown;
    try { rest = JSON.parse(`${line.slice(0, start)}0${line.slice(end)}`); } catch { return null; }
    if (typeof rest !== 'object' || rest === null || (rest as { ticket?: unknown }).ticket !== 0) return null;
    (rest as { ticket: unknown }).ticket = t;
    return isEpisodeFast(rest, true) ? rest : null;
  }
}
