/**
 * The declared base accuracy, checked rather than trusted. Every pooled probe round carries the
 * base's correctness on fresh draws from the pool, i.i.d. Bernoulli(mu0*) with mu0* the base's
 * true pool accuracy, whatever the checkpoint does. This module tests H0: mu0* = mu0 (the run's
 * `base.pool_accuracy`) two-sided with the e-process E_T = (W+_T + W-_T) / 2 of two capital
 * processes on the base outcomes b in {0, 1}:
 *   W+ = prod (1 + l+ (b - mu0)),  l+ in [0, 1/(2 mu0)]       (mu0* > mu0),
 *   W- = prod (1 - l- (b - mu0)),  l- in [0, 1/(2 (1 - mu0))] (mu0* < mu0),
 * with the plug-in Kelly bets l = |p - mu0| / (mu0 (1 - mu0)) (truncated) from the past rounds'
 * mean p (one bet per round: the round's factor is exact from its count of base-right items).
 * Under H0 both are nonnegative martingales, so P(sup E_T >= 1/alpha) <= alpha (Ville).
 * Rejection at 1/BASE_CHECK_ALPHA (alpha = alpha_B / 10) means the declared value is wrong.
 *
 * What rests on it: nothing that keeps the level. Alarm B's default observation is the paired
 * outcome D (b-process.ts with stratify false), valid for any mu0; mu0 only sizes its bets, so a
 * rejection only moves the bets to the observed base rate. With `bMethod.stratify: true` the
 * stratified observation trusts mu0 until this check rejects it and is paired from then on: a
 * large error is caught, one below the check's resolution (about 0.05 at 30 rounds of 64 items)
 * biases it by (1 - beta)(declared - true).
 */

/** Share of alpha_B the base check runs at (its level; no alarm spends it). */
export const BASE_CHECK_SHARE = 0.1;

/** Plain-JSON state of the base-accuracy check. */
export interface BaseCheck {
  mu0: number;
  /** Level of the check and its log threshold log(1/alpha). */
  alpha: number;
  /** Base outcomes seen and base-right among them. */
  n: number;
  k: number;
  logUp: number;
  logDown: number;
  /** Round at which H0 was rejected (null while it holds). */
  rejected_round: number | null;
}

/** Starts the check of a declared base accuracy mu0 at level alpha. */
export function baseCheckInit(mu0: number, alpha: number): BaseCheck {
  return { mu0, alpha, n: 0, k: 0, logUp: 0, logDown: 0, rejected_round: null };
}

/** log((e^a + e^b) / 2). */
function logMean2(a: number, b: number): number {
  const m = Math.max(a, b);
  if (m === Infinity) return Infinity;
  return m === -Infinity ? -Infinity : m + Math.log((Math.exp(a - m) + Math.exp(b - m)) / 2);
}

/** Current log E_T of the check. */
export function baseCheckLogValue(c: Readonly<BaseCheck>): number {
  return logMean2(c.logUp, c.logDown);
}

/**
 * Folds one round's base outcomes (n items, k base-right). Pure.
 * A declared mu0 of 0 or 1 is rejected by the first outcome that contradicts it.
 * @example let c = baseCheckInit(0.3, 0.002); for (let r = 1; r <= 4; r++) c = baseCheckRound(c, 64, 40, r); c.rejected_round // 2 (40/64 right vs a declared 0.3)
 */
export function baseCheckRound(c: Readonly<BaseCheck>, n: number, k: number, round: number): BaseCheck {
  const mu0 = c.mu0;
  let logUp = c.logUp, logDown = c.logDown;
  if (mu0 <= 0 || mu0 >= 1) {
    if ((mu0 <= 0 && k > 0) || (mu0 >= 1 && k < n)) { logUp = Infinity; logDown = Infinity; }
  } else {
    const p = (c.k + mu0) / (c.n + 1); // predictable mean, one pseudo-observation at mu0
    const v = mu0 * (1 - mu0);
    const up = Math.min(Math.max(0, (p - mu0) / v), 0.5 / mu0);
    const down = Math.min(Math.max(0, (mu0 - p) / v), 0.5 / (1 - mu0));
    if (up > 0) logUp += k * Math.log1p(up * (1 - mu0)) + (n - k) * Math.log1p(-up * mu0);
    if (down > 0) logDown += k * Math.log1p(-down * (1 - mu0)) + (n - k) * Math.log1p(down * mu0);
  }
  const next: BaseCheck = { mu0, alpha: c.alpha, n: c.n + n, k: c.k + k, logUp, logDown, rejected_round: c.rejected_round }; // baseCheckInit's key order
  if (c.rejected_round === null && logMean2(logUp, logDown) >= Math.log(1 / c.alpha)) next.rejected_round = round;
  return next;
}
