/**
 * pass^k: the probability that k independent seeds of the same task all pass, estimated without
 * bias from c passes in n seeds as C(c, k)/C(n, k) (the hypergeometric estimator, as pass@k of
 * Chen et al. 2021 "Evaluating Large Language Models Trained on Code", for all-pass instead of
 * any-pass; tau-bench's pass^k, Yao et al. 2024). Averaged over tasks.
 */
import { analysisErrors } from './errors.js';

/**
 * Unbiased per-task pass^k: C(c, k)/C(n, k) = prod_{i<k} (c - i)/(n - i); 0 when c < k.
 * @param c passes, integer 0..n. @param n seeds. @param k 1..n. @throws invalid_counts.
 * @example passHatK(3, 4, 2) // 0.5
 */
export function passHatK(c: number, n: number, k: number): number {
  if (!Number.isInteger(n) || n < 1) throw analysisErrors.invalidCounts('n', n, 'a positive integer');
  if (!Number.isInteger(c) || c < 0 || c > n) throw analysisErrors.invalidCounts('c', c, `an integer in [0, ${n}]`);
  if (!Number.isInteger(k) || k < 1 || k > n) throw analysisErrors.invalidCounts('k', k, `an integer in [1, ${n}]`);
  let p = 1;
  for (let i = 0; i < k; i++) p *= (c - i) / (n - i);
  return Math.max(0, p);
}

/**
 * Mean pass^k over tasks (each task: c passes of n seeds; tasks with n < k are skipped).
 * @returns {value, tasks} with the number of tasks used (value NaN when none).
 * @example passK([{c: 3, n: 4}, {c: 4, n: 4}], 2) // {value: 0.75, tasks: 2}
 */
export function passK(tasks: readonly { c: number; n: number }[], k: number): { value: number; tasks: number } {
  let s = 0, m = 0;
  for (const t of tasks) {
    if (t.n < k) continue;
    s += passHatK(t.c, t.n, k);
    m++;
  }
  return { value: m === 0 ? NaN : s / m, tasks: m };
}
