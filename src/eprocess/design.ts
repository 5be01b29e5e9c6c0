/**
 * The pre-registered detector design (spec detector.md §2-3): validated once, frozen, typed.
 * Every e-process built for an alarm takes its alpha, margin and truncation from a Design, so
 * they are always on record (safestats' design-then-test).
 */
import { DesignError, issues, type EProcessIssue } from './errors.js';

/** Bet-selection strategy of a capital process (see {@link bettingInit}). */
export type Strategy = 'plugin' | 'agrapa' | 'ons' | 'grid' | 'mixture';
/** All strategies, in a stable order. */
export const STRATEGIES: readonly Strategy[] = Object.freeze(['plugin', 'agrapa', 'ons', 'grid', 'mixture']);

/** Loose input to {@link design}; every field optional, defaults in brackets. */
export interface DesignInput {
  /** Total false-alarm budget [0.05], 0 < alpha < 1. */
  alpha?: number;
  /** Split across alarms A/B/C [0.02/0.02/0.01]; each in (0,1), must sum to alpha (rel. 1e-9). */
  alphaSplit?: { A?: number; B?: number; C?: number };
  /** Margin delta [0.05], 0 <= delta < 1; alarm B tests E[D] >= delta. */
  delta?: number;
  /** Warm-up round k0 [10], integer >= 1; alarm B bets from round k0. */
  warmupRound?: number;
  /** Horizon K in rounds [100], integer >= 1; alarm C threshold is K / alpha_C. */
  horizonRounds?: number;
  /** Truncation c [0.5], 0 < c < 1; bets stay in [0, c/(1-m)]. */
  truncation?: number;
  /** Bet strategy [mixture]. */
  strategy?: Strategy;
}

/** A validated, frozen design. Derived fields: null means m and log thresholds. */
export interface Design {
  readonly alpha: number;
  readonly alphaSplit: { readonly A: number; readonly B: number; readonly C: number };
  readonly delta: number;
  readonly warmupRound: number;
  readonly horizonRounds: number;
  readonly truncation: number;
  readonly strategy: Strategy;
  /** Null means on the Y = (D+1)/2 scale: A tests E[Y] >= 1/2, B and C test E[Y] >= (1+delta)/2. */
  readonly nullMean: { readonly A: number; readonly B: number; readonly C: number };
  /** Log thresholds: log(1/alpha_A), log(1/alpha_B), log(K/alpha_C). */
  readonly logThreshold: { readonly A: number; readonly B: number; readonly C: number };
}

/** Result of {@link safeDesign}: a discriminated union, never throws. */
export type SafeDesignResult = { readonly success: true; readonly design: Design } | { readonly success: false; readonly issues: readonly EProcessIssue[] };

const KNOWN = new Set(['alpha', 'alphaSplit', 'delta', 'warmupRound', 'horizonRounds', 'truncation', 'strategy']);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isInt1 = (x: unknown): x is number => isNum(x) && Number.isInteger(x) && x >= 1;

/**
 * Validates a design input and reports every problem found, without throwing.
 * @param input loose design fields (see {@link DesignInput}); `undefined` means all defaults.
 * @returns `{success:true, design}` or `{success:false, issues}` (codes: invalid_alpha,
 *   invalid_alpha_split, alpha_split_mismatch, invalid_delta, invalid_warmup, invalid_horizon,
 *   invalid_truncation, invalid_strategy, unknown_field, invalid_type).
 * @example safeDesign({ alpha: 2 }).success // false, issues[0].code === 'invalid_alpha'
 */
export function safeDesign(input: DesignInput = {}): SafeDesignResult {
  const out: EProcessIssue[] = [];
  if (typeof input !== 'object' || input === null) return { success: false, issues: [issues.invalidType('design', input, 'an object')] };
  for (const k of Object.keys(input)) if (!KNOWN.has(k)) out.push(issues.unknownField(k));
  const alpha = input.alpha ?? 0.05;
  if (!isNum(alpha) || !(alpha > 0 && alpha < 1)) out.push(issues.invalidAlpha(alpha));
  const split = input.alphaSplit ?? {};
  const defaults = input.alphaSplit === undefined && input.alpha !== undefined && isNum(alpha) ? { A: alpha * 0.4, B: alpha * 0.4, C: alpha * 0.2 } : { A: 0.02, B: 0.02, C: 0.01 };
  const A = split.A ?? defaults.A, B = split.B ?? defaults.B, C = split.C ?? defaults.C;
  let splitOk = true;
  for (const [name, v] of [['A', A], ['B', B], ['C', C]] as const) {
    if (!isNum(v) || !(v > 0 && v < 1)) { out.push(issues.invalidAlphaSplit(name, v)); splitOk = false; }
  }
  if (splitOk && isNum(alpha) && Math.abs(A + B + C - alpha) > 1e-9 * alpha) out.push(issues.alphaSplitMismatch(A + B + C, alpha));
  const delta = input.delta ?? 0.05;
  if (!isNum(delta) || !(delta >= 0 && delta < 1)) out.push(issues.invalidDelta(delta));
  const warmupRound = input.warmupRound ?? 10;
  if (!isInt1(warmupRound)) out.push(issues.invalidWarmup(warmupRound));
  const horizonRounds = input.horizonRounds ?? 100;
  if (!isInt1(horizonRounds)) out.push(issues.invalidHorizon(horizonRounds));
  const truncation = input.truncation ?? 0.5;
  if (!isNum(truncation) || !(truncation > 0 && truncation < 1)) out.push(issues.invalidTruncation(truncation));
  const strategy = input.strategy ?? 'mixture';
  if (!STRATEGIES.includes(strategy)) out.push(issues.invalidStrategy(strategy));
  if (out.length > 0) return { success: false, issues: out };
  const mB = (1 + delta) / 2;
  const design: Design = Object.freeze({
    alpha, alphaSplit: Object.freeze({ A, B, C }), delta, warmupRound, horizonRounds, truncation, strategy,
    nullMean: Object.freeze({ A: 0.5, B: mB, C: mB }),
    logThreshold: Object.freeze({ A: -Math.log(A), B: -Math.log(B), C: Math.log(horizonRounds / C) }),
  });
  return { success: true, design };
}

/**
 * Validates a design input once and returns a frozen {@link Design} (throwing twin of {@link safeDesign}).
 * Defaults: alpha 0.05 split 0.02/0.02/0.01, delta 0.05, warmupRound 10, horizonRounds 100,
 * truncation 0.5, strategy 'mixture'. When only alpha is given, the split scales as 40/40/20 %.
 * @throws {DesignError} with `.code` (first issue) and `.issues` (all of them).
 * @example const d = design({ delta: 0.02 }); d.logThreshold.A // log(50)
 */
export function design(input: DesignInput = {}): Design {
  const r = safeDesign(input);
  if (!r.success) throw new DesignError(r.issues);
  return r.design;
}
