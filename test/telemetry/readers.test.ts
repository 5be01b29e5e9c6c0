import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync, appendFileSync, truncateSync, renameSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  LineSplitter, readStream, readFile, followFile, readDirectory, parseRawLine,
} from '../../src/telemetry/index.js';
import type { RawLine, FollowReset } from '../../src/telemetry/index.js';

async function collect(it: AsyncIterable<RawLine>): Promise<RawLine[]> {
  const out: RawLine[] = [];
  for await (const l of it) out.push(l);
  return out;
}
const chunked = (bytes: Buffer, cuts: number[]): Readable => {
  const parts: Buffer[] = [];
  let a = 0;
  for (const c of [...cuts, bytes.length]) { parts.push(bytes.subarray(a, c)); a = c; }
  return Readable.from(parts);
};

describe('readStream', () => {
  it('splits at every possible chunk boundary, including inside a multi-byte UTF-8 character', async () => {
    const text = '{"run":"α→β"}\r\n{"run":"😀"}\n\n{"x":"ü"}'; // CRLF, blank line, no final newline
    const bytes = Buffer.from(text, 'utf8');
    for (let cut = 1; cut < bytes.length; cut++) {
      const lines = await collect(readStream(chunked(bytes, [cut]), 's'));
      expect(lines.map((l) => [l.lineNo, l.text])).toEqual([[1, '{"run":"α→β"}'], [2, '{"run":"😀"}'], [4, '{"x":"ü"}']]);
    }
  });
  it('handles one byte per chunk', async () => {
    const bytes = Buffer.from('{"a":"日本"}\n{"b":2}\n', 'utf8');
    const lines = await collect(readStream(chunked(bytes, [...bytes.keys()].slice(1)), 's'));
    expect(lines.map((l) => l.text)).toEqual(['{"a":"日本"}', '{"b":2}']);
  });
  it('strips a BOM on the first line and accepts string chunks', async () => {
    const lines = await collect(readStream(Readable.from(['\uFEFF{"a":1}\n', '{"b":2}']), 's'));
    expect(lines.map((l) => l.text)).toEqual(['{"a":1}', '{"b":2}']);
  });
  it('cuts an over-long line without buffering it and keeps counting lines', async () => {
    const long = 'x'.repeat(10_000);
    const src = Readable.from([Buffer.from('{"a":1}\n'), ...Array.from({ length: 10 }, () => Buffer.from(long)), Buffer.from('\n{"b":2}\n')]);
    const lines = await collect(readStream(src, 's', { maxLineBytes: 4096 }));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toEqual({ text: '', lineNo: 2, file: 's', oversize: { bytes: 100_000, max: 4096 } });
    expect(parseRawLine(lines[1]!).kind).toBe('rejected');
    expect(lines[2]).toMatchObject({ text: '{"b":2}', lineNo: 3 });
  });
  it('holds at most the limit plus one chunk while cutting', () => {
    const s = new LineSplitter('m', { maxLineBytes: 1000 });
    for (let i = 0; i < 1000; i++) expect(s.push(Buffer.alloc(999, 0x61))).toEqual([]);
    expect((s as unknown as { pendingLen: number }).pendingLen).toBe(0);
    expect(s.end()[0]?.oversize).toEqual({ bytes: 999_000, max: 1000 });
  });
  it('a line of exactly the limit is kept; one byte more is cut', () => {
    const s = new LineSplitter('m', { maxLineBytes: 5 });
    const out = s.push(Buffer.from('aaaaa\naaaaaa\n'));
    expect(out[0]?.text).toBe('aaaaa');
    expect(out[1]?.oversize?.bytes).toBe(6);
  });
  it('wraps source errors as unreadable_input', async () => {
    const bad = new Readable({ read() { this.destroy(new Error('boom')); } });
    await expect(collect(readStream(bad, 'pipe'))).rejects.toMatchObject({ code: 'unreadable_input' });
  });
});

let dirs: string[] = [];
const tmp = (): string => { const d = mkdtempSync(join(tmpdir(), 'tbdl-tel-')); dirs.push(d); return d; };
afterEach(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); dirs = []; });

/** Pull lines from a live iterator until `n` arrived (bounded: fails after `ms`). */
async function take(it: AsyncIterator<RawLine>, n: number, ms = 5000): Promise<RawLine[]> {
  const out: RawLine[] = [];
  const deadline = new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`timed out waiting for ${n} lines, got ${out.length}`)), ms).unref());
  while (out.length < n) {
    const r = await Promise.race([it.next(), deadline]);
    if (r.done === true) break;
    out.push(r.value);
  }
  return out;
}

describe('readFile', () => {
  it('reads a file with per-line numbers and its name', async () => {
    const d = tmp();
    const f = join(d, 'a.jsonl');
    writeFileSync(f, '{"a":1}\n{"b":2}');
    expect(await collect(readFile(f))).toEqual([{ text: '{"a":1}', lineNo: 1, file: f }, { text: '{"b":2}', lineNo: 2, file: f }]);
  });
  it('reports a missing file as unreadable_input', async () => {
    await expect(collect(readFile('/nonexistent/x.jsonl'))).rejects.toMatchObject({ code: 'unreadable_input' });
  });
});

describe('followFile', () => {
  it('follows growth, a partial line, truncation and rotation, then stops on abort', async () => {
    const d = tmp();
    const f = join(d, 'run.jsonl');
    writeFileSync(f, '{"n":1}\n');
    const ac = new AbortController();
    const resets: FollowReset[] = [];
    const it = followFile(f, { signal: ac.signal, pollMs: 10, onReset: (r) => resets.push(r) })[Symbol.asyncIterator]();
    expect((await take(it, 1)).map((l) => l.text)).toEqual(['{"n":1}']);
    appendFileSync(f, '{"n":2}\n{"n":');
    expect((await take(it, 1)).map((l) => [l.lineNo, l.text])).toEqual([[2, '{"n":2}']]);
    appendFileSync(f, '3}\n');
    expect((await take(it, 1)).map((l) => [l.lineNo, l.text])).toEqual([[3, '{"n":3}']]);
    // truncation: the file shrinks, reading restarts at byte 0 and line 1
    truncateSync(f, 0);
    await new Promise((r) => setTimeout(r, 50));
    appendFileSync(f, '{"t":1}\n');
    expect((await take(it, 1)).map((l) => [l.lineNo, l.text])).toEqual([[1, '{"t":1}']]);
    expect(resets.map((r) => r.reason)).toEqual(['truncated']);
    // rotation: the old file gets a last line then is renamed; a new file takes its name
    appendFileSync(f, '{"t":2}');
    renameSync(f, join(d, 'run.jsonl.1'));
    writeFileSync(f, '{"r":1}\n');
    const got = await take(it, 2);
    expect(got.map((l) => [l.lineNo, l.text])).toEqual([[2, '{"t":2}'], [1, '{"r":1}']]);
    expect(resets.map((r) => r.reason)).toEqual(['truncated', 'rotated']);
    ac.abort();
    expect((await it.next()).done).toBe(true);
  });
  it('waits for a file that does not exist yet', async () => {
    const d = tmp();
    const f = join(d, 'late.jsonl');
    const ac = new AbortController();
    const it = followFile(f, { signal: ac.signal, pollMs: 10 })[Symbol.asyncIterator]();
    const first = take(it, 1);
    setTimeout(() => writeFileSync(f, '{"late":true}\n'), 30);
    expect((await first).map((l) => l.text)).toEqual(['{"late":true}']);
    ac.abort();
    expect((await it.next()).done).toBe(true);
  });
  it('an already aborted signal ends at once', async () => {
    const ac = new AbortController();
    ac.abort();
    expect(await collect(followFile('/nonexistent/x.jsonl', { signal: ac.signal }))).toEqual([]);
  });
});

describe('readDirectory', () => {
  it('reads every *.jsonl file in name order with per-file line numbers', async () => {
    const d = tmp();
    writeFileSync(join(d, 'b.jsonl'), '{"b":1}\n{"b":2}\n');
    writeFileSync(join(d, 'a.jsonl'), '{"a":1}\n');
    writeFileSync(join(d, 'notes.txt'), 'ignored\n');
    mkdirSync(join(d, 'sub.jsonl'));
    const lines = await collect(readDirectory(d));
    expect(lines.map((l) => [l.file.slice(d.length + 1), l.lineNo, l.text])).toEqual([
      ['a.jsonl', 1, '{"a":1}'], ['b.jsonl', 1, '{"b":1}'], ['b.jsonl', 2, '{"b":2}'],
    ]);
  });
  it('with follow, picks up files created later and interleaves their lines', async () => {
    const d = tmp();
    writeFileSync(join(d, 'a.jsonl'), '{"a":1}\n');
    const ac = new AbortController();
    const it = readDirectory(d, { follow: true, signal: ac.signal, pollMs: 10 })[Symbol.asyncIterator]();
    expect((await take(it, 1)).map((l) => l.text)).toEqual(['{"a":1}']);
    writeFileSync(join(d, 'b.jsonl'), '{"b":1}\n');
    expect((await take(it, 1)).map((l) => [l.file.slice(d.length + 1), l.lineNo])).toEqual([['b.jsonl', 1]]);
    appendFileSync(join(d, 'a.jsonl'), '{"a":2}\n');
    expect((await take(it, 1)).map((l) => [l.file.slice(d.length + 1), l.lineNo])).toEqual([['a.jsonl', 2]]);
    ac.abort();
    expect((await it.next()).done).toBe(true);
  });
  it('a consumer that stops early ends the followers without an abort', async () => {
    const d = tmp();
    writeFileSync(join(d, 'a.jsonl'), '{"a":1}\n{"a":2}\n');
    const seen: string[] = [];
    for await (const l of readDirectory(d, { follow: true, pollMs: 10 })) { seen.push(l.text); if (seen.length === 2) break; }
    expect(seen).toEqual(['{"a":1}', '{"a":2}']);
  });
  it('reports an unreadable directory as unreadable_input', async () => {
    await expect(collect(readDirectory('/nonexistent-dir'))).rejects.toMatchObject({ code: 'unreadable_input' });
  });
});

describe('interleaved runs in one stream', () => {
  it('line numbers and rejections are per stream, whatever the run of each line', async () => {
    const text = [
      '{"v":1,"type":"train","run":"a","step":1,"loss":2}',
      '{"v":1,"type":"train","run":"b","step":1,"loss":3}',
      '{"v":1,"type":"probe","run":"a","step":1,"seq":1,"items":[{"id":"1","base":true,"model":1}]}',
      '{"v":1,"type":"heartbeat","run":"b"}',
      '{"v":1,"type":"end","run":"b","step":1,"status":"completed"}',
    ].join('\r\n');
    const kinds: string[] = [];
    for await (const raw of readStream(Readable.from([Buffer.from(text)]), 'mixed')) {
      const r = parseRawLine(raw);
      kinds.push(r.kind === 'event' ? `${raw.lineNo}:${r.event.run}` : r.kind === 'rejected' ? `${r.rejected.line}:${r.rejected.reason}` : `${raw.lineNo}:?${r.type}`);
    }
    expect(kinds).toEqual(['1:a', '2:b', '3:probe.items[0].model: expected boolean', '4:?heartbeat', '5:b']);
  });
});

describe('reader options', () => {
  it('out-of-range options are coded failures', async () => {
    expect(() => new LineSplitter('x', { maxLineBytes: 0 })).toThrow(expect.objectContaining({ code: 'invalid_option' }));
    await expect(collect(followFile('/nonexistent/x', { pollMs: 0 }))).rejects.toMatchObject({ code: 'invalid_option' });
  });
});
