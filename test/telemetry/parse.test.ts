import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseLine, parseRawLine, DEFAULT_MAX_LINE_BYTES, formatPath } from '../../src/telemetry/index.js';
import type { ParseResult } from '../../src/telemetry/index.js';

const ok = '{"v":1,"type":"train","run":"r1","step":10,"loss":2.31,"grad_norm":1.2,"lr":0.0002}';

function rejected(r: ParseResult): { line: number; reason: string; code: string; file?: string } {
  if (r.kind !== 'rejected') throw new Error(`expected a rejection, got ${r.kind}`);
  return r.rejected;
}

describe('parseLine: accepted events', () => {
  it('parses a train event and keeps unknown fields', () => {
    const r = parseLine(ok.replace('}', ',"extra":{"a":1}}'), 1);
    expect(r.kind).toBe('event');
    if (r.kind === 'event') {
      expect(r.event).toMatchObject({ type: 'train', run: 'r1', step: 10, loss: 2.31 });
      expect((r.event as Record<string, unknown>).extra).toEqual({ a: 1 });
    }
  });
  it('normalises numeric probe item ids to strings', () => {
    const r = parseLine('{"v":1,"type":"probe","run":"r","step":1,"seq":1,"items":[{"id":417,"base":true,"model":false}]}', 1);
    expect(r.kind === 'event' && r.event.type === 'probe' && r.event.items[0]?.id).toBe('417');
  });
  it('tolerates a trailing CR', () => {
    expect(parseLine(`${ok}\r`, 1).kind).toBe('event');
  });
});

describe('parseLine: rejections carry the line, the field path and what was expected', () => {
  const cases: Array<[string, string, string, string]> = [
    ['malformed JSON', '{"v":1,"type":', 'invalid_json', 'invalid JSON: '],
    ['wrong type deep in an array', '{"v":1,"type":"probe","run":"r","step":1,"seq":1,"items":[{"id":"a","base":true,"model":true},{"id":"b","base":true,"model":true},{"id":"c","base":true,"model":true},{"id":"d","base":true,"model":"yes"}]}', 'invalid_event', 'probe.items[3].model: expected boolean'],
    ['missing field', '{"v":1,"type":"train","run":"r","loss":1}', 'invalid_event', 'train.step: missing (expected number)'],
    ['absurd number', '{"v":1,"type":"train","run":"r","step":1,"loss":1e300}', 'invalid_event', 'train.loss: expected |x| <= 1e15'],
    ['overflowing number', '{"v":1,"type":"train","run":"r","step":1,"grad_norm":1e999}', 'invalid_event', 'train.grad_norm: expected a finite number'],
    ['absurd step', '{"v":1,"type":"train","run":"r","step":1e13}', 'invalid_event', 'train.step: expected <= 1000000000000'],
    ['bad enum', '{"v":1,"type":"end","run":"r","step":1,"status":"ok"}', 'invalid_event', 'end.status: expected one of completed|failed|stopped'],
    ['version 2', '{"v":2,"type":"train","run":"r","step":1}', 'unsupported_version', 'v: 2 (expected 1)'],
    ['no version', '{"type":"train","run":"r","step":1}', 'unsupported_version', 'v: missing (expected 1)'],
    ['not an object', '[1,2]', 'not_an_object', 'expected a JSON object, got array'],
    ['type not a string', '{"v":1,"type":3}', 'invalid_event', 'type: expected string'],
  ];
  for (const [name, line, code, reason] of cases) {
    it(name, () => {
      const r = rejected(parseLine(line, 17, 'runs/a.jsonl'));
      expect(r.code).toBe(code);
      expect(r.line).toBe(17);
      expect(r.file).toBe('runs/a.jsonl');
      if (code === 'invalid_json') expect(r.reason.startsWith(reason)).toBe(true);
      else expect(r.reason).toBe(reason);
    });
  }

  it('rejects an oversize line by size, before parsing', () => {
    const big = `{"v":1,"type":"train","run":"r","step":1,"pad":"${'x'.repeat(200)}"}`;
    const r = rejected(parseLine(big, 3, undefined, { maxLineBytes: 100 }));
    expect(r.code).toBe('line_too_long');
    expect(r.reason).toBe(`line too long: ${big.length} bytes (max 100)`);
    expect(DEFAULT_MAX_LINE_BYTES).toBe(1024 * 1024);
  });
  it('counts multi-byte characters in bytes for the size limit', () => {
    const line = `{"v":1,"type":"train","run":"${'é'.repeat(40)}","step":1}`; // 2 bytes per é
    expect(parseLine(line, 1, undefined, { maxLineBytes: line.length + 10 }).kind).toBe('rejected');
    expect(parseLine(line, 1, undefined, { maxLineBytes: line.length + 40 }).kind).toBe('event');
  });
  it('the size limit is exact in UTF-8 bytes for any text (fast path for short lines included)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.integer({ min: -2, max: 200 }), (s, slack) => {
      const line = JSON.stringify({ v: 1, type: 'end', run: 'r', step: 1, status: 'completed', note: s });
      const bytes = Buffer.byteLength(line, 'utf8');
      const max = Math.max(1, bytes + slack);
      const r = parseLine(line, 1, undefined, { maxLineBytes: max });
      expect(r.kind).toBe(bytes > max ? 'rejected' : 'event');
      if (r.kind === 'rejected') expect(r.rejected.reason).toBe(`line too long: ${bytes} bytes (max ${max})`);
    }), { numRuns: 300, seed: 4 });
  });
  it('rejects a line the reader cut for size', () => {
    const r = rejected(parseRawLine({ text: '', lineNo: 9, file: 'x', oversize: { bytes: 5000, max: 4096 } }));
    expect(r).toMatchObject({ code: 'line_too_long', line: 9, reason: 'line too long: 5000 bytes (max 4096)' });
  });
});

describe('parseLine: unknown types are counted, not rejected', () => {
  it('reports the type', () => {
    expect(parseLine('{"v":1,"type":"heartbeat","run":"r"}', 1)).toEqual({ kind: 'unknown_type', type: 'heartbeat' });
  });
  it('cuts a hostile type name to 64 characters', () => {
    const r = parseLine(`{"v":1,"type":"${'z'.repeat(1000)}"}`, 1);
    expect(r.kind === 'unknown_type' && r.type.length).toBe(64);
  });
  it('does not treat prototype names as types', () => {
    expect(parseLine('{"v":1,"type":"constructor"}', 1).kind).toBe('unknown_type');
    expect(parseLine('{"v":1,"type":"__proto__"}', 1).kind).toBe('unknown_type');
  });
});

describe('formatPath', () => {
  it('quotes keys that are not identifiers', () => {
    expect(formatPath('probe', ['items', 3, 'model'])).toBe('probe.items[3].model');
    expect(formatPath('x', ['a b', 0])).toBe('x["a b"][0]');
  });
});

// Arbitraries for valid protocol-v1 events (the round-trip law: JSON.stringify then parseLine is identity).
const runId = fc.string({ minLength: 1, maxLength: 40 });
const step = fc.integer({ min: 0, max: 1e12 });
const num = fc.double({ min: -1e15, max: 1e15, noNaN: true, noDefaultInfinity: true });
const item = fc.record({ id: fc.string({ maxLength: 12 }), base: fc.boolean(), model: fc.boolean() });
const train = fc.record({
  v: fc.constant(1), type: fc.constant('train'), run: runId, step,
  loss: fc.option(num, { nil: undefined }), grad_norm: fc.option(num, { nil: undefined }), lr: num,
}, { requiredKeys: ['v', 'type', 'run', 'step', 'lr'] });
const probe = fc.record({
  v: fc.constant(1), type: fc.constant('probe'), run: runId, step,
  seq: fc.integer({ min: 1, max: 1e9 }), items: fc.array(item, { minLength: 1, maxLength: 20 }),
});
const evalEv = fc.record({
  v: fc.constant(1), type: fc.constant('eval'), run: runId, step, split: fc.constantFrom('heldout', 'test'),
  items: fc.array(item, { minLength: 1, maxLength: 20 }),
});
const end = fc.record({
  v: fc.constant(1), type: fc.constant('end'), run: runId, step,
  status: fc.constantFrom('completed', 'failed', 'stopped'),
});
const run = fc.record({
  v: fc.constant(1), type: fc.constant('run'), run: runId,
  base: fc.record({ model: fc.string({ maxLength: 20 }), pool_size: fc.integer({ min: 1, max: 1e6 }), pool_accuracy: fc.double({ min: 0, max: 1, noNaN: true }) }),
  probe: fc.record({ size: fc.integer({ min: 1, max: 1000 }), every: fc.integer({ min: 1, max: 1000 }), sampling: fc.constantFrom('with_replacement', 'fixed') }),
  plan: fc.record({ steps: fc.integer({ min: 1, max: 1e6 }), gpus: fc.integer({ min: 1, max: 64 }), gpu_type: fc.constantFrom('H200', 'A100'), usd_per_gpu_hour: fc.double({ min: 0, max: 100, noNaN: true }) }),
});

describe('round trip (fast-check, 300 runs per kind, seed 4)', () => {
  it('every valid event survives JSON + parseLine unchanged', () => {
    fc.assert(fc.property(fc.oneof(train, probe, evalEv, end, run), fc.integer({ min: 1, max: 1e6 }), (ev, lineNo) => {
      const r = parseLine(JSON.stringify(ev), lineNo);
      expect(r.kind).toBe('event');
      if (r.kind === 'event') expect(r.event).toEqual(JSON.parse(JSON.stringify(ev)));
    }), { numRuns: 1500, seed: 4 });
  });
  it('any string is parsed without throwing (negative control: random text)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => {
      expect(['event', 'rejected', 'unknown_type']).toContain(parseLine(s, 1).kind);
    }), { numRuns: 500, seed: 5 });
  });
});
