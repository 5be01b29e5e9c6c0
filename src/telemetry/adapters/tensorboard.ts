/**
 * TensorBoard event files (`events.out.tfevents.*`) to `train` events, in pure TypeScript.
 * Container: TFRecord (see tfrecord.ts). Payload: protobuf `Event` (tensorflow/core/util/event.proto:
 * wall_time=1 double, step=2 int64, file_version=3 string, summary=5 Summary), `Summary`
 * (tensorflow/core/framework/summary.proto: value=1 repeated Value; Value: tag=1, simple_value=2
 * float, tensor=8 TensorProto) and `TensorProto` (tensor.proto: dtype=1, tensor_shape=2,
 * tensor_content=4 bytes, float_val=5, double_val=6, int_val=7, int64_val=10, half_val=13).
 * Both scalar encodings are read: the old `simple_value` (torch SummaryWriter default, HF's
 * TensorBoardCallback) and the tensor encoding (`new_style=True`, TF2 summaries, whose C++ writer
 * stores `tensor_content`). Non-scalar tensors, histograms, images and graphs are skipped.
 * Over 200 lines because the three nested messages (Event > Summary.Value > TensorProto) and
 * their dtype decoding read best together.
 */
import { ProtoReader, ProtoError, WIRE } from './protobuf.js';
import { readTfRecords } from './tfrecord.js';
import { mapName, rowsToTrainEvents, StepTable, validStep, type AdapterOptions, type AdapterResult } from './metrics.js';
import { ingestIssues, type IngestIssue } from '../errors.js';

/** TensorFlow DataType enum values this reader decodes (tensorflow/core/framework/types.proto). */
export const DT = { FLOAT: 1, DOUBLE: 2, INT32: 3, INT64: 9, BFLOAT16: 14, HALF: 19 } as const;

/** One scalar found in an event file. */
export interface TbScalar {
  tag: string;
  step: number;
  wallTime: number;
  value: number;
  encoding: 'simple_value' | 'tensor';
}

function half(bits: number): number {
  const s = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const f = bits & 0x3ff;
  if (e === 0) return s * f * 2 ** -24;
  if (e === 31) return f === 0 ? s * Infinity : NaN;
  return s * (1 + f / 1024) * 2 ** (e - 15);
}
function bfloat16(bits: number): number {
  const v = new DataView(new ArrayBuffer(4));
  v.setUint32(0, (bits & 0xffff) << 16);
  return v.getFloat32(0);
}

/** Read repeated numbers that may be packed (LEN) or one per key. */
function repeated(r: ProtoReader, wire: number, one: (r: ProtoReader) => number, out: number[]): void {
  if (wire === WIRE.LEN) {
    const s = r.sub();
    while (s.more()) out.push(one(s));
  } else {
    out.push(one(r));
  }
}

/**
 * Decode a TensorProto holding one element; undefined for other shapes or unsupported dtypes.
 * @param r - reader over the TensorProto bytes.
 * @returns the scalar value, or undefined.
 * @throws {ProtoError} on malformed bytes.
 */
export function tensorScalar(r: ProtoReader): number | undefined {
  let dtype = 0;
  let elements = 1;
  let content: Uint8Array | undefined;
  const vals: number[] = [];
  while (r.more()) {
    const { field, wire } = r.key();
    if (field === 1 && wire === WIRE.VARINT) dtype = r.varint();
    else if (field === 2 && wire === WIRE.LEN) elements = shapeElements(r.sub());
    else if (field === 4 && wire === WIRE.LEN) { const { start, end } = r.len(); content = r.bytes.subarray(start, end); }
    else if (field === 5 && (wire === WIRE.LEN || wire === WIRE.I32)) repeated(r, wire, (x) => x.float(), vals);
    else if (field === 6 && (wire === WIRE.LEN || wire === WIRE.I64)) repeated(r, wire, (x) => x.double(), vals);
    else if ((field === 7 || field === 10 || field === 13) && (wire === WIRE.LEN || wire === WIRE.VARINT)) repeated(r, wire, (x) => x.varint(), vals);
    else r.skip(wire);
  }
  if (elements !== 1) return undefined;
  if (content !== undefined && content.length > 0) return contentScalar(content, dtype);
  const v = vals[0];
  if (v === undefined) return undefined;
  if (dtype === DT.HALF) return half(v);
  if (dtype === DT.BFLOAT16) return bfloat16(v);
  return dtype === DT.FLOAT || dtype === DT.DOUBLE || dtype === DT.INT32 || dtype === DT.INT64 ? v : undefined;
}

function shapeElements(r: ProtoReader): number {
  let n = 1;
  while (r.more()) {
    const { field, wire } = r.key();
    if (field === 2 && wire === WIRE.LEN) {
      const d = r.sub();
      let size = 0;
      while (d.more()) {
        const k = d.key();
        if (k.field === 1 && k.wire === WIRE.VARINT) size = d.varint();
        else d.skip(k.wire);
      }
      n *= size;
    } else if (field === 3 && wire === WIRE.VARINT) {
      if (r.varint() !== 0) n = NaN; // unknown rank
    } else {
      r.skip(wire);
    }
  }
  return n;
}

function contentScalar(c: Uint8Array, dtype: number): number | undefined {
  const v = new DataView(c.buffer, c.byteOffset, c.byteLength);
  const size = dtype === DT.FLOAT || dtype === DT.INT32 ? 4 : dtype === DT.DOUBLE || dtype === DT.INT64 ? 8
    : dtype === DT.HALF || dtype === DT.BFLOAT16 ? 2 : 0;
  if (size === 0 || c.length !== size) return undefined;
  switch (dtype) {
    case DT.FLOAT: return v.getFloat32(0, true);
    case DT.DOUBLE: return v.getFloat64(0, true);
    case DT.INT32: return v.getInt32(0, true);
    case DT.INT64: return Number(v.getBigInt64(0, true));
    case DT.HALF: return half(v.getUint16(0, true));
    default: return bfloat16(v.getUint16(0, true));
  }
}

/**
 * Decode one `Event` record into its scalar summary values.
 * @param data - the record payload.
 * @returns the scalars (possibly none: file_version, graphs, histograms).
 * @throws {ProtoError} on malformed bytes.
 */
export function decodeEventScalars(data: Uint8Array): TbScalar[] {
  const r = new ProtoReader(data);
  let wallTime = 0;
  let step = 0;
  const found: Array<Omit<TbScalar, 'step' | 'wallTime'>> = [];
  while (r.more()) {
    const { field, wire } = r.key();
    if (field === 1 && wire === WIRE.I64) wallTime = r.double();
    else if (field === 2 && wire === WIRE.VARINT) step = r.varint();
    else if (field === 5 && wire === WIRE.LEN) {
      const s = r.sub();
      while (s.more()) {
        const k = s.key();
        if (k.field === 1 && k.wire === WIRE.LEN) {
          const value = decodeValue(s.sub());
          if (value !== undefined) found.push(value);
        } else {
          s.skip(k.wire);
        }
      }
    } else r.skip(wire);
  }
  return found.map((f) => ({ ...f, step, wallTime }));
}

function decodeValue(r: ProtoReader): Omit<TbScalar, 'step' | 'wallTime'> | undefined {
  let tag = '';
  let simple: number | undefined;
  let tensor: number | undefined;
  while (r.more()) {
    const { field, wire } = r.key();
    if (field === 1 && wire === WIRE.LEN) tag = r.string();
    else if (field === 2 && wire === WIRE.I32) simple = r.float();
    else if (field === 8 && wire === WIRE.LEN) tensor = tensorScalar(r.sub());
    else r.skip(wire);
  }
  if (simple !== undefined) return { tag, value: simple, encoding: 'simple_value' };
  if (tensor !== undefined) return { tag, value: tensor, encoding: 'tensor' };
  return undefined;
}

/**
 * All scalars of an event file, with checksum and decoding issues.
 * @param bytes - the event file's bytes.
 * @param file - source name for issues.
 * @returns scalars in file order and issues (corrupt/truncated records, malformed protobuf).
 */
export function tensorboardScalars(bytes: Uint8Array, file?: string): { scalars: TbScalar[]; issues: IngestIssue[] } {
  const { records, issues } = readTfRecords(bytes, file);
  const scalars: TbScalar[] = [];
  for (const rec of records) {
    try {
      scalars.push(...decodeEventScalars(rec.data));
    } catch (err) {
      if (!(err instanceof ProtoError)) throw err;
      issues.push(ingestIssues.invalidFormat(`Event protobuf at byte ${rec.offset}: ${err.message}`, { file, offset: rec.offset }));
    }
  }
  return { scalars, issues };
}

/**
 * TensorBoard event file to `train` events: tags such as `train/loss`, `loss`, `train/grad_norm`,
 * `grad_norm`, `train/learning_rate`, `lr`, `eval/loss` map to loss, grad_norm, lr, eval_loss
 * (the tag map, tag-map.ts; an `add_scalars` sub-run is mapped by `options.series`); values of one step are merged; `ts` is the event's wall time.
 * @param bytes - file bytes.
 * @param options - run id and file name.
 * @returns events and issues; never throws on malformed input.
 * @example adaptTensorboard(readFileSync(path), { run: 'r1', file: path }).events
 */
export function adaptTensorboard(bytes: Uint8Array, options: AdapterOptions): AdapterResult {
  const { scalars, issues } = tensorboardScalars(bytes, options.file);
  const table = new StepTable();
  const unmapped = new Set<string>();
  for (const s of scalars) {
    const field = mapName(options, options.series ?? s.tag, unmapped);
    if (field === undefined) continue;
    if (!validStep(s.step)) {
      issues.push(ingestIssues.invalidValue('step', String(s.step), 'an integer in [0, 1e12]', { file: options.file }));
      continue;
    }
    const ts = Number.isFinite(s.wallTime) && s.wallTime > 0 && s.wallTime < 8.64e12 ? new Date(s.wallTime * 1000).toISOString() : undefined;
    table.set(s.step, field, s.value, ts === undefined ? {} : { ts });
  }
  return { events: rowsToTrainEvents(table.list(), options, issues), issues, unmapped: [...unmapped].sort() };
}
