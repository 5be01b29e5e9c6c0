/**
 * The stricter Learned rule of docs/readme/detector.md section 7: the margin test, "lower confidence
 * bound of the paired difference > delta".
 *
 * The bound is the one-sided (1 - alpha) lower confidence limit of Delta = p_b - p_c (accuracy of
 * the fine-tuned model minus the base on the same items; estimate (b - c)/n) obtained by inverting
 * Tango's score test (Tango 1998, "Equivalence test and confidence interval for the difference in
 * proportions for the paired-sample design", Stat Med 17:891-908): the smallest d with
 * Z(d) <= z_{1-alpha}, Z being Tango's score (src/stats/paired-diff.ts), i.e. the lower end of
 * Tango's two-sided 1 - 2 alpha interval. Z decreases in d, so the limit is found by bisection.
 * Tango's limit is asymptotic, not exact: exact one-sided coverage at alpha = 0.05 (trinomial
 * enumeration, fixtures/reference/detector/margin.json) is 0.946 at (p_b, p_c, n) = (0.15, 0.05, 100),
 * 0.950 at (0.1, 0.1, 200) and 0.938 at (0.08, 0.01, 60).
 * At delta = 0, "bound > 0" is the asymptotic McNemar z test, which is anti-conservative with few
 * discordant pairs (b = 4, c = 0: Z(0) = 2 > 1.645 but exact p = 0.0625), so the margin test also
 * keeps the exact McNemar test: see {@link learnedFromTable} with `rule: 'margin_test'`.
 */
import { tangoInterval } from '../stats/paired-diff.js';
import { detectorErrors } from './errors.js';

/**
 * Which Learned rule, by name:
 * - 'exact_margin' (default, valid): an exact test of gain <= delta rejects at alpha (Berger-Boos,
 *   src/stats/margin-exact.ts); P(Learned) <= alpha at every true gain <= delta, for every n.
 * - 'study': the reference study's definition, for reproducing its tables: one-sided exact McNemar
 *   p <= alpha AND (b - c) >= ceil(delta n). "Significant improvement with a point estimate above
 *   the margin": at a true gain equal to the margin it says Learned in about half of the runs.
 * - 'margin_test': 'study' AND Tango's (asymptotic) one-sided lower bound of (b - c)/n > delta.
 * 'mcnemar_margin' is the former name of 'study' (accepted, reported as 'study').
 */
export type LearnedRule = 'exact_margin' | 'study' | 'margin_test';

/** The Learned rules, default first. */
export const LEARNED_RULES: readonly LearnedRule[] = ['exact_margin', 'study', 'margin_test'];

/** The default Learned rule: the valid one. */
export const DEFAULT_LEARNED_RULE: LearnedRule = 'exact_margin';

/**
 * Checks a rule name ('mcnemar_margin', the former name of 'study', is accepted as 'study').
 * @throws `invalid_design` when `x` is not one of {@link LEARNED_RULES}.
 * @example checkLearnedRule('margin_test') // 'margin_test'
 */
export function checkLearnedRule(x: unknown): LearnedRule {
  if (x === 'exact_margin' || x === 'study' || x === 'margin_test') return x;
  if (x === 'mcnemar_margin') return 'study';
  throw detectorErrors.invalidDesign(`learned rule ${JSON.stringify(x)} (expected 'exact_margin', 'study' or 'margin_test')`);
}

/**
 * One-sided (1 - alpha) lower confidence bound of p_b - p_c on paired data, by inverting Tango's
 * score test (see the file header): the smallest d in [-1, 1] with Z(d) <= z_{1-alpha}.
 * @param t discordant counts b (fine-tuned right, base wrong), c (the reverse) and n pairs;
 *   non-negative integers with b + c <= n. n = 0 gives -1 (no information).
 * @param alpha one-sided level, 0 < alpha < 0.5.
 * @returns the bound in [-1, 1], at most the estimate (b - c)/n (the src/stats Tango kernel).
 * @throws `invalid_counts` (naming b, c or n), `invalid_alpha`.
 * @example marginLowerBound({ b: 12, c: 2, n: 50 }, 0.05) // 0.0855 (= Tango 90% interval's lower end)
 */
export function marginLowerBound(t: { b: number; c: number; n: number }, alpha: number): number {
  const { b, c, n } = t;
  for (const [k, v] of [['b', b], ['c', c], ['n', n]] as const) {
    if (!Number.isInteger(v) || v < 0) throw detectorErrors.invalidCounts(k, v);
  }
  if (b + c > n) throw detectorErrors.invalidCounts('n', `${n} < b + c = ${b + c}`);
  if (!(alpha > 0 && alpha < 0.5)) throw detectorErrors.invalidAlpha(alpha, '0 < alpha < 0.5 for a one-sided bound');
  if (n === 0) return -1;
  // the lower end of Tango's two-sided (1 - 2 alpha) interval is the one-sided (1 - alpha) bound
  return tangoInterval({ b, c, n }, 2 * alpha).lower;
}

/**
 * The detector's Learned-rule pre-registration, carried in `state.method` (plain JSON, copied by
 * draft()): absent fields mean the default rule with the exact p.
 */
export interface LearnedMethod {
  learned_rule?: LearnedRule;
  learned_mid_p?: boolean;
}

/** The Learned options the verdict applies for a detector state's `method` (default `{}`). */
export function learnedOptionsOf(method: object): { rule?: LearnedRule; midP?: boolean } {
  const m = method as LearnedMethod;
  return {
    ...(m.learned_rule !== undefined ? { rule: checkLearnedRule(m.learned_rule) } : {}),
    ...(m.learned_mid_p === true ? { midP: true } : {}),
  };
}

/**
 * Selects the Learned rule of a detector state (until detectorInit takes it as an option): returns
 * a copy whose `method` records `learned_rule` (and `learned_mid_p`), read by the verdict. Pure.
 * @param state any object with a `method` object (a DetectorState).
 * @param options `rule` ('exact_margin' | 'study' | 'margin_test'), `midP` (default false).
 * @throws `invalid_design` for an unknown rule.
 * @example detectorFinish(withLearnedRule(detectorInit(run), { rule: 'margin_test' })).out.at(-1).learned_rule_id // 'margin_test'
 */
export function withLearnedRule<S extends { method: object }>(state: S, options: { rule: LearnedRule; midP?: boolean }): S {
  const rule = checkLearnedRule(options.rule);
  const method: LearnedMethod = { ...state.method, learned_rule: rule, ...(options.midP === true ? { learned_mid_p: true } : {}) };
  return { ...state, method };
}
