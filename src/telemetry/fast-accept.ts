/**
 * Fast acceptance of the hot event types (train, probe, eval, end) without zod: a hand-written
 * check that only ever ACCEPTS inputs the zod schemas of schema.ts accept, with the same output
 * (probe item ids turned into strings, unknown fields kept). Anything it is unsure about returns
 * undefined and goes through zod, which also writes the rejection reason. Validating 64 probe
 * items through zod costs more than JSON.parse of the line; this keeps ingestion near the raw
 * parse cost (bench/ingest-parse.ts). test/telemetry/fast-accept.test.ts checks equivalence with
 * zod on random valid and near-valid events, so a stricter schema cannot be bypassed silently.
 */
import type { TelemetryEvent } from './schema.js';

type Obj = Record<string, unknown>;

const isObj = (x: unknown): x is Obj => x !== null && typeof x === 'object' && !Array.isArray(x);
const runOk = (x: unknown): boolean => typeof x === 'string' && x.length >= 1 && x.length <= 256;
const stepOk = (x: unknown): boolean => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0 && x <= 1e12;
const tsOk = (x: unknown): boolean => x === undefined || (typeof x === 'string' && x.length <= 64);
const metricOk = (x: unknown): boolean =>
  x === undefined || x === null || (typeof x === 'number' && Number.isFinite(x) && Math.abs(x) <= 1e15);

/** Items, with numeric ids turned into strings; undefined when any item needs zod's verdict. */
function items(x: unknown, max: number): unknown[] | undefined {
  if (!Array.isArray(x) || x.length < 1 || x.length > max) return undefined;
  let out: unknown[] | undefined;
  for (let i = 0; i < x.length; i++) {
    const it: unknown = x[i];
    if (!isObj(it) || typeof it.base !== 'boolean' || typeof it.model !== 'boolean') return undefined;
    const id = it.id;
    if (typeof id === 'string') {
      if (id.length > 256) return undefined;
    } else if (typeof id === 'number' && Number.isSafeInteger(id)) {
      out ??= x.slice();
      out[i] = { ...it, id: String(id) };
    } else {
      return undefined;
    }
  }
  return out ?? x;
}

/**
 * Accept `obj` as a protocol-v1 event of type `type` when that is certain.
 * @param type - the event's `type` (already checked to be a string).
 * @param obj - the parsed JSON object (its `v` already checked to be 1).
 * @returns the event (same shape zod would return), or undefined to fall back to zod.
 * @example fastAccept('end', { v: 1, type: 'end', run: 'r', step: 3, status: 'completed' })
 */
export function fastAccept(type: string, obj: Obj): TelemetryEvent | undefined {
  if (!runOk(obj.run) || !stepOk(obj.step) || !tsOk(obj.ts)) return undefined;
  switch (type) {
    case 'train':
      return metricOk(obj.loss) && metricOk(obj.grad_norm) && metricOk(obj.lr) && metricOk(obj.eval_loss)
        ? (obj as TelemetryEvent) : undefined;
    case 'probe': {
      const seq = obj.seq;
      if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1 || seq > 1e12) return undefined;
      const it = items(obj.items, 100_000);
      if (it === undefined) return undefined;
      return (it === obj.items ? obj : { ...obj, items: it }) as TelemetryEvent;
    }
    case 'eval': {
      if (typeof obj.split !== 'string' || obj.split.length > 64) return undefined;
      const it = items(obj.items, 10_000_000);
      if (it === undefined) return undefined;
      return (it === obj.items ? obj : { ...obj, items: it }) as TelemetryEvent;
    }
    case 'end':
      return obj.status === 'completed' || obj.status === 'failed' || obj.status === 'stopped'
        ? (obj as TelemetryEvent) : undefined;
    default:
      return undefined;
  }
}
