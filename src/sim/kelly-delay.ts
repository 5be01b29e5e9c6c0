/**
 * Detection delay of alarm B against the Kelly bound: the power study behind the detector's
 * default B method (docs/power.md, "Betting closer to Kelly").
 *
 * A cell is a trap: base accuracy mu0 on the clean pool, a fine-tuned checkpoint that stays at
 * accuracy `acc` < theta = mu0 + delta every round, `size` items per round drawn with replacement
 * (base correctness Bernoulli(mu0), checkpoint correctness given base from coupledAccuracies with
 * agreement kappa [0: independent]), B betting from round 1 at level alpha_B [0.02]. Each replicate
 * steps alarm B's process exactly as the detector does (stratKellyInit / stratKellyStep, the
 * functions src/detector/round.ts calls; test/detector/kelly-delay.test.ts checks the alarm round
 * against detectorApply) until log W >= log(1/alpha_B) or `maxRounds`.
 *
 * Kelly bound: log(1/alpha_B) / (size KL(Ber(acc) || Ber(theta))) rounds, the growth of the best
 * constant bet on the checkpoint's correctness (exact for kappa = 0; a positive kappa lets the
 * stratified observation beat it). The oracle row steps, on the same rounds, the likelihood-ratio
 * martingale of Ber(acc) against Ber(theta) (the Kelly bet known in advance, i.e. Wald's SPRT with
 * one boundary): its mean delay is what an oracle achieves once overshoot and whole rounds count.
 */
import type { Rng } from '../rng.js';
import { DEFAULT_B_METHOD, stratKellyInit, stratKellyStep, type BMethod } from '../detector/b-process.js';
import { coupledAccuracies } from './items.js';

/** One trap setting. */
export interface DelayCell {
  /** Base accuracy on the pool, 0 < mu0 < 1. */
  mu0: number;
  /** The fine-tuned checkpoint's pool accuracy (below mu0 + delta for a trap). */
  acc: number;
  /** Margin delta of alarm B. */
  delta: number;
  /** Items per probe round. */
  size: number;
  /** Agreement of checkpoint and base correctness, 0 <= kappa <= 1 [0]. */
  kappa?: number;
}

/** Input of {@link kellyDelay}. */
export interface DelayStudyInput extends DelayCell {
  /** Replicates. */
  runs: number;
  /** Seeded generator. */
  rng: Rng;
  /** Rounds before a replicate counts as not detected [100]. */
  maxRounds?: number;
  /** Alarm B's method [the detector's DEFAULT_B_METHOD]. */
  bMethod?: Partial<BMethod>;
  /** Alarm B's level [0.02]. */
  alpha?: number;
  /** Truncation c [0.5]. */
  truncation?: number;
}

/** What {@link kellyDelay} returns (delays in rounds, over replicates that alarmed). */
export interface DelayStudyResult extends Required<DelayCell> {
  runs: number;
  detected: number;
  meanDelay: number;
  /** Standard error of meanDelay. */
  se: number;
  /** log(1/alpha) / (size KL(Ber(acc) || Ber(mu0 + delta))). */
  kellyBound: number;
  /** The paired-observation Kelly bound ({@link pairedKellyBoundRounds}): the floor for a B that does not trust mu0. */
  pairedKellyBound: number;
  /** Mean delay of the oracle likelihood-ratio martingale on the same rounds. */
  oracleMeanDelay: number;
  /** meanDelay / kellyBound. */
  ratio: number;
}

/** Bernoulli KL divergence KL(Ber(p) || Ber(q)) in nats. */
export function klBernoulli(p: number, q: number): number {
  const t = (a: number, b: number) => (a === 0 ? 0 : a * Math.log(a / b));
  return t(p, q) + t(1 - p, 1 - q);
}

/** The Kelly bound in rounds: log(1/alpha) / (size KL(Ber(acc) || Ber(mu0 + delta))). */
export function kellyBoundRounds(c: DelayCell, alpha = 0.02): number {
  return Math.log(1 / alpha) / (c.size * klBernoulli(c.acc, c.mu0 + c.delta));
}

/**
 * The Kelly bound in rounds for the PAIRED observation D = model - base (what alarm B bets on when
 * it does not trust the declared mu0): log(1/alpha) / (size G*), G* = max over constant bets
 * lambda in [0, 1/(1 + delta)) of E[log(1 + lambda (delta - D))], the growth of the best constant
 * bet on D under the cell's joint law (coupledAccuracies at `kappa`). No detector that uses only
 * paired outcomes can beat it on average; the stratified bound {@link kellyBoundRounds} assumes an
 * exact mu0.
 * @example pairedKellyBoundRounds({ mu0: 0.33, acc: 0.30, delta: 0.05, size: 64 }) // about 8.27
 */
export function pairedKellyBoundRounds(c: DelayCell, alpha = 0.02): number {
  const { p1, p0 } = coupledAccuracies(c.acc, c.mu0, c.kappa ?? 0);
  const up = (1 - c.mu0) * p0, down = c.mu0 * (1 - p1); // P(D = 1), P(D = -1)
  const g = (l: number) => up * Math.log1p(l * (c.delta - 1)) + down * Math.log1p(l * (c.delta + 1)) + (1 - up - down) * Math.log1p(l * c.delta);
  let lo = 0, hi = 1 / (1 + c.delta) - 1e-9; // g is concave on [lo, hi): golden-section search
  const r = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 200; i++) {
    const x1 = hi - r * (hi - lo), x2 = lo + r * (hi - lo);
    if (g(x1) < g(x2)) lo = x1; else hi = x2;
  }
  return Math.log(1 / alpha) / (c.size * g((lo + hi) / 2));
}

/**
 * Simulates alarm B on a trap and measures its mean detection delay beside the Kelly bound.
 * At acc >= mu0 + delta (inside the null) `detected / runs` is B's false-alarm rate within maxRounds.
 * @throws RangeError when acc is outside [0, 1], mu0 + delta >= 1 or runs < 1.
 * @example kellyDelay({ mu0: 0.33, acc: 0.30, delta: 0.05, size: 64, runs: 500, rng: createRng(1) }).ratio // about 1.45
 */
export function kellyDelay(input: DelayStudyInput): DelayStudyResult {
  const { mu0, acc, delta, size, runs, rng } = input;
  const kappa = input.kappa ?? 0, maxRounds = input.maxRounds ?? 100, alpha = input.alpha ?? 0.02, c = input.truncation ?? 0.5;
  const theta = mu0 + delta;
  if (!(acc >= 0 && acc <= 1 && theta < 1)) throw new RangeError(`invalid acc: ${acc} (expected 0 <= acc <= 1 and mu0 + delta < 1)`);
  if (!(Number.isInteger(runs) && runs >= 1)) throw new RangeError(`invalid runs: ${runs} (expected an integer >= 1)`);
  const method: BMethod = { ...DEFAULT_B_METHOD, ...input.bMethod };
  const { p1, p0 } = coupledAccuracies(acc, mu0, kappa);
  const thr = Math.log(1 / alpha);
  const lr1 = Math.log(acc / theta), lr0 = Math.log((1 - acc) / (1 - theta));
  let sum = 0, sum2 = 0, detected = 0, oracleSum = 0, oracleN = 0;
  for (let r = 0; r < runs; r++) {
    const s = stratKellyInit(mu0, delta, c, method);
    let oracle = 0, oracleAt = 0, at = 0;
    for (let k = 1; k <= maxRounds && (at === 0 || oracleAt === 0); k++) {
      let a = 0, b = 0, cc = 0, d = 0;
      for (let i = 0; i < size; i++) {
        const base = rng.next() < mu0;
        const m = rng.next() < (base ? p1 : p0);
        if (base) { if (m) a++; else cc++; } else if (m) b++; else d++;
      }
      if (at === 0) { stratKellyStep(s, { a, b, c: cc, d }, true); if (s.logW >= thr) at = k; }
      if (oracleAt === 0) { oracle += (a + b) * lr1 + (cc + d) * lr0; if (oracle >= thr) oracleAt = k; }
    }
    if (at > 0) { detected++; sum += at; sum2 += at * at; }
    if (oracleAt > 0) { oracleN++; oracleSum += oracleAt; }
  }
  const mean = detected > 0 ? sum / detected : NaN;
  const se = detected > 1 ? Math.sqrt((sum2 / detected - mean * mean) / (detected - 1)) : NaN;
  const kellyBound = kellyBoundRounds({ mu0, acc, delta, size }, alpha);
  return { mu0, acc, delta, size, kappa, runs, detected, meanDelay: mean, se, kellyBound, pairedKellyBound: pairedKellyBoundRounds({ mu0, acc, delta, size, kappa }, alpha), oracleMeanDelay: oracleN > 0 ? oracleSum / oracleN : NaN, ratio: mean / kellyBound };
}

/** One point of the delay-ratio grid (input of the report's figure). */
export interface DelayGridRow {
  /** 'default' (the detector's B) or 'no prior' (the previous default: Jeffreys start). */
  method: string;
  mu0: number;
  delta: number;
  size: number;
  acc: number;
  /** theta - acc: how far below the margin the trap sits. */
  gap: number;
  meanDelay: number;
  kellyBound: number;
  ratio: number;
}

/**
 * The delay ratio over a grid of (base, fine-tuned, margin, probe size), for the default B and
 * the previous one (no prior), `runs` replicates per cell (kappa 0, alpha_B 0.02).
 * Defaults: mu0 {0.33, 0.6}, delta {0.02, 0.05}, size {64, 256}, gaps {0.04, 0.08, 0.16, 0.3}.
 * @example kellyDelayGrid({ rng: createRng(1), runs: 100 }).length // 64
 */
export function kellyDelayGrid(opts: { rng: Rng; runs: number; mu0s?: readonly number[]; deltas?: readonly number[]; sizes?: readonly number[]; gaps?: readonly number[] }): DelayGridRow[] {
  const out: DelayGridRow[] = [];
  const methods: [string, Partial<BMethod>][] = [['default', {}], ['no prior', { priorGaps: [] }]];
  for (const mu0 of opts.mu0s ?? [0.33, 0.6]) for (const delta of opts.deltas ?? [0.02, 0.05]) for (const size of opts.sizes ?? [64, 256]) {
    for (const gap of opts.gaps ?? [0.04, 0.08, 0.16, 0.3]) {
      const acc = mu0 + delta - gap;
      if (!(acc > 0)) continue;
      for (const [method, bMethod] of methods) {
        const r = kellyDelay({ mu0, acc, delta, size, runs: opts.runs, rng: opts.rng, bMethod });
        out.push({ method, mu0, delta, size, acc: r.acc, gap, meanDelay: r.meanDelay, kellyBound: r.kellyBound, ratio: r.ratio });
      }
    }
  }
  return out;
}
