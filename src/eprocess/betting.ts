/**
 * One-sided capital process for bounded observations (Waudby-Smith & Ramdas 2023, JRSSB;
 * Shafer & Vovk's testing by betting). Tests H0: E[Y_t | past] >= m for every t, Y_t in [0, 1]:
 *
 *   log W_t = sum_i log1p(lambda_i (m - Y_i)),  lambda_i predictable, in [0, lambdaMax],
 *   lambdaMax = c / (1 - m).
 *
 * Since m - Y >= m - 1, every factor is >= 1 - c > 0: no single observation can bankrupt the
 * process, and log W stays finite. Under H0 each factor has conditional mean
 * 1 + lambda (m - E[Y | past]) <= 1, so W is a nonnegative supermartingale and, by Ville,
 * P(sup_t W_t >= 1/alpha) <= alpha. Averages of such processes (the grid, the mixture) share one
 * filtration and stay supermartingales.
 *
 * The state is plain JSON (JSON.stringify / JSON.parse round-trips it). Updates are pure: they
 * return a NEW state and never touch the input. The batch call and the item-by-item calls run the
 * same arithmetic (kernel.ts `runItems` / `stepItem`), so their states are bit-identical.
 */
import { issues, fail } from './errors.js';
import { STRATEGIES, type Strategy, type Design } from './design.js';
import { cloneState, runItems, stepItem, stepRound, componentLogValues, type MutableBettingState, type PairedCounts } from './kernel.js';

export type { PairedCounts } from './kernel.js';

/** Plain-JSON state of a capital process. Treat as opaque; read it with {@link bettingLogValue}. */
export type BettingState = Readonly<MutableBettingState>;

/** Options of {@link bettingInit}. */
export interface BettingOptions {
  /** Null mean m, 0 <= m < 1 (paired design: m = (1 + delta)/2). */
  m: number;
  /** Truncation c, 0 < c < 1 [0.5]: bets in [0, c/(1-m)], each factor >= 1 - c. */
  c?: number;
  /** Bet strategy ['mixture' = average of plugin, aGRAPA and the 10-bet grid]. */
  strategy?: Strategy;
  /** Level whose log(1/alpha) scales the plug-in bet, 0 < alpha < 1 [0.05]. */
  alpha?: number;
}

/** Number of constant bets in the grid strategy: lambda_j = lambdaMax * j / 10, j = 1..10. */
export const GRID_SIZE = 10;

/**
 * Starts a capital process at W_0 = 1 (log 0).
 * Strategies: 'plugin' (WSR 2023 predictable plug-in, eq. 26, scaled by log(1/alpha));
 * 'agrapa' (WSR 2023 §B.3: lambda = (m - mu_hat) / (sigma2_hat + (m - mu_hat)^2));
 * 'ons' (online Newton step, Cutkosky & Orabona 2018, as in Shekhar & Ramdas 2023: A_0 = 1,
 * beta = 2 / (2 - log 3)); 'grid' (average of 10 constant bets); 'mixture' (average of plugin,
 * aGRAPA and grid wealth, at most log 3 nats behind the best of the three). All bets are clipped
 * to [0, c/(1-m)].
 * @throws {EProcessError} invalid_null_mean, invalid_truncation, invalid_strategy, invalid_alpha.
 * @example let s = bettingInit({ m: 0.5 }); s = bettingUpdate(s, 0); bettingLogValue(s) > 0
 */
export function bettingInit(opts: BettingOptions): BettingState {
  const { m, c = 0.5, strategy = 'mixture', alpha = 0.05 } = opts;
  if (!(typeof m === 'number' && m >= 0 && m < 1)) fail(issues.invalidNullMean(m));
  if (!(typeof c === 'number' && c > 0 && c < 1)) fail(issues.invalidTruncation(c));
  if (!STRATEGIES.includes(strategy)) fail(issues.invalidStrategy(strategy));
  if (!(typeof alpha === 'number' && alpha > 0 && alpha < 1)) fail(issues.invalidAlpha(alpha));
  const g = strategy === 'grid' || strategy === 'mixture';
  return {
    kind: 'betting', strategy, m, c, alpha, lambdaMax: c / (1 - m), logInvAlpha: -Math.log(alpha),
    n: 0, s1: 0, s2: 0, rounds: 0, plugin: 0, agrapa: 0,
    ons: { logW: 0, lambda: 0, a: 1 },
    grid: g ? Array.from({ length: GRID_SIZE }, () => 0) : [],
  };
}

/**
 * Starts the capital process of alarm A (E[D] >= 0, m = 1/2) or B (E[D] >= delta, m = (1+delta)/2)
 * from a validated {@link Design} (its truncation, strategy and alpha share).
 * @example const s = designBettingInit(design(), 'B'); s.m // 0.525
 */
export function designBettingInit(d: Design, alarm: 'A' | 'B'): BettingState {
  return bettingInit({ m: d.nullMean[alarm], c: d.truncation, strategy: d.strategy, alpha: d.alphaSplit[alarm] });
}

function checkY(y: number): void {
  if (!(y >= 0 && y <= 1)) fail(issues.invalidObservation(y));
}

/** {@link checkY} on every y in order; returns how many are not in {0, 1/2, 1} (0 for a paired stream). */
function checkYs(ys: ArrayLike<number>): number {
  let continuous = 0;
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i] as number;
    if (!(y >= 0 && y <= 1)) fail(issues.invalidObservation(y));
    const k = (y * 2) | 0;
    if (k * 0.5 !== y) continuous++;
  }
  return continuous;
}

/**
 * Applies one observation y in [0, 1] with the bets chosen before seeing it. Pure: returns a new
 * state, the input is untouched. O(1) (O(10) for the grid).
 * @throws {EProcessError} invalid_observation when y is not in [0, 1].
 * @example bettingLogValue(bettingUpdate(bettingInit({ m: 0.5, strategy: 'grid' }), 0)) > 0
 */
export function bettingUpdate(state: BettingState, y: number): BettingState {
  checkY(y);
  const s = cloneState(state);
  stepItem(s, y);
  return s;
}

/**
 * Applies a stream of observations in one call; bit-identical to calling {@link bettingUpdate}
 * on each in turn (same kernel, same order). Pure.
 * @throws {EProcessError} invalid_observation (nothing is applied when it throws).
 * @example bettingUpdateMany(bettingInit({ m: 0.5 }), [0, 1, 0.5])
 */
export function bettingUpdateMany(state: BettingState, ys: ArrayLike<number>): BettingState {
  const continuous = checkYs(ys);
  const s = cloneState(state);
  runItems(s, ys, continuous);
  return s;
}

/**
 * Applies one probe round of the paired design from its counts (D = -1, 0, +1, i.e.
 * Y = (D+1)/2 = 0, 1/2, 1). The bet lambda is fixed for the whole round (chosen from past
 * rounds), so the round's wealth factor is the product of its items' factors,
 * (1 + lambda m)^minus (1 + lambda (m - 1/2))^zero (1 + lambda (m - 1))^plus, and its log is
 * exactly minus*log1p(lambda m) + zero*log1p(lambda (m - 1/2)) + plus*log1p(lambda (m - 1)):
 * a product of numbers depends only on how many times each factor occurs, so three counts carry
 * all the round's information and the update is exact, O(1) per round and independent of the
 * order of items. Valid when the round's items are drawn with replacement (i.i.d. given the
 * checkpoint): then E[product | past] = product of E[factor] <= 1 under H0.
 * The strategy state then absorbs the round (ONS takes one step on the round's gradient). Pure.
 * @throws {EProcessError} invalid_counts when a count is not a non-negative integer.
 * @example bettingUpdateRound(bettingInit({ m: 0.525 }), { minus: 20, zero: 30, plus: 14 })
 */
export function bettingUpdateRound(state: BettingState, counts: PairedCounts): BettingState {
  checkCounts(counts);
  const s = cloneState(state);
  stepRound(s, counts.minus, counts.zero, counts.plus);
  return s;
}

/**
 * Applies one round as a SINGLE observation, its mean Y_bar = (zero/2 + plus) / (minus + zero + plus)
 * in [0, 1] (spec detector.md §3: within-round dependence). Valid whenever E[Y_bar | past] >= m
 * under H0, e.g. when the round samples items WITHOUT replacement from a small pool, where the
 * per-item product of {@link bettingUpdateRound} is not justified. Bets once per round; use either
 * this or the per-item/per-round updates on a given process, not both. Pure.
 * @throws {EProcessError} invalid_counts (also when the round is empty).
 * @example bettingUpdateRoundMean(bettingInit({ m: 0.525 }), { minus: 20, zero: 30, plus: 14 })
 */
export function bettingUpdateRoundMean(state: BettingState, counts: PairedCounts): BettingState {
  checkCounts(counts);
  const r = counts.minus + counts.zero + counts.plus;
  if (r === 0) fail(issues.invalidCounts('minus + zero + plus', 0));
  const s = cloneState(state);
  stepItem(s, (0.5 * counts.zero + counts.plus) / r);
  return s;
}

/** Applies many rounds in one call; bit-identical to {@link bettingUpdateRound} one by one. Pure. */
export function bettingUpdateRounds(state: BettingState, rounds: readonly PairedCounts[]): BettingState {
  for (const r of rounds) checkCounts(r);
  const s = cloneState(state);
  for (const r of rounds) stepRound(s, r.minus, r.zero, r.plus);
  return s;
}

/** Throws invalid_counts unless minus, zero and plus are non-negative integers. */
export function checkCounts(counts: PairedCounts): void {
  const { minus, zero, plus } = counts;
  if (!(Number.isInteger(minus) && minus >= 0)) fail(issues.invalidCounts('minus', minus));
  if (!(Number.isInteger(zero) && zero >= 0)) fail(issues.invalidCounts('zero', zero));
  if (!(Number.isInteger(plus) && plus >= 0)) fail(issues.invalidCounts('plus', plus));
}

/**
 * Current log-wealth log W_t (0 at the start; the alarm fires when it reaches log(1/alpha)).
 * For grid and mixture, the log of the average of the components' wealth (log-sum-exp).
 * @example bettingLogValue(bettingInit({ m: 0.5 })) // 0
 */
export function bettingLogValue(state: BettingState): number {
  switch (state.strategy) {
    case 'plugin': return state.plugin;
    case 'agrapa': return state.agrapa;
    case 'ons': return state.ons.logW;
    default: break;
  }
  const xs = componentLogValues(state);
  if (xs.length === 1) return xs[0] as number;
  return logMeanExp(xs);
}

/** log(mean(exp(xs))) computed stably; xs non-empty. */
export function logMeanExp(xs: readonly number[]): number {
  let mx = -Infinity;
  for (const x of xs) if (x > mx) mx = x;
  if (mx === -Infinity) return -Infinity;
  let s = 0;
  for (const x of xs) s += Math.exp(x - mx);
  return mx + Math.log(s / xs.length);
}
