/**
 * Seeded bootstraps (Efron and Tibshirani 1993, percentile intervals) for the spec's unit
 * hierarchy: seeds are replicates inside base strata; stages are clustered in episodes.
 *
 * - stratifiedBootstrap: resample seed-level values with replacement within each base, average
 *   seeds within a base, weight bases equally; optionally also resample the bases themselves
 *   (two-stage bootstrap, Davison and Hinkley 1997 section 3.8) for inference beyond these bases.
 * - clusterBootstrap: resample whole clusters (episodes) with replacement and pool their rows;
 *   O(G) per replicate from per-cluster sums, so millions of rows cost nothing per replicate.
 * Randomness only through the injected Rng; same seed, same replicates.
 */
import { normal, type Rng } from '../rng.js';
import { analysisErrors, checkAlpha } from './errors.js';
import { quantileSorted } from './quantile.js';

/** Options shared by the bootstraps. */
export interface BootstrapOptions {
  readonly rng: Rng;
  /** Number of replicates, integer >= 1 (default 1000). */
  readonly replicates?: number;
  /** Two-sided level (default 0.05). */
  readonly alpha?: number;
  /** Stratified only: also resample the strata (bases). Default false. */
  readonly resampleStrata?: boolean;
  /**
   * Stratified only: per value, the standard deviation of that value's own sampling noise (e.g.
   * a seed rate's SE from its episodes). When given, each drawn value gets N(0, sd^2) added: a
   * normal second stage standing in for resampling the units inside it (two-stage bootstrap,
   * Davison and Hinkley 1997 section 3.8), so 2-3 seeds per base do not give near-zero widths.
   */
  readonly withinSd?: readonly ArrayLike<number>[];
}

/** A bootstrap result: the plug-in estimate, a percentile interval and the replicates. */
export interface BootstrapResult {
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
  readonly replicates: Float64Array;
  readonly method: string;
}

function percentile(estimate: number, reps: Float64Array, alpha: number, method: string): BootstrapResult {
  const sorted = Float64Array.from(reps).sort();
  return {
    estimate,
    lower: Math.min(estimate, quantileSorted(sorted, alpha / 2)),
    upper: Math.max(estimate, quantileSorted(sorted, 1 - alpha / 2)),
    level: 1 - alpha,
    replicates: reps,
    method,
  };
}

function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
}

function replicateCount(r: number | undefined): number {
  const b = r ?? 1000;
  if (!Number.isInteger(b) || b < 1) throw analysisErrors.invalidArgument('replicates', b, 'an integer >= 1');
  return b;
}

/**
 * Stratified bootstrap of the equal-weight mean of stratum means.
 * @param strata one array of seed-level values per base (each non-empty), in a fixed order.
 * @param opts rng, replicates (1000), alpha (0.05), resampleStrata (false).
 * @returns estimate = mean over strata of the stratum mean; percentile CI (clamped to bracket it).
 * @throws empty_input, invalid_argument, invalid_alpha.
 * @example stratifiedBootstrap([[0.7, 0.8, 0.75], [0.6, 0.65, 0.7]], {rng: createRng(1)})
 */
export function stratifiedBootstrap(strata: readonly ArrayLike<number>[], opts: BootstrapOptions): BootstrapResult {
  const alpha = opts.alpha ?? 0.05;
  checkAlpha(alpha);
  const B = replicateCount(opts.replicates);
  if (strata.length === 0 || strata.some((s) => s.length === 0)) throw analysisErrors.emptyInput('bootstrap strata');
  const S = strata.length;
  const estimate = strata.reduce((acc, s) => acc + mean(s), 0) / S;
  const reps = new Float64Array(B);
  const { rng, withinSd } = opts;
  if (withinSd !== undefined && (withinSd.length !== S || withinSd.some((w, j) => w.length !== strata[j]!.length))) {
    throw analysisErrors.invalidArgument('withinSd shape', 'mismatch', 'one sd per stratum value');
  }
  for (let r = 0; r < B; r++) {
    let total = 0;
    for (let j = 0; j < S; j++) {
      const jj = opts.resampleStrata ? rng.int(S) : j;
      const s = strata[jj]!;
      const sd = withinSd?.[jj];
      const m = s.length;
      let acc = 0;
      for (let i = 0; i < m; i++) {
        const pick = rng.int(m);
        acc += s[pick]!;
        if (sd !== undefined && sd[pick]! > 0) acc += sd[pick]! * normal(rng);
      }
      total += acc / m;
    }
    reps[r] = total / S;
  }
  const how = (opts.resampleStrata ? 'two-stage bootstrap (bases, then seeds within base)' : 'stratified bootstrap (seeds within base)') +
    (withinSd ? ' with a normal within-seed stage (episode-level SE)' : '');
  return percentile(estimate, reps, alpha, `${how}, ${B} replicates, percentile`);
}

/**
 * Cluster bootstrap of a pooled mean: resample clusters with replacement, mean over their rows.
 * @param sums per-cluster sum of the outcome (e.g. passed stages of an episode).
 * @param counts per-cluster row count (e.g. stages of the episode), each >= 1.
 * @throws empty_input, invalid_argument, invalid_alpha.
 * @example clusterBootstrap([3, 0, 2], [3, 3, 3], {rng: createRng(1)}).estimate // 5/9
 */
export function clusterBootstrap(sums: ArrayLike<number>, counts: ArrayLike<number>, opts: Omit<BootstrapOptions, 'resampleStrata'>): BootstrapResult {
  const alpha = opts.alpha ?? 0.05;
  checkAlpha(alpha);
  const B = replicateCount(opts.replicates);
  const G = sums.length;
  if (G === 0) throw analysisErrors.emptyInput('bootstrap clusters');
  if (counts.length !== G) throw analysisErrors.invalidArgument('counts length', counts.length, `${G}`);
  let ts = 0, tc = 0;
  for (let g = 0; g < G; g++) { ts += sums[g]!; tc += counts[g]!; }
  const reps = new Float64Array(B);
  for (let r = 0; r < B; r++) {
    let s = 0, c = 0;
    for (let i = 0; i < G; i++) { const g = opts.rng.int(G); s += sums[g]!; c += counts[g]!; }
    reps[r] = s / c;
  }
  return percentile(ts / tc, reps, alpha, `cluster bootstrap (whole clusters), ${B} replicates, percentile`);
}
