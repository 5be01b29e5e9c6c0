/**
 * True learning curves of the simulated study: the checkpoint's expected accuracy on the clean
 * pool as a function of the training step, one shape per arm, and the train-loss, gradient-norm,
 * learning-rate and validation-loss curves the job logs. Shapes are drawn once per run from an
 * injected Rng ({@link drawShape}); evaluating them is pure.
 *
 * Shapes (t = step, mu0 = base accuracy, f = the run's final accuracy):
 * - correct:  mu0 + (f - mu0)(1 - e^{-t/tau}), tau ~ 35 (x U[0.85, 1.15]): ~0.78 by step 300.
 * - permute:  mu0 + (f - mu0) sigmoid((t - tm)/18), tm ~ U[175, 190]: flat, then falls to ~0.04;
 *             the true accuracy crosses mu0 - 0.1 at about tm - 11.5 (steps 163-178).
 * - noise:    mu0 + (f - mu0)(1 - e^{-t/60}), f = study's noise accuracy + a per-seed offset.
 * - mask:     a dip of 0.03 peaking at step 20, then learning from step 25 to ~0.77 (tau 40).
 * - collapse: the correct curve to ~0.75, then sigmoid((t - tc)/8) down to ~0.1, tc ~ U[197, 213].
 * Train loss: Linf + (L0 - Linf) e^{-t/tauL} with the SAME generator for correct, permute and the
 * pre-collapse part of collapse (a permuted label map is exactly as learnable); noise has a higher
 * floor (+0.25), mask a lower start (2.3 vs 2.6); collapse adds a bump of 0.7 when its bad shard
 * starts (12 steps before tc), decaying with time constant 15.
 */
import { normal, type Rng } from '../rng.js';
import type { Arm, BaseCalibration } from './bases.js';

/** One run's drawn curve parameters (plain JSON). */
export interface CurveShape {
  readonly arm: Arm;
  readonly mu0: number;
  /** Final (step-300 target) accuracy, before checkpoint wobble. */
  readonly final: number;
  /** Time constant of learning (correct, noise, mask, collapse's rise). */
  readonly tau: number;
  /** Permute: midpoint of the fall. Collapse: midpoint of the collapse. Otherwise 0. */
  readonly mid: number;
  /** Collapse: the pre-collapse plateau. Otherwise equals `final`. */
  readonly peak: number;
  /** Loss curve: start, floor, time constant. */
  readonly loss0: number;
  readonly lossInf: number;
  readonly lossTau: number;
}

const uniform = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng.next();
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * Draws one run's curve parameters.
 * @param arm the arm; `base` its calibration row; `seedIndex` 0..2 picks the noise offset.
 * @example drawShape(createRng(1), 'correct', BASES[0]!, 0).final // about 0.784
 */
export function drawShape(rng: Rng, arm: Arm, base: BaseCalibration, seedIndex: number): CurveShape {
  const mu0 = base.mu0;
  // Loss parameters are drawn first and identically for every arm, so a permute run's loss
  // comes from exactly the generator a correct run's loss comes from.
  const lossTau = 40 * uniform(rng, 0.85, 1.15);
  const lossInf0 = 0.32 + uniform(rng, -0.03, 0.03);
  const loss0 = arm === 'mask' ? 2.3 : 2.6;
  const lossInf = arm === 'noise' ? lossInf0 + 0.25 : lossInf0;
  const tau = 35 * uniform(rng, 0.85, 1.15);
  const jitter = 0.01 * normal(rng);
  const h = base.heldout;
  switch (arm) {
    case 'correct':
      return { arm, mu0, final: h.correct + jitter, tau, mid: 0, peak: h.correct + jitter, loss0, lossInf, lossTau };
    case 'permute': {
      const final = h.permute + 0.3 * jitter;
      return { arm, mu0, final, tau, mid: uniform(rng, 175, 190), peak: final, loss0, lossInf, lossTau };
    }
    case 'noise': {
      const final = h.noise + (base.noiseSeedOffsets[seedIndex % 3] ?? 0) + 0.5 * jitter;
      return { arm, mu0, final, tau: 60, mid: 0, peak: final, loss0, lossInf, lossTau };
    }
    case 'mask':
      return { arm, mu0, final: h.mask + jitter, tau: 40 * uniform(rng, 0.9, 1.1), mid: 0, peak: h.mask + jitter, loss0, lossInf, lossTau };
    case 'collapse':
      return { arm, mu0, final: h.collapse + 0.3 * jitter, tau, mid: uniform(rng, 197, 213), peak: 0.75 + jitter, loss0, lossInf, lossTau };
  }
}

/**
 * The checkpoint's expected pool accuracy at `step` (before the per-checkpoint wobble).
 * @example accuracyAt(shape, 0) // shape.mu0 (every arm starts at the base)
 */
export function accuracyAt(s: CurveShape, step: number): number {
  const t = Math.max(0, step);
  switch (s.arm) {
    case 'correct':
    case 'noise':
      return s.mu0 + (s.final - s.mu0) * (1 - Math.exp(-t / s.tau));
    case 'permute':
      return s.mu0 + (s.final - s.mu0) * (sigmoid((t - s.mid) / 18) - sigmoid(-s.mid / 18));
    case 'mask': {
      const dip = 0.03 * (t / 20) * Math.exp(1 - t / 20);
      return s.mu0 - dip + (s.final - s.mu0) * (1 - Math.exp(-Math.max(0, t - 25) / s.tau));
    }
    case 'collapse': {
      const pre = s.mu0 + (s.peak - s.mu0) * (1 - Math.exp(-t / s.tau));
      return pre + (s.final - pre) * sigmoid((t - s.mid) / 8);
    }
  }
}

/** Expected train loss at `step` (no logging noise). */
export function lossAt(s: CurveShape, step: number): number {
  let l = s.lossInf + (s.loss0 - s.lossInf) * Math.exp(-step / s.lossTau);
  if (s.arm === 'collapse') {
    const start = s.mid - 12;
    if (step >= start) l += 0.7 * Math.exp(-(step - start) / 15);
  }
  return l;
}

/** Expected gradient norm at `step` (decays from ~3 to ~0.5; collapse spikes with its shard). */
export function gradNormAt(s: CurveShape, step: number): number {
  let g = 0.5 + 2.5 * Math.exp(-step / 30);
  if (s.arm === 'collapse' && step >= s.mid - 12) g += 2 * Math.exp(-(step - (s.mid - 12)) / 15);
  return g;
}

/** Learning rate: linear warm-up over 10 steps to 2e-4, then cosine decay to 0 at `steps`. */
export function lrAt(step: number, steps: number): number {
  const peak = 2e-4, warm = 10;
  if (step <= warm) return (peak * step) / warm;
  return 0.5 * peak * (1 + Math.cos((Math.PI * (step - warm)) / (steps - warm)));
}
