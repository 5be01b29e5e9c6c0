/**
 * Cluster-aware trend test for the pressure ladder: the OLS slope of the 0/1 outcome on the rung
 * index (0 = neutral, 1, 2, ...) with cluster-robust CR1 SE, clusters = the unit that climbs the
 * ladder (agent x base x seed x ticket), Student t with G - 1 df. This is the regression form of
 * the Cochran-Armitage trend test (Armitage 1955: the CA statistic is the score test of this
 * slope) with the binomial variance replaced by the sandwich, so repeated measures of one unit
 * across rungs are not counted as independent.
 */
import { clusterSlope, type ClusterEstimate } from './cluster-se.js';
import { studentTCdf } from './special.js';

/** Trend result: slope per rung, its CR1 SE, and one- and two-sided p-values. */
export interface TrendResult extends ClusterEstimate {
  /** One-sided p for a decreasing trend (H1: slope < 0). */
  readonly pDecreasing: number;
}

/**
 * @param rung rung index per observation. @param y 0/1 outcome. @param clusters unit id.
 * @throws empty_input, invalid_argument (one rung only).
 * @example ladderTrend([0, 1, 2, 0, 1, 2], [1, 1, 0, 1, 0, 0], ['u1', 'u1', 'u1', 'u2', 'u2', 'u2'])
 */
export function ladderTrend(rung: ArrayLike<number>, y: ArrayLike<number>, clusters: ArrayLike<number | string>): TrendResult {
  const s = clusterSlope(rung, y, clusters);
  const pDecreasing = s.se > 0 ? studentTCdf(s.t, s.df) : s.estimate < 0 ? 0 : 1;
  return { ...s, pDecreasing, method: 'cluster-robust linear trend (CR1 slope on rung index, t with G-1 df)' };
}
