/**
 * Alarm B's default capital process: stratified (control-variate) observations with a plug-in
 * Kelly bet. Tests H0_B: acc_k >= mu0 + delta for every betting round k (acc_k = the checkpoint's
 * pool accuracy, E[D_k] = acc_k - mu0), the same null as the paired process of src/eprocess.
 *
 * Observation. An item drawn with replacement from the pool has base correctness `base` (known,
 * E[base] = mu0 exactly, by the sampler) and checkpoint correctness `model`. With a coefficient
 * beta_k in [0, 1] fixed before round k,
 *     X = model - beta_k (base - mu0),   E[X | past] = acc_k   (for any predictable beta_k).
 * beta = 1 gives X = D + mu0 (the paired design); the variance-minimising beta is the regression
 * slope p1 - p0 (p1, p0: the checkpoint's accuracy on base-right / base-wrong items), which gives
 * the post-stratified variance mu0 p1(1-p1) + (1-mu0) p0(1-p0) (about 20 % below Var(D) at the
 * study's operating point). beta_k is estimated from past rounds only, so it is predictable.
 * Capital. W_k = prod over betting rounds, over items, of (1 + lambda_k (theta - X_i)),
 * theta = mu0 + delta, lambda_k in [0, c / (x_max - theta)], x_max = 1 + beta_k mu0, so every factor
 * is >= 1 - c > 0. Items of a round are i.i.d. given the checkpoint, so under H0
 * E[round factor | past] = (1 + lambda_k (theta - acc_k))^n <= 1: W is a nonnegative
 * supermartingale and P(sup W >= 1/alpha_B) <= alpha_B (Ville). One bet per round; the round's
 * log factor is exact from its four cell counts (both right a, model only b, base only c, neither d).
 * Bet. lambda_k = kellyFraction x argmax_lambda E_pi[log(1 + lambda (theta - X))] under the cell
 * probabilities estimated from ALL past rounds (including those before the warm-up, which are
 * observed but not bet on), discounted by `discount` per round so that the estimate follows the
 * checkpoint; Jeffreys-style pseudo-counts (1/2 right, 1/2 wrong per stratum) before any data.
 * This is the plug-in (aGRAPA-like) Kelly bet of Waudby-Smith & Ramdas (2023, JRSSB, sec. B.3)
 * on the stratified observation; being predictable, any estimate keeps validity, only power changes.
 * Pre-registered prior (b-prior.ts, `priorGaps` / `priorItems`): each gap g_j gives a component
 * whose estimates start from `priorItems` pseudo-items at the alternative acc = theta - g_j (so
 * round 1 already bets), faded by the same discount as the data; W = mean_j W_j, an average of
 * processes on one filtration, so still a supermartingale under H0_B. No gaps: the single process above.
 */

import { priorInit, priorStep } from './b-prior.js';

/** Pre-registered method of alarm B (recorded in the detector state). */
export interface BMethod {
  /** 'stratified_kelly' (this module) or 'paired' (the src/eprocess process of design.strategy on D). */
  readonly kind: 'stratified_kelly' | 'paired';
  /** Per-round forgetting factor of the bet's estimates, 0 < discount <= 1 [0.8]. */
  readonly discount: number;
  /** Fraction of the estimated Kelly bet, 0 < kellyFraction <= 1 [1]. */
  readonly kellyFraction: number;
  /** Stratify (estimate beta) or keep beta = 1 (paired observation) [true]. */
  readonly stratify: boolean;
  /**
   * Pre-registered alternatives as gaps below theta = mu0 + delta, each 0 < g < 1 (at most 8): one
   * component per gap starts from `priorItems` pseudo-items at acc = theta - g; [] = no prior
   * (Jeffreys start, bets 0 until data arrive) [0.025, 0.05, 0.1].
   */
  readonly priorGaps: readonly number[];
  /** Weight of each component's prior in items, >= 0 [128 = two rounds of 64]. */
  readonly priorItems: number;
}

/**
 * The default B method: full plug-in Kelly, estimates discounted by 0.8 per round (effective
 * memory about 5 rounds), on the paired observation (stratify false: beta = 1, X = D + mu0, so
 * theta - X = delta - D and the level holds whatever the declared mu0; mu0 only sizes the bets),
 * averaged over four pre-registered priors at gaps 0.025, 0.05, 0.1 and 0.2 below theta worth 128
 * items each (b-prior.ts), so round 1 already bets (the 0.2 component lets a severe trap alarm in
 * round 1 on the paired observation). `stratify: true` trusts the declared mu0
 * (checked by base-check.ts, paired after a rejection). Chosen by the power studies of
 * docs/power.md; every variant with a correct mu0 is valid, they differ only in power.
 */
export const DEFAULT_B_METHOD: BMethod = Object.freeze({ kind: 'stratified_kelly', discount: 0.8, kellyFraction: 1, stratify: false, priorGaps: Object.freeze([0.025, 0.05, 0.1, 0.2]), priorItems: 128 });

/** Cell counts of one round: a both right, b model only, c base only, d neither. */
export interface Cells { a: number; b: number; c: number; d: number }

/** Plain-JSON state of the stratified Kelly process. */
export interface StratKellyState {
  kind: 'strat_kelly';
  mu0: number;
  theta: number;
  c: number;
  discount: number;
  frac: number;
  stratify: boolean;
  /** Discounted past counts: base-right items and model-right among them; base-wrong, model-right among them. */
  n1: number; k1: number; n0: number; k0: number;
  logW: number;
  /** Betting rounds so far; last beta and bet (for the record). */
  bets: number;
  beta: number;
  lambda: number;
  /** Prior components (b-prior.ts; absent or empty: none): prior accuracies, their weight in items, the prior's fade so far, each component's log W. */
  priorAcc?: number[];
  priorItems?: number;
  fade?: number;
  logWs?: number[];
}

/** Starts the process (log W = 0) for base accuracy mu0 in (0, 1) and margin delta in [0, 1). */
export function stratKellyInit(mu0: number, delta: number, c: number, method: BMethod): StratKellyState {
  return {
    kind: 'strat_kelly', mu0, theta: mu0 + delta, c, discount: method.discount, frac: method.kellyFraction, stratify: method.stratify,
    n1: 0, k1: 0, n0: 0, k0: 0, logW: 0, bets: 0, beta: 1, lambda: 0,
    ...priorInit(mu0, delta, method),
  };
}

/**
 * The predictable (beta, lambda) for the next round from the state's past counts.
 * Kelly: maximise g(l) = sum_cells pi log(1 + l (theta - x)) on [0, lmax]; g is concave, so a
 * safeguarded Newton iteration on g' (bracketed, bisection fallback) finds the maximiser to ~1e-12;
 * lmax when g' >= 0 there; 0 when the estimated mean is >= theta.
 */
export function stratKellyBet(s: Readonly<StratKellyState>): { beta: number; lambda: number } {
  return stratKellyBetFrom(s, s.n1, s.k1, s.n0, s.k0);
}

/** {@link stratKellyBet} from explicit (discounted, possibly prior-augmented) counts. */
export function stratKellyBetFrom(s: Readonly<StratKellyState>, n1: number, k1: number, n0: number, k0: number): { beta: number; lambda: number } {
  const mu0 = s.mu0, th = s.theta;
  const p1 = (k1 + 0.5) / (n1 + 1), p0 = (k0 + 0.5) / (n0 + 1);
  const beta = s.stratify ? Math.min(1, Math.max(0, p1 - p0)) : 1;
  const xa = 1 - beta * (1 - mu0), xc = -beta * (1 - mu0), xb = 1 + beta * mu0, xd = beta * mu0;
  const pa = mu0 * p1, pc = mu0 * (1 - p1), pb = (1 - mu0) * p0, pd = (1 - mu0) * (1 - p0);
  const mean = pa * xa + pc * xc + pb * xb + pd * xd;
  if (!(mean < th)) return { beta, lambda: 0 };
  // theta >= x_max: the null (acc >= theta) is empty and every factor is >= 1; cap the bet anyway
  const lmax = xb > th ? s.c / (xb - th) : 1e3 * s.c;
  const za = th - xa, zb = th - xb, zc = th - xc, zd = th - xd;
  const dg = (l: number) => (pa * za) / (1 + l * za) + (pb * zb) / (1 + l * zb) + (pc * zc) / (1 + l * zc) + (pd * zd) / (1 + l * zd);
  let lam: number;
  if (dg(lmax) >= 0) lam = lmax;
  else {
    // g' is decreasing (g concave): safeguarded Newton on g' inside the bracket [lo, hi]
    let lo = 0, hi = lmax, l = 0;
    for (let i = 0; i < 40; i++) {
      const g1 = dg(l);
      if (g1 > 0) lo = l; else hi = l;
      if (hi - lo < 1e-12 * lmax) break;
      const fa = 1 + l * za, fb = 1 + l * zb, fc = 1 + l * zc, fd = 1 + l * zd;
      const g2 = -((pa * za * za) / (fa * fa) + (pb * zb * zb) / (fb * fb) + (pc * zc * zc) / (fc * fc) + (pd * zd * zd) / (fd * fd));
      let nx = l - g1 / g2;
      if (!(nx > lo && nx < hi)) nx = 0.5 * (lo + hi);
      if (Math.abs(nx - l) < 1e-13) { l = nx; break; }
      l = nx;
    }
    lam = l;
  }
  return { beta, lambda: s.frac * lam };
}

/** Log of the round factor prod (1 + lambda (theta - X_i)) from the round's cells. */
export function stratRoundLogFactor(mu0: number, theta: number, beta: number, lambda: number, k: Cells): number {
  if (lambda === 0) return 0;
  return k.a * Math.log1p(lambda * (theta - 1 + beta * (1 - mu0))) + k.c * Math.log1p(lambda * (theta + beta * (1 - mu0)))
    + k.b * Math.log1p(lambda * (theta - 1 - beta * mu0)) + k.d * Math.log1p(lambda * (theta - beta * mu0));
}

/**
 * Folds one round into a state IN PLACE (the detector hands it a private copy): bets on it when
 * `bet` is true (a round at or after the warm-up), then adds its counts to the estimates.
 */
export function stratKellyStep(s: StratKellyState, k: Cells, bet: boolean): void {
  if (s.priorAcc !== undefined && s.priorAcc.length > 0) { priorStep(s, k, bet); return; }
  if (bet) {
    const { beta, lambda } = stratKellyBet(s);
    s.logW += stratRoundLogFactor(s.mu0, s.theta, beta, lambda, k);
    s.bets += 1; s.beta = beta; s.lambda = lambda;
  }
  const r = s.discount;
  s.n1 = r * s.n1 + k.a + k.c; s.k1 = r * s.k1 + k.a;
  s.n0 = r * s.n0 + k.b + k.d; s.k0 = r * s.k0 + k.b;
}

/** Copies a state (explicit literal: one hidden class). */
export function stratKellyClone(s: Readonly<StratKellyState>): StratKellyState {
  return {
    kind: 'strat_kelly', mu0: s.mu0, theta: s.theta, c: s.c, discount: s.discount, frac: s.frac, stratify: s.stratify,
    n1: s.n1, k1: s.k1, n0: s.n0, k0: s.k0, logW: s.logW, bets: s.bets, beta: s.beta, lambda: s.lambda,
    ...(s.priorAcc !== undefined ? { priorAcc: s.priorAcc.slice(), priorItems: s.priorItems ?? 0, fade: s.fade ?? 1, logWs: (s.logWs ?? []).slice() } : {}),
  };
}
