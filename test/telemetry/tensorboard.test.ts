import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  crc32c, maskCrc, readTfRecords, tensorboardScalars, adaptTensorboard, readAdapter, DT,
} from '../../src/telemetry/index.js';
import { eventBytes, eventFile, simpleValue, tensorValue, tp } from './tb-encode.js';

const FIX = join(import.meta.dirname, '../../fixtures/adapters/tensorboard');
type Expected = Record<string, Array<{ tag: string; step: number; value: number; wall_time: number }>>;
const expected = JSON.parse(readFileSync(join(FIX, 'expected.json'), 'utf8')) as Expected;
const fileOf = (sub: string): string => join(FIX, sub, readdirSync(join(FIX, sub))[0]!);

describe('CRC-32C', () => {
  it('matches the RFC 3720 check value and known vectors', () => {
    const enc = new TextEncoder();
    expect(crc32c(enc.encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa); // RFC 3720 B.4: 32 bytes of zeros
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43); // 32 bytes of 0xff
  });
  it('masks as TensorFlow does (rotate right 15, add 0xa282ead8)', () => {
    expect(maskCrc(0)).toBe(0xa282ead8);
    expect(maskCrc(0x00008000)).toBe((1 + 0xa282ead8) >>> 0);
  });
});

describe('TensorBoard fixtures written by an independent Python implementation', () => {
  for (const sub of ['hf-simple', 'torch-tensor', 'tf2-content']) {
    it(`${sub}: every scalar, step and wall time decodes exactly`, () => {
      const file = fileOf(sub);
      const { scalars, issues } = tensorboardScalars(readFileSync(file), file);
      expect(issues).toEqual([]);
      const want = expected[`${sub}/${file.split('/').at(-1)}`]!;
      expect(scalars.map((s) => ({ tag: s.tag, step: s.step, value: s.value, wall_time: s.wallTime }))).toEqual(want);
      expect(new Set(scalars.map((s) => s.encoding))).toEqual(new Set([sub === 'hf-simple' ? 'simple_value' : 'tensor']));
    });
  }
  it('maps HF tags to train events, merging one step and keeping eval/loss', () => {
    const file = fileOf('hf-simple');
    const { events, issues } = adaptTensorboard(readFileSync(file), { run: 'hf-run', file });
    expect(issues).toEqual([]);
    const want = expected[`hf-simple/${file.split('/').at(-1)}`]!;
    const at = (tag: string, step: number): number | undefined => want.find((w) => w.tag === tag && w.step === step)?.value;
    expect(events.map((e) => e.step)).toEqual([10, 20, 30, 40, 50]);
    for (const e of events) {
      expect(e).toMatchObject({ v: 1, type: 'train', run: 'hf-run', loss: at('train/loss', e.step), grad_norm: at('train/grad_norm', e.step), lr: at('train/learning_rate', e.step) });
      expect(e.eval_loss).toBe(at('eval/loss', e.step));
      expect(e.ts).toBe(new Date((1764496800 + e.step) * 1000).toISOString());
    }
  });
  it('skips non-scalar tensors (tf2 histogram of shape [3])', () => {
    const file = fileOf('tf2-content');
    const { events } = adaptTensorboard(readFileSync(file), { run: 'r', file });
    expect(events).toHaveLength(5);
    expect(events.every((e) => e.grad_norm === undefined && typeof e.loss === 'number' && typeof e.lr === 'number')).toBe(true);
  });
  it('detects by name and reads through readAdapter', async () => {
    const r = await readAdapter(fileOf('torch-tensor'), { run: 'tt' });
    expect(r.kind).toBe('tensorboard');
    expect(r.events.map((e) => e.step)).toEqual([10, 20, 30, 40, 50]);
  });
});

describe('TensorBoard corruption and truncation', () => {
  const good = (): Uint8Array => new Uint8Array(readFileSync(fileOf('hf-simple')));
  const recordStarts = (b: Uint8Array): number[] => readTfRecords(b).records.map((r) => r.offset);

  it('a flipped data byte is reported as corrupt_record and only that record is lost', () => {
    const b = good();
    const starts = recordStarts(b);
    const victim = starts[3]!;
    b[victim + 14]! ^= 0x01; // inside the data of record 3
    const scan = readTfRecords(b, 'f');
    expect(scan.issues.map((i) => [i.code, i.offset])).toEqual([['corrupt_record', victim]]);
    expect(scan.records).toHaveLength(starts.length - 1);
    const { events, issues } = adaptTensorboard(b, { run: 'r', file: 'f' });
    expect(issues[0]?.code).toBe('corrupt_record');
    expect(issues[0]?.message).toContain('data checksum mismatch');
    expect(events).toHaveLength(5);
  });
  it('a corrupt length header is reported and the reader resynchronises on the next record', () => {
    const b = good();
    const starts = recordStarts(b);
    b[starts[2]!]! ^= 0x40; // length field of record 2
    const scan = readTfRecords(b, 'f');
    expect(scan.issues.map((i) => i.code)).toEqual(['corrupt_record']);
    expect(scan.issues[0]?.message).toContain(`resynchronised at byte ${starts[3]}`);
    expect(scan.records.map((r) => r.offset)).toEqual(starts.filter((_, i) => i !== 2));
  });
  it('a record cut short at the end is truncated_record and not consumed', () => {
    const b = good();
    const starts = recordStarts(b);
    const cut = b.subarray(0, b.length - 3);
    const scan = readTfRecords(cut, 'f');
    expect(scan.issues.map((i) => i.code)).toEqual(['truncated_record']);
    expect(scan.consumed).toBe(starts.at(-1));
  });
  it('garbage is never fatal', () => {
    const junk = new Uint8Array(1000).map((_, i) => (i * 7919) % 251);
    const r = adaptTensorboard(junk, { run: 'r' });
    expect(r.events).toEqual([]);
    expect(r.issues.length).toBeGreaterThan(0);
  });
  it('a malformed Event protobuf inside a valid record is an invalid_format issue', () => {
    const bad = eventFile([new Uint8Array([0x2a, 0x7f, 0x01])]); // field 5 LEN claims 127 bytes
    const r = adaptTensorboard(bad, { run: 'r', file: 'x' });
    expect(r.issues.map((i) => i.code)).toEqual(['invalid_format']);
  });
});

describe('TensorProto scalar encodings (TS test encoder)', () => {
  it('reads double_val, half_val, bfloat16, int_val and tensor_content of each dtype', () => {
    const half1p5 = 0x3e00; // 1.5 in IEEE half
    const bf16 = 0x3fc0; // 1.5 in bfloat16
    const file = eventFile([
      eventBytes(1, 1, [tensorValue('loss', [...tp.dtype(DT.DOUBLE), ...tp.doubleVal(0.1)])]),
      eventBytes(1, 2, [tensorValue('loss', [...tp.dtype(DT.HALF), ...tp.halfVal(half1p5)])]),
      eventBytes(1, 3, [tensorValue('loss', [...tp.dtype(DT.BFLOAT16), ...tp.halfVal(bf16)])]),
      eventBytes(1, 4, [tensorValue('loss', [...tp.dtype(DT.INT32), ...tp.intVal(7)])]),
      eventBytes(1, 5, [tensorValue('loss', [...tp.dtype(DT.DOUBLE), ...tp.shape([1]), ...tp.content(tp.f64(0.25))])]),
      eventBytes(1, 6, [tensorValue('loss', [...tp.dtype(DT.DOUBLE), ...tp.shape([2]), ...tp.content([...tp.f64(1), ...tp.f64(2)])])]),
      eventBytes(1, 7, [simpleValue('train/loss', Number.NaN)]),
    ]);
    const { events, issues } = adaptTensorboard(file, { run: 'r' });
    expect(issues).toEqual([]);
    expect(events.map((e) => [e.step, e.loss])).toEqual([[1, 0.1], [2, 1.5], [3, 1.5], [4, 7], [5, 0.25], [7, null]]);
    expect((events.at(-1) as Record<string, unknown>).non_finite).toEqual(['loss']);
  });
});
