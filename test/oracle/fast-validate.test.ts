import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  episodeSchema, ticketSchema, generateSweep, isEpisodeFast, isTicketFast, parseEpisode, EpisodeLineParser, PROFILES, type AgentProfile,
} from '../../src/oracle/index.js';
import { CATALOGUE } from './helpers.js';

// real lines: 3 profiles (naive and careful) x 20 tickets x 1 seed x 8 conditions = 480 episodes
const LINES = [...generateSweep({ seeds: 1, agents: ['configurator', 'cheap-gemini-like', 'flagship-a'].map((n) => PROFILES[n] as AgentProfile) })].map((e) => JSON.stringify(e));

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
/** Every path (list of keys) in a JSON value, the root included. */
function paths(v: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) paths(v[k] as Json, [...at, k], out);
  return out;
}
// boundary values of every rule in the schemas (signs, integers, limits, enums, lengths, types)
const ODD: Json[] = [null, true, false, 0, -1, 1, 2, 0.5, -0.5, 1.5, 1e9, 1e9 + 1, 100000, 100001, 2 ** 53, 1e300, -0, '', 'x', 'x'.repeat(64), 'x'.repeat(65),
  'x'.repeat(128), 'x'.repeat(129), 'x'.repeat(257), 'csv', 'chat', 'label', 'none', 'infeasible', 'ok', 'neutral', 'withhold', 'learned', 'lora', [], [0], ['train'], {}, { a: 1 }];
const mutation = fc.record({
  line: fc.nat({ max: LINES.length - 1 }),
  kind: fc.constantFrom('set', 'set', 'set', 'delete', 'extra', 'none'),
  at: fc.nat(),
  value: fc.oneof(fc.constantFrom(...ODD), fc.jsonValue() as fc.Arbitrary<Json>),
});
function mutate(m: { line: number; kind: string; at: number; value: Json }): Json {
  const v = JSON.parse(LINES[m.line] as string) as Json;
  if (m.kind === 'none') return v;
  const ps = paths(v);
  const p = ps[m.at % ps.length] as (string | number)[];
  if (p.length === 0) return m.kind === 'set' ? m.value : v;
  let parent = v as Record<string | number, Json>;
  for (const k of p.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
  const last = p[p.length - 1] as string | number;
  if (m.kind === 'set') parent[last] = m.value;
  else if (m.kind === 'delete') { if (Array.isArray(parent)) parent.splice(last as number, 1); else delete parent[last]; }
  else if (!Array.isArray(parent)) parent.zz_extra = m.value;
  return v;
}

describe('the fast structural check accepts only what zod accepts (randomized equivalence)', () => {
  it('2,500 mutated real episodes: fast accept => zod accepts an equal value; parseEpisode always agrees with zod', () => {
    let both = 0, zodOnly = 0;
    fc.assert(fc.property(mutation, (m) => {
      const v = mutate(m);
      const z = episodeSchema.safeParse(structuredClone(v));
      const fast = isEpisodeFast(structuredClone(v));
      if (fast) { expect(z.success).toBe(true); expect(z.data).toEqual(v); both++; }
      else if (z.success) zodOnly++;
      const p = parseEpisode(structuredClone(v));
      expect(p.ok).toBe(z.success);
      if (p.ok) expect(p.value).toEqual(z.data);
    }), { numRuns: 2500, seed: 5 });
    // the check is exercised both ways: many valid values accepted fast, and it is not merely "always fall back"
    expect(both).toBeGreaterThan(500);
    expect(zodOnly).toBeLessThan(both / 10);
  });

  it('tickets: every catalogue ticket passes fast; mutated tickets never pass fast unless zod accepts', () => {
    for (const t of CATALOGUE) expect(isTicketFast(structuredClone(t))).toBe(true);
    fc.assert(fc.property(fc.constantFrom(...CATALOGUE), fc.nat(), fc.constantFrom(...ODD), (t, at, value) => {
      const v = structuredClone(t) as unknown as Json;
      const ps = paths(v).filter((p) => p.length > 0);
      const p = ps[at % ps.length] as (string | number)[];
      let parent = v as Record<string | number, Json>;
      for (const k of p.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
      parent[p[p.length - 1] as string | number] = value;
      if (isTicketFast(v)) expect(ticketSchema.safeParse(v).success).toBe(true);
    }), { numRuns: 2000, seed: 9 });
  });
});

describe('EpisodeLineParser (ticket interning) gives the verdict and value of JSON.parse + zod on any line', () => {
  const reference = (line: string): { ok: boolean; value?: unknown } => {
    let v: unknown;
    try { v = JSON.parse(line); } catch { return { ok: false }; }
    const z = episodeSchema.safeParse(v);
    return z.success ? { ok: true, value: z.data } : { ok: false };
  };
  // text-level edits aimed at the cut: duplicate or escaped ticket keys, whitespace, a truncated ticket, random characters
  const edits: ((l: string, k: number) => string)[] = [
    (l) => l,
    (l) => `${l.slice(0, -1)},"ticket":0}`,
    (l) => `${l.slice(0, -1)},"ticke\\u0074":0}`,
    (l) => `{"ticke\\u0074":0,${l.slice(1)}`,
    (l) => l.replace('"ticket":', '"ticket" :'),
    (l) => l.replace(',"condition":', ' ,"condition":'),
    (l) => l.replace(',"condition":', '},"condition":'),
    (l) => l.replace('"ticket":{', '"ticket":{"x":1,'),
    (l) => l.replace('"ticket":', '"artifacts":0,"ticket":'),
    (l, k) => { const i = k % l.length; return l.slice(0, i) + l.slice(i + 1); },
    (l, k) => { const i = k % l.length; return `${l.slice(0, i)}${'{}[],:"0a\\'[k % 9]}${l.slice(i)}`; },
    (l, k) => { const i = k % l.length; return `${l.slice(0, i)}"ticket"${l.slice(i)}`; },
  ];
  it('2,000 edited lines through one shared parser (the cache is hit by valid and invalid neighbours)', () => {
    const parser = new EpisodeLineParser(64);
    let fastOk = 0;
    fc.assert(fc.property(fc.nat({ max: LINES.length - 1 }), fc.nat({ max: edits.length - 1 }), fc.nat(), (i, e, k) => {
      const line = (edits[e] as (l: string, k: number) => string)(LINES[i] as string, k);
      const before = parser.fast;
      const got = parser.parse(line);
      const want = reference(line);
      expect(got.ok).toBe(want.ok);
      if (got.ok) expect(got.value).toEqual(want.value);
      if (parser.fast > before) fastOk++;
    }), { numRuns: 2000, seed: 11 });
    expect(fastOk).toBeGreaterThan(150);
  });

  it('unedited sweep lines all take the fast path, with frozen shared tickets', () => {
    const parser = new EpisodeLineParser();
    const a = parser.parse(LINES[0] as string), b = parser.parse(LINES[1] as string);
    for (const l of LINES) expect(parser.parse(l).ok).toBe(true);
    expect(parser.slow).toBe(0);
    if (!a.ok || !b.ok) throw new Error('expected valid lines');
    expect(a.value.ticket).toBe(b.value.ticket);
    expect(Object.isFrozen(a.value.ticket.dataset)).toBe(true);
  });
});
