/**
 * Hedged-capital confidence sequence for the mean of [0, 1] observations (Waudby-Smith & Ramdas
 * 2023, JRSSB, Theorem 3), inverted on a grid of candidate means with a running intersection:
 *
 *   K+_t(m) = prod (1 + lambda+_i(m) (y_i - m)),  K-_t(m) = prod (1 - lambda-_i(m) (y_i - m)),
 *   K_t(m) = max(theta K+_t(m), (1 - theta) K-_t(m)),  C_t = {m : K_t(m) < 1/alpha},
 *
 * lambda_i = sqrt(2 log(2/alpha) / (sigma2_hat_{i-1} i log(1+i))) (predictable plug-in, see
 * estimates.ts), lambda+ = min(lambda, c/m), lambda- = min(lambda, c/(1-m)), theta = 1/2.
 * K_t(m) is quasi-convex in m, so C_t is an interval; on a grid we report it conservatively as
 * [grid point below the first kept, grid point above the last kept]. Cost O(gridSize) per item or
 * per round (independent of t). The running intersection of the sets is reported (it may become
 * empty, lower > upper, only on the probability <= alpha event that coverage has failed).
 * State: plain JSON; updates pure.
 */
import { issues, fail } from './errors.js';
import { pluginLambda } from './estimates.js';
import { checkCounts, type PairedCounts } from './betting.js';

/** Options of {@link hedgedCsInit}. */
export interface HedgedCsOptions { alpha?: number; c?: number; gridSize?: number; theta?: number }

/** Plain-JSON state of a hedged-capital CS. */
export interface HedgedCsState {
  readonly kind: 'hedgedCs';
  readonly alpha: number; readonly c: number; readonly theta: number; readonly gridSize: number;
  readonly n: number; readonly s1: number; readonly s2: number;
  readonly logKp: readonly number[]; readonly logKm: readonly number[];
  readonly lower: number; readonly upper: number;
}

/** A confidence interval [lower, upper] for the mean. */
export interface Interval { readonly lower: number; readonly upper: number }

/**
 * Starts the CS at [0, 1]. alpha in (0,1) [0.05], c in (0,1) [0.5], gridSize integer >= 2 [200]
 * (grid m_g = (g + 1/2) / gridSize), theta in (0,1) [0.5].
 * @throws {EProcessError} invalid_alpha, invalid_truncation, invalid_grid.
 * @example hedgedCsInterval(hedgedCsInit({ alpha: 0.05 })) // { lower: 0, upper: 1 }
 */
export function hedgedCsInit(opts: HedgedCsOptions = {}): HedgedCsState {
  const { alpha = 0.05, c = 0.5, gridSize = 200, theta = 0.5 } = opts;
  if (!(alpha > 0 && alpha < 1)) fail(issues.invalidAlpha(alpha));
  if (!(c > 0 && c < 1)) fail(issues.invalidTruncation(c));
  if (!(Number.isInteger(gridSize) && gridSize >= 2)) fail(issues.invalidGrid(gridSize));
  if (!(theta > 0 && theta < 1)) fail(issues.invalidType('theta', theta, '0 < theta < 1'));
  const zeros = new Array<number>(gridSize).fill(0);
  return { kind: 'hedgedCs', alpha, c, theta, gridSize, n: 0, s1: 0, s2: 0, logKp: zeros, logKm: zeros.slice(), lower: 0, upper: 1 };
}

/** Grid point g of a CS with `size` points: (g + 1/2) / size. */
export function csGridPoint(g: number, size: number): number {
  return (g + 0.5) / size;
}

function finish(s: HedgedCsState, logKp: number[], logKm: number[], n: number, s1: number, s2: number): HedgedCsState {
  const G = s.gridSize, thr = -Math.log(s.alpha), lt = Math.log(s.theta), l1t = Math.log1p(-s.theta);
  let first = -1, last = -1;
  for (let g = 0; g < G; g++) {
    const kp = lt + (logKp[g] as number), km = l1t + (logKm[g] as number);
    if ((kp > km ? kp : km) < thr) { if (first < 0) first = g; last = g; }
  }
  let lo: number, hi: number;
  if (first < 0) { lo = 1; hi = 0; } else {
    lo = first === 0 ? 0 : csGridPoint(first - 1, G);
    hi = last === G - 1 ? 1 : csGridPoint(last + 1, G);
  }
  return {
    kind: 'hedgedCs', alpha: s.alpha, c: s.c, theta: s.theta, gridSize: G, n, s1, s2, logKp, logKm,
    lower: Math.max(s.lower, lo), upper: Math.min(s.upper, hi),
  };
}

/**
 * Adds one observation y in [0, 1]. Pure. O(gridSize).
 * @throws {EProcessError} invalid_observation.
 */
export function hedgedCsUpdate(state: HedgedCsState, y: number): HedgedCsState {
  if (!(y >= 0 && y <= 1)) fail(issues.invalidObservation(y));
  const G = state.gridSize, c = state.c;
  const lam = pluginLambda(Math.log(2 / state.alpha), state.n, state.s1, state.s2);
  const kp = state.logKp.slice(), km = state.logKm.slice();
  for (let g = 0; g < G; g++) {
    const m = csGridPoint(g, G), cp = c / m, cm = c / (1 - m);
    const lp = lam < cp ? lam : cp, lm = lam < cm ? lam : cm;
    kp[g] = (kp[g] as number) + Math.log1p(lp * (y - m));
    km[g] = (km[g] as number) + Math.log1p(-lm * (y - m));
  }
  return finish(state, kp, km, state.n + 1, state.s1 + y, state.s2 + y * y);
}

/**
 * Adds one round of observations in {0, 1/2, 1} from counts (minus: y = 0, zero: y = 1/2,
 * plus: y = 1; for plain accuracy pass wrong as minus and right as plus). The bet is fixed within
 * the round (plug-in at t = n + r, see estimates.ts), so the round's log-capital increment is exactly the counts times the three log1p
 * factors (see bettingUpdateRound). Pure. O(gridSize).
 * @throws {EProcessError} invalid_counts.
 */
export function hedgedCsUpdateRound(state: HedgedCsState, counts: PairedCounts): HedgedCsState {
  checkCounts(counts);
  const { minus: a, zero: b, plus: cc } = counts;
  const G = state.gridSize, c = state.c;
  const lam = pluginLambda(Math.log(2 / state.alpha), state.n, state.s1, state.s2, state.n + a + b + cc);
  const kp = state.logKp.slice(), km = state.logKm.slice();
  for (let g = 0; g < G; g++) {
    const m = csGridPoint(g, G), cp = c / m, cm = c / (1 - m);
    const lp = lam < cp ? lam : cp, lm = lam < cm ? lam : cm;
    kp[g] = (kp[g] as number) + a * Math.log1p(-lp * m) + b * Math.log1p(lp * (0.5 - m)) + cc * Math.log1p(lp * (1 - m));
    km[g] = (km[g] as number) + a * Math.log1p(lm * m) + b * Math.log1p(-lm * (0.5 - m)) + cc * Math.log1p(-lm * (1 - m));
  }
  return finish(state, kp, km, state.n + a + b + cc, state.s1 + 0.5 * b + cc, state.s2 + 0.25 * b + cc);
}

/** The running-intersection interval {lower, upper} (lower > upper only if it became empty). */
export function hedgedCsInterval(state: HedgedCsState): Interval {
  return { lower: state.lower, upper: state.upper };
}

/** Adds many observations in one call; identical to folding {@link hedgedCsUpdate}. Pure. */
export function hedgedCsUpdateMany(state: HedgedCsState, ys: ArrayLike<number>): HedgedCsState {
  let s = state;
  for (let i = 0; i < ys.length; i++) s = hedgedCsUpdate(s, ys[i] as number);
  return s;
}
