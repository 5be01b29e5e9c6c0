/**
 * Memoised log-factors of the constant-bet grid. The grid's bets lambda_j = lambdaMax j / size
 * never change, so for the three paired outcomes Y = 0, 1/2, 1 the factors log1p(lambda_j (m - Y))
 * are constants of (m, lambdaMax, size). A tiny cache (8 entries, round-robin) computes each table
 * once with exactly the expressions the direct path uses, so cached and uncached results are
 * bit-identical; a grid round then costs 3 x size multiply-adds and no logarithm. The paired
 * per-item mixture kernel (kernel-fused.ts) also reads `flat` (the three tables end to end, indexed
 * by 2y), `cap` (log1p(lambdaMax (m - y)), the factor of a bet clipped at lambdaMax) and `bets`.
 */

/** log1p(lambda_j m), log1p(lambda_j (m - 1/2)), log1p(lambda_j (m - 1)) for j = 0..size-1. */
export interface GridTable {
  readonly m: number; readonly lambdaMax: number; readonly size: number;
  readonly l0: Float64Array; readonly lh: Float64Array; readonly l1: Float64Array;
  /** [l0, lh, l1] end to end: flat[k * size + j] is the factor of bet j at y = k / 2, k = 0, 1, 2. */
  readonly flat: Float64Array;
  /** cap[k] = log1p(lambdaMax (m - k/2)): the factor of any bet clipped at lambdaMax, k = 0, 1, 2. */
  readonly cap: Float64Array;
  /** bets[j] = gridBet(lambdaMax, j, size). */
  readonly bets: Float64Array;
}

/** j-th constant grid bet, j = 0..size-1: lambdaMax * (j + 1) / size. */
export function gridBet(lambdaMax: number, j: number, size: number): number {
  return (lambdaMax * (j + 1)) / size;
}

const CACHE_SIZE = 8;
const cache: GridTable[] = [];
let nextSlot = 0;

/** The (cached) log-factor table of a grid. */
export function gridTable(lambdaMax: number, m: number, size: number): GridTable {
  for (let i = 0; i < cache.length; i++) {
    const t = cache[i] as GridTable;
    if (t.m === m && t.lambdaMax === lambdaMax && t.size === size) return t;
  }
  const l0 = new Float64Array(size), lh = new Float64Array(size), l1 = new Float64Array(size), bets = new Float64Array(size);
  for (let j = 0; j < size; j++) {
    const lam = gridBet(lambdaMax, j, size);
    bets[j] = lam;
    l0[j] = Math.log1p(lam * (m - 0)); lh[j] = Math.log1p(lam * (m - 0.5)); l1[j] = Math.log1p(lam * (m - 1));
  }
  const flat = new Float64Array(3 * size);
  flat.set(l0, 0); flat.set(lh, size); flat.set(l1, 2 * size);
  const cap = Float64Array.of(Math.log1p(lambdaMax * (m - 0)), Math.log1p(lambdaMax * (m - 0.5)), Math.log1p(lambdaMax * (m - 1)));
  const t: GridTable = { m, lambdaMax, size, l0, lh, l1, flat, cap, bets };
  if (cache.length < CACHE_SIZE) cache.push(t); else { cache[nextSlot] = t; nextSlot = (nextSlot + 1) % CACHE_SIZE; }
  return t;
}
