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

/**
 * idsKey of the first `n` pool positions in `pos` (non-negative integers below 2^32), as if each
 * were the string of its decimal digits: equal to `idsKey(pos.slice(0, n))`, without building
 * strings (the seeded draw check, draws.ts, keys every round's expected positions).
 */
export function positionsKey(pos: readonly number[], n: number): string {
  keyReset();
  for (let k = 0; k < n; k++) {
    const p = pos[k] as number;
    if (p >= POS_CACHE) { keyAddDigits(p); continue; }
    if (posFilled[p] === 0) {
      const a1 = acc1, a2 = acc2, a3 = acc3;
      acc1 = 0; acc2 = 0; acc3 = 0;
      keyAddDigits(p);
      posLanes[3 * p] = acc1; posLanes[3 * p + 1] = acc2; posLanes[3 * p + 2] = acc3; posFilled[p] = 1;
      acc1 = a1; acc2 = a2; acc3 = a3;
    }
    acc1 = (acc1 + (posLanes[3 * p] as number)) | 0;
    acc2 = (acc2 + (posLanes[3 * p + 1] as number)) | 0;
    acc3 = (acc3 + (posLanes[3 * p + 2] as number)) | 0;
  }
  return keyValue(n);
}

/** Lanes of the pool positions below POS_CACHE, filled on first use (derived, never state). */
const POS_CACHE = 1 << 16;
const posLanes = new Int32Array(3 * POS_CACHE);
const posFilled = new Uint8Array(POS_CACHE);

/**
 * idsKey of `ids[pos[k]]` for k < n, from per-id lane values cached per `ids` array (the run's
 * pool_ids, never mutated): equal to `idsKey(pos.slice(0, n).map((p) => ids[p]))`.
 */
export function pooledIdsKey(ids: readonly string[], pos: readonly number[], n: number): string {
  let lanes = laneCache.get(ids);
  if (lanes === undefined && !laneSeen.has(ids)) { // first sight (perhaps a state just parsed): hash directly
    laneSeen.add(ids);
    keyReset();
    for (let k = 0; k < n; k++) keyAdd(ids[pos[k] as number]);
    return keyValue(n);
  }
  if (lanes === undefined) {
    lanes = new Int32Array(3 * ids.length);
    for (let i = 0; i < ids.length; i++) {
      keyReset(); keyAdd(ids[i]);
      lanes[3 * i] = acc1; lanes[3 * i + 1] = acc2; lanes[3 * i + 2] = acc3;
    }
    laneCache.set(ids, lanes);
  }
  let s1 = 0, s2 = 0, s3 = 0;
  for (let k = 0; k < n; k++) {
    const j = 3 * (pos[k] as number);
    s1 = (s1 + (lanes[j] as number)) | 0; s2 = (s2 + (lanes[j + 1] as number)) | 0; s3 = (s3 + (lanes[j + 2] as number)) | 0;
  }
  acc1 = s1; acc2 = s2; acc3 = s3;
  return keyValue(n);
}

/** Per pool_ids array: each id's three additive lanes (h1, h2, the mix), derived, not state. */
const laneCache = new WeakMap<readonly string[], Int32Array>();
const laneSeen = new WeakSet<readonly string[]>();

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

/** keyAdd(String(p)) for an integer p in [0, 2^32), from its decimal digits (no string). */
function keyAddDigits(p: number): void {
  let len = 0, q = p;
  do { const f = Math.floor(q / 10); digits[len++] = 48 + q - 10 * f; q = f; } while (q > 0);
  let h1 = 0x811c9dc5 ^ len, h2 = 0x9747b28c + len;
  for (let i = len - 1; i >= 0; i--) {
    const ch = digits[i] as number;
    h1 = Math.imul(h1 ^ ch, 0x01000193);
    h2 = Math.imul(h2 + ch, 0x5bd1e995);
  }
  h1 = fmix(h1); h2 = fmix(h2 ^ (h2 >>> 15));
  acc1 = (acc1 + h1) | 0;
  acc2 = (acc2 + h2) | 0;
  acc3 = (acc3 + fmix(h1 ^ Math.imul(h2, 0x27d4eb2f))) | 0;
}
const digits = new Int32Array(10);

/** The key of the ids added since keyReset (n = their count). */
function keyValue(n: number): string {
  return hex8(acc1) + hex8(acc2) + hex8(acc3) + (n < BASE36.length ? BASE36[n] as string : n.toString(36));
}

/** n.toString(36) for n < 4096, and each byte as two hex digits (keyValue without number formatting). */
const BASE36 = Array.from({ length: 4096 }, (_, n) => n.toString(36));
const HEX2 = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

function fmix(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const hex8 = (x: number): string => (HEX2[(x >>> 24) & 255] as string) + (HEX2[(x >>> 16) & 255] as string) + (HEX2[(x >>> 8) & 255] as string) + (HEX2[x & 255] as string);

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

