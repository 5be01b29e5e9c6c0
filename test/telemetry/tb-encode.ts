/**
 * Test-only TensorBoard event-file encoder (TFRecord framing + the few protobuf fields the
 * decoder reads). Used to build edge cases the Python fixture writer does not cover: double,
 * half, bfloat16 and int encodings, corrupt checksums, truncation. Not part of the library.
 */
import { crc32c, maskCrc } from '../../src/telemetry/adapters/crc32c.js';

const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n >= 0x80) { out.push((n % 128) | 0x80); n = Math.floor(n / 128); }
  out.push(n);
  return out;
};
const key = (field: number, wire: number): number[] => varint(field * 8 + wire);
const ld = (field: number, payload: number[]): number[] => [...key(field, 2), ...varint(payload.length), ...payload];
const bytesOf = (write: (v: DataView) => void, n: number): number[] => {
  const b = new Uint8Array(n);
  write(new DataView(b.buffer));
  return [...b];
};
const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];

/** Frame one record: length, masked CRC of length, data, masked CRC of data. */
export function tfRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length, true);
  v.setUint32(4, 0, true);
  v.setUint32(8, maskCrc(crc32c(out, 0, 8)), true);
  out.set(data, 12);
  v.setUint32(12 + data.length, maskCrc(crc32c(data)), true);
  return out;
}

/** A Summary.Value with simple_value. */
export const simpleValue = (tag: string, x: number): number[] =>
  [...ld(1, utf8(tag)), ...key(2, 5), ...bytesOf((v) => v.setFloat32(0, x, true), 4)];

/** A Summary.Value with a TensorProto built from raw TensorProto field bytes. */
export const tensorValue = (tag: string, tensorFields: number[]): number[] =>
  [...ld(1, utf8(tag)), ...ld(8, tensorFields)];

/** TensorProto fields. */
export const tp = {
  dtype: (d: number): number[] => [...key(1, 0), ...varint(d)],
  shape: (dims: number[]): number[] => ld(2, dims.flatMap((d) => ld(2, [...key(1, 0), ...varint(d)]))),
  content: (b: number[]): number[] => ld(4, b),
  doubleVal: (x: number): number[] => ld(6, bytesOf((v) => v.setFloat64(0, x, true), 8)),
  halfVal: (bits: number): number[] => ld(13, varint(bits)),
  intVal: (n: number): number[] => ld(7, varint(n)),
  f64: (x: number): number[] => bytesOf((v) => v.setFloat64(0, x, true), 8),
};

/** An Event with wall_time, step and a Summary of the given values. */
export function eventBytes(wall: number, step: number, values: number[][]): Uint8Array {
  const summary = values.flatMap((val) => ld(1, val));
  return new Uint8Array([
    ...key(1, 1), ...bytesOf((v) => v.setFloat64(0, wall, true), 8),
    ...key(2, 0), ...varint(step),
    ...ld(5, summary),
  ]);
}

/** Concatenate records into a file image. */
export function eventFile(events: Uint8Array[]): Uint8Array {
  const recs = events.map(tfRecord);
  const out = new Uint8Array(recs.reduce((n, r) => n + r.length, 0));
  let at = 0;
  for (const r of recs) { out.set(r, at); at += r.length; }
  return out;
}
