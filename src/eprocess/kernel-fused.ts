/**
 * The specialised per-item kernel of the default 'mixture' strategy (plug-in + aGRAPA + the 10-bet
 * grid on one filtration), behind `bettingUpdateMany` (kernel.ts `runItems` dispatches here). Every
 * accumulator receives exactly the floating-point operations of the generic loop (kernel.ts
 * `runItemsGeneric`) in the same item order, so states stay bit-identical; what changes:
 * - per chunk of 2048 items, two passes: plug-in + aGRAPA (sharing n + 1, sigma2_hat, m - y), then
 *   the grid. Components are independent sums, so splitting keeps each sum's order; a single fused
 *   loop was measured ~1.5x slower on paired data, because the log1p calls clobber every float
 *   register and the 10 grid accumulators then spill around each call;
 * - paired y in {0, 1/2, 1}: the grid pass is 10 table adds per item on 10 unrolled locals, no
 *   call (memoised `flat`, indexed by 2y: no three-way branch on random y); a plug-in / aGRAPA bet
 *   clipped at lambdaMax reads the memoised log1p(lambdaMax (m - y)) (`cap`);
 * - a bet clipped at 0 adds 0 * (m - y), which IS log1p(0 * (m - y)) bit for bit (log1p(+-0) =
 *   +-0), without the call; the plug-in's log1p(n + 1) comes from a memoised table of
 *   Math.log1p(t) for t < 65536 ({@link log1pIntTable}), computed by the call beyond;
 * - other y: the grid runs one bet at a time over the chunk with its bet precomputed (no division
 *   per item); this path is log1p-bound (13 calls per item) and runs at the generic loop's speed.
 * Whether a batch is paired is counted during validation (betting.ts checkYs).
 * The law "this kernel == generic loop, bit for bit" is tested in test/eprocess/fused.test.ts.
 */
import type { MutableBettingState } from './kernel.js';
import { gridTable } from './grid-table.js';

/** Grid size the unrolled grid pass handles (GRID_SIZE of betting.ts). */
export const FUSED_GRID_SIZE = 10;

/**
 * Applies ys[0..len) to a mixture state whose grid has {@link FUSED_GRID_SIZE} bets; every y must
 * already be validated to lie in [0, 1], and `continuous` is how many ys are NOT in {0, 1/2, 1}.
 * Mutates s (written back once at the end).
 */
export function runMixtureItems(s: MutableBettingState, ys: ArrayLike<number>, continuous: number): void {
  const A = ACC, gr = s.grid, m = s.m, lmax = s.lambdaMax, L2 = 2 * s.logInvAlpha;
  A[0] = s.n; A[1] = s.s1; A[2] = s.s2; A[3] = s.plugin; A[4] = s.agrapa;
  for (let j = 0; j < FUSED_GRID_SIZE; j++) A[5 + j] = gr[j] as number;
  const tab = gridTable(lmax, m, FUSED_GRID_SIZE), cap = tab.cap, flat = tab.flat, len = ys.length;
  for (let lo = 0; lo < len; lo += CHUNK) {
    const hi = lo + CHUNK < len ? lo + CHUNK : len;
    const n = A[0] as number, useT = Number.isInteger(n) && n >= 0 && n + (hi - lo) < LOG1P_INT_MAX;
    const T = useT ? log1pIntTable(n + (hi - lo) + 1) : NO_TABLE;
    if (continuous === 0) {
      runPluginAgrapaPaired(A, cap, m, lmax, L2, T, useT, ys, lo, hi);
      gridPaired(A, flat, ys, lo, hi);
    } else {
      runPluginAgrapaAny(A, cap, m, lmax, L2, T, useT, ys, lo, hi);
      gridAny(A, flat, tab.bets, m, ys, lo, hi);
    }
  }
  s.n = A[0] as number; s.s1 = A[1] as number; s.s2 = A[2] as number; s.plugin = A[3] as number; s.agrapa = A[4] as number;
  for (let j = 0; j < FUSED_GRID_SIZE; j++) gr[j] = A[5 + j] as number;
}

/** Entries of the memoised log1p(t) table: 2^16 (512 KB), t = 0..65535. */
export const LOG1P_INT_MAX = 1 << 16;
const NO_TABLE = new Float64Array(0);
let log1pInt = NO_TABLE;

/**
 * Memoised log1p(t) for integers t = 0..size-1, each entry computed by Math.log1p(t) itself (so
 * bit-identical to the direct call), grown by doubling to cover `upto` entries, at most
 * {@link LOG1P_INT_MAX}. The plug-in bet needs log1p(n + 1) every item; every process (a fleet
 * of monitors, each process from n = 0) walks the same t, so one table serves them all; items past
 * t = 65535 call Math.log1p as before.
 */
export function log1pIntTable(upto: number): Float64Array {
  if (upto > log1pInt.length) {
    let size = log1pInt.length > 1024 ? log1pInt.length : 1024;
    while (size < upto) size *= 2;
    if (size > LOG1P_INT_MAX) size = LOG1P_INT_MAX;
    const t = new Float64Array(size);
    t.set(log1pInt);
    for (let i = log1pInt.length; i < size; i++) t[i] = Math.log1p(i);
    log1pInt = t;
  }
  return log1pInt;
}

/**
 * The state's accumulators while a loop runs: n, s1, s2, plugin, agrapa, grid[0..9]. The loops
 * read and write only this typed array (one map, never an element-kind change: the state's
 * number[] grid changes from small-integer to double elements on the first write of each call).
 */
const ACC = new Float64Array(5 + FUSED_GRID_SIZE);

/**
 * Items per call of a loop function. Short calls let V8 optimise each loop function as a whole,
 * with type feedback for its write-back; a single long call is compiled on-stack (OSR) first, and
 * that OSR code deoptimised at the loop exit on every later call (seen with --trace-deopt, up to
 * 1.7x slower). The per-chunk cost (15 loads and stores) is negligible.
 */
const CHUNK = 2048;

/** Plug-in and aGRAPA over y in {0, 1/2, 1}; a bet clipped at lambdaMax reads cap[2y]. */
function runPluginAgrapaPaired(A: Float64Array, CAP: Float64Array, m: number, lmax: number, L2: number, T: Float64Array, useT: boolean, ys: ArrayLike<number>, lo: number, hi: number): void {
  let n = A[0] as number, s1 = A[1] as number, s2 = A[2] as number, wp = A[3] as number, wa = A[4] as number;
  for (let i = lo; i < hi; i++) {
    const y = ys[i] as number, z = m - y, t = n + 1, k = (y * 2) | 0;
    // estimates.ts varHat / pluginLambda / meanHat, as in runItemsGeneric
    const q = n > 0 ? s2 - (s1 * s1) / n : 0;
    const v = (0.25 + (q > 0 ? q : 0)) / t;
    const lp = Math.sqrt(L2 / (v * t * (useT ? T[t] as number : Math.log1p(t))));
    const d = m - (0.5 + s1) / t, la = d / (v + d * d);
    wp += lp > 0 ? (lp < lmax ? Math.log1p(lp * z) : CAP[k] as number) : 0 * z;
    wa += la > 0 ? (la < lmax ? Math.log1p(la * z) : CAP[k] as number) : 0 * z;
    n = t; s1 += y; s2 += y * y;
  }
  A[0] = n; A[1] = s1; A[2] = s2; A[3] = wp; A[4] = wa;
}

/** Grid over y in {0, 1/2, 1}: 10 table adds per item on 10 unrolled locals. */
function gridPaired(A: Float64Array, F: Float64Array, ys: ArrayLike<number>, lo: number, hi: number): void {
  let g0 = A[5] as number, g1 = A[6] as number, g2 = A[7] as number, g3 = A[8] as number, g4 = A[9] as number;
  let g5 = A[10] as number, g6 = A[11] as number, g7 = A[12] as number, g8 = A[13] as number, g9 = A[14] as number;
  for (let i = lo; i < hi; i++) {
    const o = (((ys[i] as number) * 2) | 0) * FUSED_GRID_SIZE;
    g0 += F[o] as number; g1 += F[o + 1] as number; g2 += F[o + 2] as number; g3 += F[o + 3] as number; g4 += F[o + 4] as number;
    g5 += F[o + 5] as number; g6 += F[o + 6] as number; g7 += F[o + 7] as number; g8 += F[o + 8] as number; g9 += F[o + 9] as number;
  }
  A[5] = g0; A[6] = g1; A[7] = g2; A[8] = g3; A[9] = g4; A[10] = g5; A[11] = g6; A[12] = g7; A[13] = g8; A[14] = g9;
}

/** Plug-in and aGRAPA over any y in [0, 1] (cap[2y] for a clipped bet when y is in {0, 1/2, 1}). */
function runPluginAgrapaAny(A: Float64Array, CAP: Float64Array, m: number, lmax: number, L2: number, T: Float64Array, useT: boolean, ys: ArrayLike<number>, lo: number, hi: number): void {
  let n = A[0] as number, s1 = A[1] as number, s2 = A[2] as number, wp = A[3] as number, wa = A[4] as number;
  for (let i = lo; i < hi; i++) {
    const y = ys[i] as number, z = m - y, t = n + 1;
    // estimates.ts varHat / pluginLambda / meanHat, as in runItemsGeneric
    const q = n > 0 ? s2 - (s1 * s1) / n : 0;
    const v = (0.25 + (q > 0 ? q : 0)) / t;
    const lp = Math.sqrt(L2 / (v * t * (useT ? T[t] as number : Math.log1p(t))));
    const d = m - (0.5 + s1) / t, la = d / (v + d * d);
    const k = (y * 2) | 0, disc = k * 0.5 === y;
    wp += lp > 0 ? (lp < lmax ? Math.log1p(lp * z) : disc ? CAP[k] as number : Math.log1p(lmax * z)) : 0 * z;
    wa += la > 0 ? (la < lmax ? Math.log1p(la * z) : disc ? CAP[k] as number : Math.log1p(lmax * z)) : 0 * z;
    n = t; s1 += y; s2 += y * y;
  }
  A[0] = n; A[1] = s1; A[2] = s2; A[3] = wp; A[4] = wa;
}

/**
 * Grid over any y in [0, 1], one bet at a time across the chunk (each bet's log-wealth still gets
 * its items' terms in item order): a single accumulator is live across the log1p calls.
 */
function gridAny(A: Float64Array, F: Float64Array, B: Float64Array, m: number, ys: ArrayLike<number>, lo: number, hi: number): void {
  for (let j = 0; j < FUSED_GRID_SIZE; j++) {
    const b = B[j] as number;
    let g = A[5 + j] as number;
    for (let i = lo; i < hi; i++) {
      const y = ys[i] as number, k = (y * 2) | 0;
      g += k * 0.5 === y ? F[k * FUSED_GRID_SIZE + j] as number : Math.log1p(b * (m - y));
    }
    A[5 + j] = g;
  }
}
