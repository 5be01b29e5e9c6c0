/**
 * Cluster-robust (CR1) inference for a mean and for an OLS slope with observations grouped in
 * clusters (Liang and Zeger 1986; Cameron and Miller 2015, "A Practitioner's Guide to
 * Cluster-Robust Inference", eq. 11 with the CR1 factor G/(G-1) (N-1)/(N-K)).
 *
 * Stages of one episode are correlated: pooling them needs cluster = episode, never rows.
 * A difference of two proportions is the slope on a 0/1 indicator, so it shares the kernel.
 * Tests use Student t with G - 1 degrees of freedom.
 */
import { analysisErrors } from './errors.js';
import { normalQuantile, studentTCdf } from './special.js';

/** Estimate with its cluster-robust SE, clusters G, observations N and a two-sided t test of 0. */
export interface ClusterEstimate {
  readonly estimate: number;
  readonly se: number;
  readonly clusters: number;
  readonly n: number;
  readonly df: number;
  readonly t: number;
  readonly pTwoSided: number;
  readonly method: string;
}

function check(len: number, clusters: ArrayLike<number | string>, what: string): void {
  if (len === 0) throw analysisErrors.emptyInput(what);
  if (clusters.length !== len) throw analysisErrors.invalidArgument('clusters length', clusters.length, `${len}`);
}

function finish(estimate: number, scores: Map<number | string, number>, n: number, k: number, method: string): ClusterEstimate {
  const g = scores.size;
  let s = 0;
  for (const v of scores.values()) s += v * v;
  const factor = g > 1 && n > k ? (g / (g - 1)) * ((n - 1) / (n - k)) : NaN;
  const se = Math.sqrt(factor * s);
  const df = Math.max(1, g - 1);
  const t = estimate / se;
  const pTwoSided = se > 0 ? 2 * (1 - studentTCdf(Math.abs(t), df)) : estimate === 0 ? 1 : 0;
  return { estimate, se, clusters: g, n, df, t, pTwoSided, method };
}

/**
 * Mean of `y` with CR1 SE: V = G/(G-1) sum_g (sum_{i in g} (y_i - ybar))^2 / N^2.
 * @param y values (e.g. 0/1 stage passes). @param clusters cluster id per value (e.g. episode).
 * @throws empty_input, invalid_argument.
 * @example clusterMean([1, 1, 0, 0], ['e1', 'e1', 'e2', 'e2']).se // 0.5
 */
export function clusterMean(y: ArrayLike<number>, clusters: ArrayLike<number | string>): ClusterEstimate {
  check(y.length, clusters, 'clusterMean values');
  const n = y.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += y[i]!;
  const mean = sum / n;
  const scores = new Map<number | string, number>();
  for (let i = 0; i < n; i++) {
    const g = clusters[i]!;
    scores.set(g, (scores.get(g) ?? 0) + (y[i]! - mean) / n);
  }
  return finish(mean, scores, n, 1, 'mean, cluster-robust SE (CR1)');
}

/**
 * OLS slope of `y` on `x` with CR1 SE (sandwich over cluster score sums).
 * @param x regressor (e.g. pressure rung index, or a 0/1 arm indicator). @param y outcome.
 * @param clusters cluster id per observation. @throws empty_input, invalid_argument (x constant).
 * @example clusterSlope([0, 1, 0, 1], [1, 0, 1, 1], [1, 1, 2, 2]).estimate // -0.5
 */
export function clusterSlope(x: ArrayLike<number>, y: ArrayLike<number>, clusters: ArrayLike<number | string>): ClusterEstimate {
  check(y.length, clusters, 'clusterSlope values');
  if (x.length !== y.length) throw analysisErrors.invalidArgument('x length', x.length, `${y.length}`);
  const n = y.length;
  let sx = 0, sy = 0;
  for (let i = 0; i < n; i++) { sx += x[i]!; sy += y[i]!; }
  const mx = sx / n, my = sy / n;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) { const dx = x[i]! - mx; sxx += dx * dx; sxy += dx * (y[i]! - my); }
  if (!(sxx > 0)) throw analysisErrors.invalidArgument('regressor', 'constant', 'at least two distinct x values');
  const beta = sxy / sxx;
  const alpha0 = my - beta * mx;
  const scores = new Map<number | string, number>();
  for (let i = 0; i < n; i++) {
    const g = clusters[i]!;
    const e = y[i]! - alpha0 - beta * x[i]!;
    scores.set(g, (scores.get(g) ?? 0) + ((x[i]! - mx) * e) / sxx);
  }
  return finish(beta, scores, n, 2, 'OLS slope, cluster-robust SE (CR1)');
}

/** Normal-approximation confidence interval estimate +- z se (z = Phi^{-1}(1 - alpha/2)). */
export function waldInterval(e: { estimate: number; se: number }, alpha = 0.05): { lower: number; upper: number } {
  const z = normalQuantile(1 - alpha / 2);
  return { lower: e.estimate - z * e.se, upper: e.estimate + z * e.se };
}
