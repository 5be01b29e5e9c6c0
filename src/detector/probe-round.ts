/**
 * A probe event's items folded in one pass: the paired counts, the correct counts and the
 * order-free key of the id multiset (fixed-probe detection). Kept in one module so that the
 * per-item hashing calls stay module-local (no cross-module accessor on the hot path).
 */
import type { ProbeEvent } from '../telemetry/schema.js';
import type { PendingRound } from './state.js';

/**
 * Order-free key of a round's id multiset, for fixed-probe detection. Every id is coerced to a
 * string first (`String(id)`: 7 and "7" are the same item; numeric ids hash by their digits).
 * Each id is hashed to 64 bits (an FNV-1a lane and a multiplicative lane over its UTF-16 code
 * units, salted with its length, each finalised with the murmur3 fmix), giving three 32-bit
 * values (the two lanes and a mix of both); the key is their sums mod 2^32 plus the count: an
 * additive multiset hash (MSet-Add-Hash, Clarke et al., ASIACRYPT 2003), which does what hashing
 * the sorted multiset does: equal multisets give equal keys in any order, different multisets
 * collide with probability about 2^-64 (two ids with equal 64-bit hashes, or a sum coincidence).
 * O(total id length) and no sort (a typed-array sort of 64 hashes cost more than the rest of the round). Regression: non-string ids used to hash as the empty string (`id.length`
 * undefined), so every round of one size got one key and was wrongly taken for a fixed probe.
 * @example idsKey(['a', 'b']) === idsKey(['b', 'a']) // true; idsKey([1, 2]) !== idsKey([1, 3])
 */
export function idsKey(ids: readonly unknown[]): string {
  keyReset();
  for (let k = 0; k < ids.length; k++) keyAdd(ids[k]);
  return keyValue(ids.length);
}

/** The 52-bit hash of one id (coerced to a string), as the draw and eval checks use it. */
export function idHash(id: unknown): number {
  keyReset();
  return keyAdd(id);
}

// Incremental form of idsKey (module-level accumulators: synchronous use only), so the probe
// fold can hash ids in its single pass over the items without building an id array.
let acc1 = 0, acc2 = 0, acc3 = 0;

/** Starts an incremental id-multiset key. */
function keyReset(): void { acc1 = 0; acc2 = 0; acc3 = 0; }

/** Adds one id (coerced to a string) to the incremental key; returns its 52-bit hash. */
function keyAdd(raw: unknown): number {
  const id = typeof raw === 'string' ? raw : String(raw);
  const len = id.length;
  let h1 = 0x811c9dc5 ^ len, h2 = 0x9747b28c + len;
  for (let i = 0; i < len; i++) {
    const ch = id.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 0x01000193);
    h2 = Math.imul(h2 + ch, 0x5bd1e995);
  }
  h1 = fmix(h1); h2 = fmix(h2 ^ (h2 >>> 15));
  acc1 = (acc1 + h1) | 0;
  acc2 = (acc2 + h2) | 0;
  acc3 = (acc3 + fmix(h1 ^ Math.imul(h2, 0x27d4eb2f))) | 0;
  return (h1 >>> 0) * 1048576 + (h2 >>> 12);
}

/** The key of the ids added since keyReset (n = their count). */
function keyValue(n: number): string {
  return hex8(acc1) + hex8(acc2) + hex8(acc3) + n.toString(36);
}

function fmix(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const hex8 = (x: number): string => (x >>> 0).toString(16).padStart(8, '0');

/**
 * One pass over the items: paired counts, correct counts, the id-multiset key and, when `hashes`
 * is true, each item's 52-bit id hash in item order (for the draw check, draws.ts).
 */
export function toPending(ev: ProbeEvent, hashes = false): PendingRound {
  const items = ev.items;
  let model = 0, base = 0, minus = 0, plus = 0;
  const idHashes: number[] | null = hashes ? new Array<number>(items.length) : null;
  keyReset();
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as ProbeEvent['items'][number];
    const h = keyAdd(it.id);
    if (idHashes !== null) idHashes[i] = h;
    if (it.model) { model++; if (!it.base) plus++; }
    if (it.base) { base++; if (!it.model) minus++; }
  }
  return {
    seq: ev.seq, step: ev.step, ts: ev.ts ?? null, ids_key: keyValue(items.length), id_hashes: idHashes,
    minus, zero: items.length - minus - plus, plus, model_correct: model, base_correct: base, n: items.length,
  };
}

