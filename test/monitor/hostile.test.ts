/**
 * Hostile input: input never selects an inherited property, and an error in one run rejects that
 * run's line (run, line, reason) without touching the others. A fast-check property suite mixes
 * valid runs (with hostile run ids and eval split names) with hostile lines in random orders.
 * Property runs: 40 per property (seeded, so a failure replays); each case is a few hundred lines.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Monitor } from '../../src/monitor/engine.js';
import { defaultDetector, type DetectorApi } from '../../src/monitor/detector-api.js';
import { runMonitorCli } from '../../src/monitor/cli-run.js';
import { parseLine } from '../../src/telemetry/index.js';
import { metricField } from '../../src/telemetry/adapters/metrics.js';
import type { DetectorState } from '../../src/detector/index.js';
import type { OutputLine } from '../../src/telemetry/schema.js';
import { createRng } from '../../src/rng.js';
import { captureIO, scratch } from './cli-io.js';
import { runLines } from './traces.js';

const PROTO_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__', 'isPrototypeOf'];

/** A run's lines with its run id and its eval split renamed (still a valid run). */
function renamed(lines: string[], run: string, split: string): string[] {
  return lines.map((l) => {
    const ev = JSON.parse(l) as Record<string, unknown>;
    ev.run = run;
    if (ev.type === 'eval') ev.split = split;
    return JSON.stringify(ev);
  });
}

function feedAll(m: Monitor, lines: string[], file = 't.jsonl'): OutputLine[] {
  const out: OutputLine[] = [];
  lines.forEach((l, i) => out.push(...m.feed(l, i + 1, file)));
  out.push(...m.finish());
  return out;
}

const ofRun = (out: OutputLine[], run: string) => out.filter((l) => l.type !== 'rejected' && l.run === run);

describe('hostile input: inherited properties', () => {
  for (const split of PROTO_KEYS) {
    it(`an eval split named ${JSON.stringify(split)} is an ordinary split; the other runs are untouched`, () => {
      const a = renamed(runLines('correct', 2, { steps: 100, heldout: 60 }), 'a', split);
      const b = runLines('permute', 1, { steps: 100, heldout: 60 });
      const out = feedAll(new Monitor(), [...a, ...b]);
      expect(out.filter((l) => l.type === 'rejected')).toEqual([]);
      const va = out.find((l) => l.type === 'verdict' && l.run === 'a');
      expect(va).toMatchObject({ eval_split: split, n: 60 });
      expect(typeof va!.learned).toBe('boolean');
      expect(out.filter((l) => l.type === 'verdict')).toHaveLength(2);
    });
  }

  it('a trainer-log metric named like a prototype key is no train field', () => {
    for (const k of PROTO_KEYS) expect(metricField(k)).toBeUndefined();
    expect(metricField('train/loss')).toBe('loss');
  });

  it('a run id named like a prototype key is an ordinary run', () => {
    const lines = PROTO_KEYS.flatMap((k, i) => renamed(runLines('noise', i + 1, { steps: 60, heldout: 30 }), k, 'heldout'));
    const out = feedAll(new Monitor(), lines);
    expect(out.filter((l) => l.type === 'rejected')).toEqual([]);
    expect(out.filter((l) => l.type === 'verdict').map((l) => l.run).sort()).toEqual([...PROTO_KEYS].sort());
  });

  it('replay: a hostile split exits by the verdicts (not 2), every run gets its verdict, the state file restarts cleanly', async () => {
    const dir = scratch('tbdl-hostile-');
    const a = renamed(runLines('permute', 1), 'a', 'constructor');
    const b = runLines('correct', 2, { steps: 100, heldout: 60, runId: 'b' });
    const file = join(dir, 't.jsonl');
    writeFileSync(file, [...a, ...b].join('\n') + '\n');
    const state = join(dir, 's.duckdb');
    for (let round = 0; round < 2; round++) {
      const c = captureIO();
      const code = await runMonitorCli('replay', [file, '--json', '--state', state], c.io);
      expect(c.stderr()).toBe('');
      expect(code).toBe(1); // run a is a permute run: alarm and TBDL
      if (round === 0) expect(c.lines().filter((l) => l.type === 'verdict').map((l) => l.run)).toEqual(['a', 'b']);
    }
  });
});

describe('an error in one run never aborts the others', () => {
  /** The real detector, except that closing run `bad` throws. */
  function faulty(where: 'apply' | 'finish'): DetectorApi<DetectorState> {
    const d = defaultDetector();
    return {
      ...d,
      apply: (s, ev) => { if (where === 'apply' && s.run === 'bad' && ev.type === 'end') throw new Error('boom'); return d.apply(s, ev); },
      finish: (s) => { if (where === 'finish' && s.run === 'bad') throw new Error('boom'); return d.finish(s); },
    };
  }
  for (const where of ['apply', 'finish'] as const) {
    it(`a detector error in ${where} rejects that run's line with run, line and reason; the others get verdicts`, () => {
      const bad = renamed(runLines('noise', 3, { steps: 60, heldout: 30 }), 'bad', 'heldout');
      const good = runLines('correct', 4, { steps: 60, heldout: 30 });
      const lines = where === 'finish' ? [...bad.slice(0, -1), ...good] : [...bad, ...good]; // finish: `bad` never sends end
      const out = feedAll(new Monitor({ detector: faulty(where) }), lines);
      const rej = out.filter((l) => l.type === 'rejected');
      expect(rej).toHaveLength(1);
      expect(rej[0]).toMatchObject({ run: 'bad', line: where === 'apply' ? bad.length : bad.length - 1, file: 't.jsonl' });
      expect(String(rej[0]!.reason)).toMatch(/boom/);
      expect(out.filter((l) => l.type === 'verdict').map((l) => l.run)).toEqual([JSON.parse(good[0]!).run]);
    });
  }
});

// ---- property suite -------------------------------------------------------------------------

const hostileChar = fc.constantFrom('\u0000', '\u0001', '\u001f', '\u007f', '\t', '\r', '/', '\\', '..', '$', '`', ';', '|', '&', '>', '<', '*', '$(id)',
  "'", '"', '\n', '\ud800', '\udc00', '\ufeff', 'é', 'a', 'Z', '9', ' ');
const hostileString = fc.oneof(
  fc.constantFrom(...PROTO_KEYS),
  fc.array(hostileChar, { minLength: 1, maxLength: 6 }).map((a) => a.join('')),
  fc.tuple(fc.constantFrom(...PROTO_KEYS), hostileChar).map(([k, c]) => k + c),
);
/** Hostile numbers: as JSON values, or as text where a number is expected. */
const hostileNumber = fc.constantFrom<unknown>(0, -0, 1e308, -1, 2 ** 53 + 1, 1e12 + 1, 0.5, 'NaN', 'Infinity', '-Infinity', '1e999', '0', null, true);

const POOL = [
  runLines('permute', 1, { steps: 60, heldout: 30 }),
  runLines('correct', 2, { steps: 60, heldout: 30 }),
  runLines('noise', 3, { steps: 60, heldout: 30 }),
  runLines('mask', 4, { steps: 60, heldout: 30 }),
];

/** A hostile line: a template event with fields replaced by hostile values, or raw hostile text. */
const hostileLine = fc.oneof(
  fc.tuple(fc.nat(POOL.length - 1), fc.nat(10_000), hostileString,
    fc.constantFrom('run', 'step', 'seq', 'split', 'items', 'type', 'status', 'v', 'base', 'probe', 'design'),
    fc.oneof(hostileString.map((s): unknown => s), hostileNumber))
    .map(([p, i, run, field, value]) => {
      const lines = POOL[p]!;
      const ev = JSON.parse(lines[i % lines.length]!) as Record<string, unknown>;
      ev.run = run;
      ev[field] = value;
      return JSON.stringify(ev);
    }),
  hostileString,
  fc.tuple(hostileString, hostileNumber).map(([s, n]) => `{"v":1,"type":"probe","run":${JSON.stringify(s)},"step":${String(n)},"seq":NaN}`),
);

/** A valid run: a pool run under a hostile id, with a hostile eval split name. */
const validRun = fc.tuple(fc.nat(POOL.length - 1), hostileString, hostileString).map(([p, id, split]) => ({ p, id: `ok:${id}`, split }));

/** Deterministic random merge that keeps each stream's order. */
function merge(streams: string[][], seed: number): string[] {
  const rng = createRng(seed);
  const idx = streams.map(() => 0);
  const out: string[] = [];
  for (;;) {
    const live = streams.map((s, i) => (idx[i]! < s.length ? i : -1)).filter((i) => i >= 0);
    if (live.length === 0) return out;
    const k = live[Math.floor(rng.next() * live.length)]!;
    out.push(streams[k]![idx[k]!++]!);
  }
}

const aloneCache = new Map<string, OutputLine[]>();
function alone(lines: string[], run: string): OutputLine[] {
  const key = lines.join('\n');
  let v = aloneCache.get(key);
  if (v === undefined) { v = ofRun(feedAll(new Monitor(), lines), run); aloneCache.set(key, v); }
  return v;
}

describe('hostile input: property suite (fast-check, 40 runs per property, seeded)', () => {
  it('never throws; every valid run gets exactly its verdict alone; every bad line gets one rejected line naming run, line, field', () => {
    fc.assert(fc.property(
      fc.uniqueArray(validRun, { minLength: 1, maxLength: 3, selector: (r) => r.id }),
      fc.array(hostileLine, { minLength: 1, maxLength: 40 }),
      fc.nat(),
      (runs, bad, seed) => {
        const streams = runs.map((r) => renamed(POOL[r.p]!, r.id, r.split));
        const lines = merge([...streams, ...bad.map((b) => [b])], seed);
        const m = new Monitor();
        const out = feedAll(m, lines); // must not throw
        for (const [i, r] of runs.entries()) expect(ofRun(out, r.id)).toEqual(alone(streams[i]!, r.id));
        const valid = new Set(streams.flat());
        const rejected = out.filter((l) => l.type === 'rejected');
        lines.forEach((text, i) => {
          const lineNo = i + 1;
          const mine = rejected.filter((r) => r.line === lineNo);
          if (valid.has(text)) { expect(mine).toEqual([]); return; }
          const parsed = parseLine(text, lineNo);
          if (parsed.kind !== 'rejected') return; // an accepted event of a hostile run: not a bad line
          expect(mine).toHaveLength(1);
          const r = mine[0]!;
          let obj: unknown;
          try { obj = JSON.parse(text); } catch { obj = undefined; }
          const run = obj !== null && typeof obj === 'object' && !Array.isArray(obj) && Object.hasOwn(obj, 'run') ? (obj as { run: unknown }).run : undefined;
          if (typeof run === 'string') expect(r.run).toBe(run);
          if (parsed.rejected.code === 'invalid_event' || parsed.rejected.code === 'unsupported_version') expect(typeof r.field).toBe('string');
          expect(typeof r.reason).toBe('string');
        });
      },
    ), { numRuns: 40, seed: 11 });
  });

  it('through the CLI (replay and watch on stdin): never exits early; valid runs decide as alone; exit status by the verdicts', async () => {
    const samples = fc.sample(fc.tuple(fc.array(hostileLine, { minLength: 5, maxLength: 30 }), fc.nat()), { numRuns: 6, seed: 5 });
    for (const [bad, seed] of samples) {
      const run = renamed(POOL[1]!, 'ok:__proto__', 'constructor');
      const lines = merge([run, ...bad.map((b) => [b])], seed);
      const dir = scratch('tbdl-hostile-cli-');
      const file = join(dir, 't.jsonl');
      writeFileSync(file, lines.join('\n') + '\n');
      const want = alone(run, 'ok:__proto__');
      const r = captureIO();
      const rc = await runMonitorCli('replay', [file, '--json'], r.io);
      expect(r.lines().filter((l) => l.type !== 'rejected' && l.run === 'ok:__proto__')).toEqual(want);
      const w = captureIO(lines.join('\n') + '\n');
      const wc = await runMonitorCli('watch', ['-', '--json'], w.io);
      expect(w.lines().filter((l) => l.type !== 'rejected' && l.run === 'ok:__proto__')).toEqual(want);
      expect(wc).toBe(rc);
      expect([0, 1]).toContain(rc);
    }
  });
});
