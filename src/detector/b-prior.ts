/**
 * Alarm B's pre-registered prior: bets from round 1, closer to Kelly (docs/power.md, "Betting
 * closer to Kelly").
 *
 * The plug-in Kelly bet of b-process.ts starts from Jeffreys pseudo-counts (estimated accuracy 1/2,
 * above the null's theta = mu0 + delta), so it bets 0 in its first round and stakes on noisy
 * estimates in the next few. The design knows mu0 and delta before the run, so it can pre-register
 * where a run that does not learn would sit: acc = theta - g for a gap g below the margin. Each
 * gap g_j gives one component process whose estimates start from w pseudo-items at that
 * alternative (p1 = p0 = theta - g_j on both strata: no assumed agreement with the base, so the
 * first beta is 0), faded by the same per-round discount r as the data (the prior is w r^t items
 * after t observed rounds). The reported wealth is the plain average
 *     W_t = (1/J) sum_j W_t^(j),
 * each W^(j) a capital process with predictable bets (the prior is fixed before round 1), all on
 * one filtration: W is a nonnegative supermartingale under H0_B and Ville bounds its false alarms
 * by alpha_B exactly as for one process. The average is at most log J nats behind its best
 * component and in practice much less (the components see the same data and agree after a few
 * rounds). This is a plug-in-with-prior variant of the predictable plug-in of Waudby-Smith &
 * Ramdas (2023, JRSSB) mixed over priors, in the spirit of their mixture over bets.
 */
import { logMeanExp } from '../eprocess/betting.js';
import { stratKellyBetFrom, stratRoundLogFactor, type BMethod, type Cells, type StratKellyState } from './b-process.js';

/** Largest number of prior components a method may register. */
export const MAX_PRIOR_GAPS = 8;

/**
 * The prior fields of a new state: prior accuracies theta - g_j clipped to [0.001, 0.999], the
 * weight in items, fade 1 and log W 0 per component; empty fields when the method has no gaps.
 * @example priorInit(0.33, 0.05, { ...DEFAULT_B_METHOD }).priorAcc // [0.355, 0.33, 0.28]
 */
export function priorInit(mu0: number, delta: number, method: Pick<BMethod, 'priorGaps' | 'priorItems'>): Pick<StratKellyState, 'priorAcc' | 'priorItems' | 'fade' | 'logWs'> {
  const gaps = method.priorGaps ?? [];
  if (gaps.length === 0) return {};
  const theta = mu0 + delta;
  return {
    priorAcc: gaps.map((g) => Math.min(0.999, Math.max(0.001, theta - g))),
    priorItems: method.priorItems ?? 0,
    fade: 1,
    logWs: gaps.map(() => 0),
  };
}


/**
 * One round for a state with prior components, IN PLACE: when `bet`, each component bets the
 * plug-in Kelly (beta, lambda) of its counts (the shared discounted data plus its faded prior)
 * and its log W takes the round's exact log factor; logW becomes the log of their average. Then
 * the data counts absorb the round and the prior fades by the discount. `beta` / `lambda` record
 * the first component's bet.
 */
export function priorStep(s: StratKellyState, k: Cells, bet: boolean): void {
  const acc = s.priorAcc ?? [], logWs = s.logWs ?? acc.map(() => 0);
  const w = (s.priorItems ?? 0) * (s.fade ?? 1), mu0 = s.mu0;
  if (bet) {
    for (let j = 0; j < acc.length; j++) {
      const pa = acc[j] as number;
      const n1 = s.n1 + w * mu0, n0 = s.n0 + w * (1 - mu0);
      const { beta, lambda } = stratKellyBetFrom(s, n1, s.k1 + w * mu0 * pa, n0, s.k0 + w * (1 - mu0) * pa);
      logWs[j] = (logWs[j] as number) + stratRoundLogFactor(mu0, s.theta, beta, lambda, k);
      if (j === 0) { s.beta = beta; s.lambda = lambda; }
    }
    s.logWs = logWs;
    s.logW = logMeanExp(logWs); // log((1/J) sum_j exp(x_j)), stable
    s.bets += 1;
  }
  const r = s.discount;
  s.n1 = r * s.n1 + k.a + k.c; s.k1 = r * s.k1 + k.a;
  s.n0 = r * s.n0 + k.b + k.d; s.k0 = r * s.k0 + k.b;
  s.fade = (s.fade ?? 1) * r;
}
