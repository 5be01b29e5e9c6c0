/**
 * Holm's step-down adjustment (Holm 1979): sort p ascending, adjusted p_(i) =
 * max_{j <= i} min(1, (m - j + 1) p_(j)); controls the family-wise error rate. Returned in the
 * input order. NaN p-values are kept as NaN and excluded from m.
 * @throws invalid_probability for p outside [0, 1].
 * @example holm([0.01, 0.04, 0.03]) // [0.03, 0.06, 0.06]
 */
import { analysisErrors } from './errors.js';

export function holm(p: readonly number[]): number[] {
  const idx: number[] = [];
  p.forEach((v, i) => {
    if (Number.isNaN(v)) return;
    if (!(v >= 0 && v <= 1)) throw analysisErrors.invalidProbability(`p[${i}]`, v);
    idx.push(i);
  });
  idx.sort((a, b) => p[a]! - p[b]! || a - b);
  const m = idx.length;
  const out = p.map(() => NaN);
  let running = 0;
  idx.forEach((i, j) => {
    running = Math.max(running, Math.min(1, (m - j) * p[i]!));
    out[i] = running;
  });
  return out;
}
