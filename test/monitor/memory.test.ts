/**
 * Bounded memory, by counting what is held (not by timing or RSS): a finished run keeps only a
 * compact tombstone (bounded LRU; a compact row in the state store), the pre-run buffer is
 * bounded in bytes, the store without --state keeps nothing of finished runs, and the stdin
 * wrapper leaves no listener behind per chunk. The RSS figures are bench/memory.ts.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Monitor } from '../../src/monitor/engine.js';
import { runMonitor } from '../../src/monitor/runner.js';
import { MemoryStore } from '../../src/monitor/store.js';
import { DuckDbStore } from '../../src/monitor/duckdb-store.js';
import { abortable } from '../../src/monitor/cli-run.js';
import { Lru } from '../../src/monitor/tombstones.js';
import type { RawLine } from '../../src/telemetry/index.js';
import type { OutputLine } from '../../src/telemetry/schema.js';
import { scratch } from './cli-io.js';
import { runLines } from './traces.js';

const N = 40;
const runs = Array.from({ length: N }, (_, i) => runLines(['correct', 'permute', 'noise'][i % 3] as 'correct', i + 1, { steps: 60, heldout: 30, runId: `r${i}` }));

async function* rawLines(lines: string[], file = 't.jsonl'): AsyncGenerator<RawLine> {
  for (const [i, text] of lines.entries()) yield { text, lineNo: i + 1, file };
}

const silent = { emit: () => undefined, log: () => undefined, actions: { rng: { next: () => 0.5 } as never, env: {}, now: () => new Date(0) } };

describe('finished runs are released', () => {
  it(`after ${N} runs one after another, no run's detector state is held; tombstones stay within their bound`, async () => {
    const monitor = new Monitor({ maxTombstones: 10 });
    const out: OutputLine[] = [];
    await runMonitor(rawLines(runs.flat()), { ...silent, monitor, store: new MemoryStore({ finishedCap: 0 }), emit: (l) => out.push(l) });
    expect(out.filter((l) => l.type === 'verdict')).toHaveLength(N);
    expect(monitor.liveRunCount).toBe(0);
    expect(monitor.tombstoneCount).toBe(10);
    expect(monitor.runCount).toBe(N);
    expect(monitor.tombstone(`r${N - 1}`)).toMatchObject({ lastSeq: 6 });
    expect(monitor.tombstone('r0')).toBeUndefined(); // least recently finished: evicted
  });

  it('interleaved: live runs are only those not yet ended', () => {
    const m = new Monitor();
    const a = runs[0]!, b = runs[1]!;
    a.forEach((l, i) => m.feed(l, i + 1));
    b.slice(0, 5).forEach((l, i) => m.feed(l, 100 + i));
    expect(m.liveRunCount).toBe(1);
    expect(m.tombstoneCount).toBe(1);
  });

  it('exactly-once survives release: a finished run fed again decides nothing and counts duplicates', () => {
    const m = new Monitor();
    const first = runs[1]!.flatMap((l, i) => m.feed(l, i + 1));
    expect(first.filter((l) => l.type === 'verdict')).toHaveLength(1);
    const again = runs[1]!.flatMap((l, i) => m.feed(l, 1000 + i)).concat(m.finish());
    expect(again).toEqual([]);
    expect(m.sourceCounts('-').duplicates).toBe(runs[1]!.length);
  });

  it('the store without --state keeps nothing of finished runs; a state store keeps a compact tombstone row', async () => {
    const mem = new MemoryStore({ finishedCap: 0 });
    await runMonitor(rawLines(runs.slice(0, 6).flat()), { ...silent, monitor: new Monitor(), store: mem });
    const snap = await mem.load();
    expect(snap.runs).toEqual([]);
    expect(snap.outputs).toEqual([]);

    const path = join(scratch('tbdl-mem-'), 's.duckdb');
    const db = await DuckDbStore.open(path);
    await runMonitor(rawLines(runs.slice(0, 6).flat()), { ...silent, monitor: new Monitor(), store: db });
    const rows = (await db.load()).runs;
    await db.close();
    expect(rows).toHaveLength(6);
    for (const r of rows) {
      expect(r.state).toBeNull();
      expect(JSON.stringify(r).length).toBeLessThan(200);
      expect(r.meta).toMatchObject({ verdictDone: true, digest: expect.stringMatching(/^[T-][A-]-[0-9a-f]{8}$/) as unknown });
    }
    // a restart over the same lines (stdin re-sent in full) decides nothing again
    const db2 = await DuckDbStore.open(path);
    const again: OutputLine[] = [];
    const m2 = new Monitor();
    await runMonitor(rawLines(runs.slice(0, 6).flat(), '-'), { ...silent, monitor: m2, store: db2, emit: (l) => again.push(l) });
    await db2.close();
    expect(again).toEqual([]);
    expect(m2.liveRunCount).toBe(0);
  });
});

describe('the pre-run buffer is bounded in bytes', () => {
  it('events without their run event are refused past the byte bound, with a reason naming the run', () => {
    const lines = runs[2]!.slice(1, 30);
    const total = lines.reduce((s, l) => s + l.length, 0);
    const m = new Monitor({ maxPendingBytes: Math.floor(total / 2) });
    const out = lines.flatMap((l, i) => m.feed(l, i + 1));
    const rej = out.filter((l) => l.type === 'rejected');
    expect(rej.length).toBeGreaterThan(0);
    expect(rej[0]).toMatchObject({ run: 'r2', field: 'run' });
    expect(String(rej[0]!.reason)).toMatch(/pending buffer full: \d+ bytes/);
    const unbounded = new Monitor();
    expect(lines.flatMap((l, i) => unbounded.feed(l, i + 1))).toEqual([]);
  });
});

describe('stdin: no per-chunk leftovers', () => {
  it('abortable() removes its abort listener after every chunk, and stops at once on abort', async () => {
    const ac = new AbortController();
    let added = 0, removed = 0;
    const add = ac.signal.addEventListener.bind(ac.signal), rm = ac.signal.removeEventListener.bind(ac.signal);
    ac.signal.addEventListener = ((...a: Parameters<typeof add>) => { added++; add(...a); }) as typeof add;
    ac.signal.removeEventListener = ((...a: Parameters<typeof rm>) => { removed++; rm(...a); }) as typeof rm;
    let n = 0;
    for await (const _ of abortable(Readable.from(Array.from({ length: 500 }, (_, i) => Buffer.from(`${i}\n`))), ac.signal)) n++;
    expect(n).toBe(500);
    expect(added - removed).toBeLessThanOrEqual(1);
    const never = new Readable({ read() { /* never pushes */ } });
    const it = abortable(never, ac.signal)[Symbol.asyncIterator]();
    const next = it.next();
    ac.abort();
    expect(await next).toEqual({ done: true, value: undefined });
  });

  it('the LRU keeps the most recently used entries', () => {
    const l = new Lru<number>(2);
    l.set('a', 1); l.set('b', 2); l.get('a'); l.set('c', 3);
    expect([...l.keys()]).toEqual(['a', 'c']);
    expect(new Lru<number>(0).size).toBe(0);
  });
});
