/**
 * Item-level model of base and checkpoint correctness (a Gaussian copula).
 *
 * The base's correctness on each item is fixed. A checkpoint with expected accuracy `acc` is
 * right on an item the base gets right with probability p1 and on an item the base gets wrong with
 * probability p0, where mu0 p1 + (1 - mu0) p0 = acc and the agreement with the base is set by
 * kappa in [0, 1]:  c = kappa min((1 - acc)/(1 - mu0), acc/mu0),  p1 = acc + c (1 - mu0),
 * p0 = acc - c mu0  (kappa = 0: independent of the base; at acc = mu0, kappa is the phi
 * correlation of the two correctness indicators). Each item also has a fixed latent ease
 * z_i ~ N(0,1): the checkpoint is right when sqrt(r) z_i + sqrt(1 - r) e_ik < Phi^{-1}(p_b), with
 * fresh e_ik per checkpoint, so the same items tend to stay right across checkpoints (r = 0.7).
 */
import { normal, type Rng } from '../rng.js';
import { probit } from './probit.js';

/** Default agreement of checkpoint and base correctness. */
export const DEFAULT_KAPPA = 0.6;
/** Default persistence of an item's difficulty across checkpoints. */
export const DEFAULT_PERSISTENCE = 0.7;

/**
 * Conditional accuracies (p1 on base-correct items, p0 on base-wrong items) for a checkpoint of
 * accuracy `acc` against a base of accuracy `mu0`; see the module comment for the formula.
 * @param acc in [0, 1]; mu0 in (0, 1); kappa in [0, 1].
 * @example coupledAccuracies(0.328, 0.328, 0.6) // { p1: 0.7312, p0: 0.1312 }
 */
export function coupledAccuracies(acc: number, mu0: number, kappa: number): { p1: number; p0: number } {
  const a = Math.min(1, Math.max(0, acc));
  const c = kappa * Math.min((1 - a) / (1 - mu0), a / mu0);
  return { p1: Math.min(1, a + c * (1 - mu0)), p0: Math.max(0, a - c * mu0) };
}

/** A set of items: base correctness (fixed) and latent ease, as parallel arrays. */
export interface ItemSet {
  readonly base: readonly boolean[];
  readonly ease: readonly number[];
}

/**
 * Builds `n` items of which exactly round(mu0 n) are base-correct, in a random order, each with a
 * latent ease; the set's base accuracy is then exactly round(mu0 n)/n (= mu0 for n = 1000 and
 * three-decimal mu0).
 * @example makeItems(createRng(1), 1000, 0.328).base.filter(Boolean).length // 328
 */
export function makeItems(rng: Rng, n: number, mu0: number): ItemSet {
  const k = Math.round(mu0 * n);
  const base = Array.from({ length: n }, (_, i) => i < k);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = base[i]!;
    base[i] = base[j]!;
    base[j] = t;
  }
  const ease = Array.from({ length: n }, () => normal(rng));
  return { base, ease };
}

/**
 * Realizes one checkpoint's correctness on every item of a set.
 * @param acc the checkpoint's expected accuracy; mu0 the base's; kappa, r as in the module comment.
 * @returns one boolean per item.
 */
export function realizeCheckpoint(
  rng: Rng, items: ItemSet, acc: number, mu0: number,
  kappa = DEFAULT_KAPPA, r = DEFAULT_PERSISTENCE,
): boolean[] {
  const { p1, p0 } = coupledAccuracies(acc, mu0, kappa);
  const t1 = probit(p1), t0 = probit(p0);
  const a = Math.sqrt(r), b = Math.sqrt(1 - r);
  const out = new Array<boolean>(items.base.length);
  for (let i = 0; i < out.length; i++) {
    const x = a * items.ease[i]! + b * normal(rng);
    out[i] = x < (items.base[i] ? t1 : t0);
  }
  return out;
}
