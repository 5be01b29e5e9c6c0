/**
 * The Learned gate (docs/readme/detector.md section 7): builds the paired 2x2 table from eval items
 * and applies a named rule (learned-margin.ts):
 *   'exact_margin' (default):  the exact test of gain <= delta rejects at alpha (src/stats/margin-exact.ts);
 *   'study':               p <= alpha  AND  (b - c) >= ceil(delta * n)  (exact one-sided McNemar);
 *   'margin_test':         'study'  AND  L > delta, L Tango's one-sided (1 - alpha) lower bound.
 * b = #(fine-tuned right, base wrong), c = #(base right, fine-tuned wrong), n = #pairs.
 * `delta * n` is rounded to 12 significant digits before the ceiling so that binary round-off
 * (0.07 * 100 = 7.000000000000001) never raises the requirement by one item.
 * Whatever the rule, the result carries the 'exact_margin' and 'study' decisions side by side
 * (`byRule`), so a report can show what each definition says about the same table.
 */
import { detectorErrors } from './errors.js';
import { mcnemarExact } from './mcnemar.js';
import { checkLearnedRule, DEFAULT_LEARNED_RULE, marginLowerBound, type LearnedRule } from './learned-margin.js';
import { marginExactTest } from '../stats/margin-exact.js';

/** The part of a design the Learned gate reads: test level and delivery margin. */
export interface LearnedDesign {
  /** Test level, 0 < alpha < 1 (the study: 0.05). */
  readonly alpha: number;
  /** Pre-registered margin on the accuracy improvement, 0 <= delta < 1. */
  readonly delta: number;
}

/** One paired outcome: base and fine-tuned correctness on the same held-out item. */
export interface Pair {
  readonly base: boolean;
  readonly model: boolean;
}

/** Options of {@link learned}. */
export interface LearnedOptions {
  /** Use the mid-p McNemar variant (less conservative; default false = exact p). */
  midP?: boolean;
  /** Which rule decides Learned ['exact_margin'; 'study' reproduces the reference study; 'margin_test']. */
  rule?: LearnedRule;
}

/** Result of {@link learned}: the table, the test and the rule applied. */
export interface LearnedResult {
  learned: boolean;
  /** Exact one-sided McNemar p (or mid-p), and its natural log. */
  p: number;
  logP: number;
  /** 2x2 table: a = both right, b = only fine-tuned right, c = only base right, d = both wrong. */
  a: number; b: number; c: number; d: number;
  n: number;
  /** ceil(delta * n): the least b - c that meets the margin. */
  requiredGain: number;
  significant: boolean;
  marginMet: boolean;
  /** Human-readable statement of the rule used (for 'margin_test' it includes the bound). */
  rule: string;
  /** Which rule decided `learned`. */
  ruleId: LearnedRule;
  /** Inputs of the rule: test level and margin (the design's alpha and delta), and the mid-p flag. */
  alpha: number;
  delta: number;
  midP: boolean;
  /**
   * 'margin_test' only (null under the default rule): the one-sided (1 - alpha) Tango lower bound
   * of (b - c)/n (-1 when n = 0), and whether it exceeds delta.
   */
  lowerBound: number | null;
  boundMet: boolean | null;
  /** p-value of the 'exact_margin' test of gain <= delta (computed under every rule). */
  marginP: number;
  /** The 'exact_margin' and 'study' decisions on this table, whatever rule decided `learned`. */
  byRule: { exact_margin: boolean; study: boolean };
}

/**
 * ceil(delta * n) in integers, immune to binary round-off of delta * n.
 * @example marginItems(0.07, 100) // 7 (not 8)
 */
export function marginItems(delta: number, n: number): number {
  if (!(delta >= 0 && delta < 1)) throw detectorErrors.invalidDelta(delta);
  if (!Number.isInteger(n) || n < 0) throw detectorErrors.invalidCounts('n', n);
  return Math.ceil(Number((delta * n).toPrecision(12)));
}

/**
 * The Learned gate under a named rule (default 'exact_margin'; 'study' = one-sided exact McNemar at
 * `design.alpha` and (b - c) >= ceil(delta n)). No pairs: learned = false with p = 1.
 * @param pairs held-out items with `base` and `model` booleans (any length, order irrelevant).
 * @param design `{alpha, delta}` (a Design or the Learned part of one).
 * @param options `midP` (mid-p McNemar), `rule` ('exact_margin' default | 'study' | 'margin_test').
 * @returns the table, p (and log p), requiredGain, significant, marginMet, learned, the rule used
 *   (`rule` statement, `ruleId`) with its inputs, and under 'margin_test' `lowerBound` and `boundMet`.
 * @throws `invalid_alpha` / `invalid_delta` for out-of-range design values, `invalid_design` for an
 *   unknown rule.
 * @example learned([{base:false, model:true}, ...], { alpha: 0.05, delta: 0.05 }).learned
 */
export function learned(pairs: readonly Pair[], design: LearnedDesign, options: LearnedOptions = {}): LearnedResult {
  let a = 0, b = 0, c = 0, d = 0;
  for (const x of pairs) {
    if (x.model) { if (x.base) a++; else b++; } else if (x.base) c++; else d++;
  }
  return learnedFromTable({ a, b, c, d }, design, options);
}

/**
 * The Learned gate from a ready 2x2 table (the streaming form: the detector counts eval items).
 * @param table non-negative integer counts a, b, c, d (see {@link LearnedResult}).
 * @example learnedFromTable({ a: 80, b: 40, c: 10, d: 170 }, { alpha: 0.05, delta: 0.05 }).learned // true
 * @example learnedFromTable({ a: 80, b: 40, c: 10, d: 170 }, { alpha: 0.05, delta: 0.05 }, { rule: 'margin_test' }).lowerBound // 0.063
 */
export function learnedFromTable(
  table: { a: number; b: number; c: number; d: number },
  design: LearnedDesign,
  options: LearnedOptions = {},
): LearnedResult {
  const { alpha, delta } = design;
  if (!(alpha > 0 && alpha < 1)) throw detectorErrors.invalidAlpha(alpha);
  for (const k of ['a', 'b', 'c', 'd'] as const) {
    const v = table[k];
    if (!Number.isInteger(v) || v < 0) throw detectorErrors.invalidCounts(k, v);
  }
  const { a, b, c, d } = table;
  const n = a + b + c + d;
  const midP = options.midP ?? false;
  const ruleId = checkLearnedRule(options.rule ?? DEFAULT_LEARNED_RULE);
  const test = mcnemarExact({ b, c }, { side: 'greater', midP });
  const requiredGain = marginItems(delta, n);
  const significant = n > 0 && test.logP <= Math.log(alpha);
  const marginMet = n > 0 && b - c >= requiredGain;
  const marginP = marginExactTest({ b, c, n }, alpha, delta).p;
  const eMet = n > 0 && marginP <= alpha;
  const byRule = { exact_margin: eMet, study: significant && marginMet };
  const base = `one-sided exact McNemar${midP ? ' mid-p' : ''} p <= ${alpha} and (b - c) >= ceil(${delta} * n) = ${requiredGain}`;
  const common = { p: test.p, logP: test.logP, a, b, c, d, n, requiredGain, significant, marginMet, ruleId, alpha, delta, midP, marginP, byRule };
  if (ruleId === 'exact_margin') {
    return { learned: eMet, ...common, lowerBound: null, boundMet: null,
      rule: `exact_margin: exact (Berger-Boos) test of gain <= ${delta}: p = ${Number(marginP.toPrecision(6))} <= ${alpha} (valid at every gain <= ${delta}, any n)` };
  }
  if (ruleId === 'study') return { learned: byRule.study, ...common, rule: `study: ${base}`, lowerBound: null, boundMet: null };
  const lowerBound = marginLowerBound({ b, c, n }, alpha);
  const boundMet = n > 0 && lowerBound > delta;
  return {
    learned: significant && marginMet && boundMet, ...common, lowerBound, boundMet,
    rule: `margin test: ${base} and Tango one-sided ${1 - alpha} lower bound of (b - c)/n = ${Number(lowerBound.toPrecision(6))} > ${delta}`,
  };
}
