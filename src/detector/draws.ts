/**
 * Verifiable probe draws: does each probe round really hold fresh draws with replacement from the
 * pool, as pooled betting needs? Two checks, chosen by the `run` event:
 *
 * Seeded (`probe.sampling: 'with_replacement'` with a `probe.seed`): the shared sampler
 * (sampler.ts; the Python helper draws identically) gives round k's expected pool positions. The
 * round's ids must match them, in the first form that applies:
 *   - `pool_ids` (the run event's `probe.pool_ids`, position -> id, of length pool_size): the
 *     round's id multiset equals that of the expected positions' ids (order-free);
 *   - `positions`: the ids ARE the positions ("417"): the multisets are equal (order-free);
 *   - `bound`: any other ids, listed in draw order: item j has the id of position j, and every
 *     position keeps one id for the whole run and every id one position (a table of at most
 *     DRAW_TABLE_CAP bindings; past the cap new positions are no longer bound).
 * The first round decides between `positions` and `bound`; any later mismatch fails the run.
 *
 * Unseeded (`with_replacement` without a seed): a sequential test of the id overlap. Given the
 * u distinct ids of earlier rounds, each item of a fresh round is one of them with probability
 * p = u / pool_size, independently, so the overlap O_k of round k is Binomial(n_k, p_k) given the
 * past. Two likelihood ratios, fresh against the honest mistakes, accumulate over rounds:
 *   renamed ids (overlap p/2): log LR_ren += O log 2 + (n - O) log((1 - p)/(1 - p/2)),
 *   reused ids (overlap (1 + p)/2): log LR_reu += O log(2p/(1 + p)) + (n - O) log 2.
 * The draws are verified once both reach log(1/OVERLAP_ALPHA) (a mistake at those alternatives
 * passes with probability <= OVERLAP_ALPHA, by Ville's inequality; a fixed probe, a partial reuse
 * or renaming moves away from them and practically never passes). Until then the rounds count as
 * a fixed probe (the valid fallback); a run that never passes stays fixed. After it passes, the
 * reverse ratios (mistake against fresh, from the pass on) fail it at 1/OVERLAP_ALPHA (a fresh run
 * fails with probability <= 2 OVERLAP_ALPHA). More distinct ids than pool_size also fail it.
 *
 * The tables are sorted number arrays (positions and 52-bit id hashes; binary search, merged
 * copy-on-write), plain JSON with no object keyed by input: no id can reach Object.prototype.
 */
import { sampleProbeInto } from './sampler.js';
import { pooledIdsKey, positionsKey } from './probe-round.js';

/** Level of the overlap test (both directions). */
export const OVERLAP_ALPHA = 0.01;
/** Most bindings (positions or distinct ids) a draw check keeps. */
export const DRAW_TABLE_CAP = 1 << 17;

/** Plain-JSON state of the draw check. */
export interface DrawCheck {
  /** How the draws are checked; 'trusted' (DetectorOptions.trustDraws): not at all, the study's pooled design only. */
  rule: 'seeded' | 'overlap' | 'declared_fixed' | 'trusted';
  status: 'checking' | 'verified' | 'failed';
  /** Seeded: how ids were matched to positions (null before the first round). */
  id_form: 'pool_ids' | 'positions' | 'bound' | null;
  /** Round at which the status last changed, and why it failed. */
  since_round: number | null;
  reason: string | null;
  /** Seeded 'bound': sorted positions with their id hashes, and sorted id hashes with their positions. */
  pos_id: SortedMap;
  id_pos: SortedMap;
  /** Overlap: the distinct id hashes seen (sorted) and their count. */
  seen: number[];
  seen_count: number;
  /** Overlap: log likelihood ratios fresh vs renamed / vs reused (all rounds), and since the pass. */
  log_ren: number;
  log_reu: number;
  post_ren: number;
  post_reu: number;
}

/** The round as the check sees it. */
export interface DrawRound { seq: number; n: number; ids_key: string; id_hashes: number[] | null }

/** The run facts the check needs. */
export interface DrawRun { pool_size: number; probe: { size: number; sampling: string; seed: number | null }; pool_ids: string[] | null }

/** A map from numbers to numbers as two parallel arrays, keys sorted ascending (plain JSON). */
export interface SortedMap { keys: number[]; vals: number[] }

/** Index of `x` in the sorted array, or -(insertion point) - 1. */
function find(a: readonly number[], x: number): number {
  let lo = 0, hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1, v = a[mid] as number;
    if (v < x) lo = mid + 1; else if (v > x) hi = mid - 1; else return mid;
  }
  return -lo - 1;
}

/** Merges new (key, value) pairs (keys absent from `m`, distinct) into a new sorted map. */
function mergeInto(m: SortedMap, add: [number, number][]): SortedMap {
  if (add.length === 0) return m;
  add.sort((x, y) => x[0] - y[0]);
  const mk = m.keys, mv = m.vals, len = mk.length + add.length;
  const keys = new Array<number>(len), vals = new Array<number>(len);
  let i = 0, j = 0;
  for (let o = 0; o < len; o++) {
    const a = add[j];
    if (a === undefined || (i < mk.length && (mk[i] as number) < a[0])) { keys[o] = mk[i] as number; vals[o] = mv[i] as number; i++; }
    else { keys[o] = a[0]; vals[o] = a[1]; j++; }
  }
  return { keys, vals };
}

/** Merges the distinct numbers `add` (none in the sorted array `a`) into a new sorted array. */
function mergeKeys(a: readonly number[], add: Set<number>): number[] {
  if (add.size === 0) return a as number[];
  const b = Float64Array.from(add).sort(); // numeric order (52-bit integers are exact doubles)
  const len = a.length + b.length, out = new Array<number>(len);
  let i = 0, j = 0;
  for (let o = 0; o < len; o++) {
    if (j >= b.length || (i < a.length && (a[i] as number) < (b[j] as number))) out[o] = a[i++] as number;
    else out[o] = b[j++] as number;
  }
  return out;
}

const emptyMap = (): SortedMap => ({ keys: [], vals: [] });

/** A fresh draw check for a run. */
export function drawCheckInit(run: DrawRun): DrawCheck {
  const rule = run.probe.sampling === 'fixed' ? 'declared_fixed' : run.probe.seed !== null ? 'seeded' : 'overlap';
  return {
    rule, status: rule === 'declared_fixed' ? 'failed' : 'checking', id_form: null, since_round: null, reason: null,
    pos_id: emptyMap(), id_pos: emptyMap(), seen: [], seen_count: 0, log_ren: 0, log_reu: 0, post_ren: 0, post_reu: 0,
  };
}

/** Whether a round's per-item id hashes are needed (seeded without pool_ids, or the overlap test). */
export function needsIdHashes(c: DrawCheck, run: DrawRun): boolean {
  if (c.status === 'failed') return false;
  if (c.rule === 'overlap') return true;
  return c.rule === 'seeded' && run.pool_ids === null && c.id_form !== 'positions';
}

/** The run event's `probe.pool_ids` when usable (an array of pool_size strings or numbers), else null. */
export function poolIdsOf(probe: Record<string, unknown>, poolSize: number): string[] | null {
  const ids = probe['pool_ids'];
  if (!Array.isArray(ids) || ids.length !== poolSize) return null;
  for (const x of ids) if (typeof x !== 'string' && typeof x !== 'number') return null;
  return ids.map(String);
}

function fail(c: DrawCheck, seq: number, reason: string): DrawCheck {
  return { ...c, status: 'failed', since_round: seq, reason };
}

function checkBound(c: DrawCheck, expected: readonly number[], n: number, hashes: number[], seq: number): DrawCheck {
  const addPos: [number, number][] = [], addId: [number, number][] = [];
  const newPos = new Map<number, number>(), newId = new Map<number, number>(); // this round's bindings
  let size = c.pos_id.keys.length;
  for (let j = 0; j < n; j++) {
    const p = expected[j] as number, h = hashes[j] as number;
    const ip = find(c.pos_id.keys, p), ih = find(c.id_pos.keys, h);
    const hp = ip >= 0 ? c.pos_id.vals[ip] : newPos.get(p);
    const hi = ih >= 0 ? c.id_pos.vals[ih] : newId.get(h);
    if (hp !== undefined && hp !== h) return fail(c, seq, `item ${j + 1} is at pool position ${p}, which carried another id in an earlier item`);
    if (hi !== undefined && hi !== p) return fail(c, seq, `item ${j + 1}'s id was seen at another pool position`);
    if (hp === undefined && hi === undefined && size < DRAW_TABLE_CAP) {
      newPos.set(p, h); newId.set(h, p); addPos.push([p, h]); addId.push([h, p]); size++;
    }
  }
  return { ...c, id_form: 'bound', pos_id: mergeInto(c.pos_id, addPos), id_pos: mergeInto(c.id_pos, addId) };
}

/** The expected positions of the round being checked (synchronous use only; grown as needed). */
const scratch: number[] = [];

function checkSeeded(c: DrawCheck, run: DrawRun, r: DrawRound): DrawCheck {
  if (r.n !== run.probe.size) return fail(c, r.seq, `round has ${r.n} items, the declared probe size is ${run.probe.size}`);
  const n = run.probe.size, expected = scratch;
  sampleProbeInto(run.pool_size, n, run.probe.seed as number, r.seq, expected);
  if (run.pool_ids !== null) {
    if (pooledIdsKey(run.pool_ids, expected, n) !== r.ids_key) return fail(c, r.seq, 'the ids differ from the pool_ids of the seeded draw');
    return c.id_form === 'pool_ids' ? c : { ...c, id_form: 'pool_ids' };
  }
  if (c.id_form !== 'bound') {
    if (positionsKey(expected, n) === r.ids_key) return c.id_form === 'positions' ? c : { ...c, id_form: 'positions' };
    if (c.id_form === 'positions') return fail(c, r.seq, 'the ids differ from the pool positions of the seeded draw');
  }
  if (r.id_hashes === null) return fail(c, r.seq, 'no per-item ids to match');
  return checkBound(c, expected, n, r.id_hashes, r.seq);
}

function checkOverlap(c: DrawCheck, run: DrawRun, r: DrawRound): DrawCheck {
  const hashes = r.id_hashes as number[];
  const N = run.pool_size, u = c.seen_count, n = hashes.length;
  let O = 0;
  const fresh = new Set<number>();
  for (const h of hashes) {
    if (find(c.seen, h) >= 0) O++;
    else if (u + fresh.size < DRAW_TABLE_CAP) fresh.add(h);
  }
  const seen = mergeKeys(c.seen, fresh);
  const count = seen.length;
  const next: DrawCheck = { ...c, seen, seen_count: count };
  if (count > N) return fail(next, r.seq, `${count} distinct ids, more than pool_size ${N}`);
  const p = u / N;
  if (u === 0 || p >= 1 || u >= DRAW_TABLE_CAP) return next;
  const ren = O * Math.LN2 + (n - O) * (Math.log1p(-p) - Math.log1p(-p / 2));
  const reu = O * Math.log((2 * p) / (1 + p)) + (n - O) * Math.LN2;
  next.log_ren += ren; next.log_reu += reu;
  const bar = Math.log(1 / OVERLAP_ALPHA);
  if (c.status === 'checking') {
    if (next.log_ren >= bar && next.log_reu >= bar) { next.status = 'verified'; next.since_round = r.seq; }
    return next;
  }
  next.post_ren += ren; next.post_reu += reu;
  if (next.post_ren <= -bar) return fail(next, r.seq, `the id overlap with earlier rounds is too small for sampling from ${N} items (renamed ids?)`);
  if (next.post_reu <= -bar) return fail(next, r.seq, `the id overlap with earlier rounds is too large for sampling from ${N} items (reused ids?)`);
  return next;
}

/**
 * Checks one round (applied in seq order). Pure.
 * @returns the new check; `status` 'failed' (with `since_round` = this round and a `reason`) when
 *   this round breaks the draws, 'verified' when the overlap test passed at this round.
 * @example drawCheckRound(drawCheckInit(run), run, round).status // 'checking' | 'verified' | 'failed'
 */
export function drawCheckRound(c: DrawCheck, run: DrawRun, r: DrawRound): DrawCheck {
  if (c.status === 'failed') return c;
  if (c.rule === 'seeded') {
    const next = checkSeeded(c, run, r);
    return next.status === 'checking' ? { ...next, status: 'verified', since_round: r.seq } : next;
  }
  if (c.rule === 'overlap') return checkOverlap(c, run, r);
  return c;
}
