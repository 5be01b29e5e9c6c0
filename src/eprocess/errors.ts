/**
 * Coded errors for src/eprocess. Every issue is plain data `{code, field, message}` built by a
 * named factory in {@link issues}, so messages share one voice and tests assert on codes
 * (vega-lite `log/message.ts`, zod error codes).
 */

/** Every error code src/eprocess can produce. */
export type EProcessErrorCode =
  | 'invalid_type' | 'unknown_field' | 'invalid_alpha' | 'invalid_alpha_split' | 'alpha_split_mismatch'
  | 'invalid_delta' | 'invalid_warmup' | 'invalid_horizon' | 'invalid_truncation' | 'invalid_strategy'
  | 'invalid_null_mean' | 'invalid_observation' | 'invalid_counts' | 'invalid_threshold'
  | 'invalid_grid' | 'invalid_evalue' | 'forged_snapshot' | 'invalid_step';

/** One coded problem: `code` for programs, `field` names the offending input, `message` for people. */
export interface EProcessIssue {
  readonly code: EProcessErrorCode;
  readonly field: string;
  readonly message: string;
}

const mk = (code: EProcessErrorCode, field: string, message: string): EProcessIssue => ({ code, field, message });
const show = (x: unknown): string => (typeof x === 'string' ? JSON.stringify(x) : String(x));

/** Named issue factories (one per code). */
export const issues = {
  invalidType: (field: string, value: unknown, expected: string) => mk('invalid_type', field, `invalid ${field}: ${show(value)} (expected ${expected})`),
  unknownField: (field: string) => mk('unknown_field', field, `unknown field: ${field}`),
  invalidAlpha: (value: unknown) => mk('invalid_alpha', 'alpha', `invalid alpha: ${show(value)} (expected 0 < alpha < 1)`),
  invalidAlphaSplit: (alarm: string, value: unknown) => mk('invalid_alpha_split', `alphaSplit.${alarm}`, `invalid alphaSplit.${alarm}: ${show(value)} (expected 0 < alpha_${alarm} < 1)`),
  alphaSplitMismatch: (sum: number, alpha: number) => mk('alpha_split_mismatch', 'alphaSplit', `invalid alphaSplit: A + B + C = ${sum} (expected to equal alpha = ${alpha})`),
  invalidDelta: (value: unknown) => mk('invalid_delta', 'delta', `invalid delta: ${show(value)} (expected 0 <= delta < 1)`),
  invalidWarmup: (value: unknown) => mk('invalid_warmup', 'warmupRound', `invalid warmupRound: ${show(value)} (expected an integer >= 1)`),
  invalidHorizon: (value: unknown) => mk('invalid_horizon', 'horizonRounds', `invalid horizonRounds: ${show(value)} (expected an integer >= 1)`),
  invalidTruncation: (value: unknown) => mk('invalid_truncation', 'truncation', `invalid truncation: ${show(value)} (expected 0 < c < 1)`),
  invalidStrategy: (value: unknown) => mk('invalid_strategy', 'strategy', `invalid strategy: ${show(value)} (expected one of plugin, agrapa, ons, grid, mixture)`),
  invalidNullMean: (value: unknown) => mk('invalid_null_mean', 'm', `invalid m: ${show(value)} (expected 0 <= m < 1)`),
  invalidObservation: (value: unknown) => mk('invalid_observation', 'y', `invalid observation: ${show(value)} (expected 0 <= y <= 1)`),
  invalidCounts: (field: string, value: unknown) => mk('invalid_counts', field, `invalid counts.${field}: ${show(value)} (expected a non-negative integer)`),
  invalidThreshold: (value: unknown) => mk('invalid_threshold', 'threshold', `invalid threshold: ${show(value)} (expected a finite number)`),
  invalidGrid: (value: unknown) => mk('invalid_grid', 'gridSize', `invalid gridSize: ${show(value)} (expected an integer >= 2)`),
  invalidEValue: (index: number, value: unknown) => mk('invalid_evalue', `logE[${index}]`, `invalid log e-value at ${index}: ${show(value)} (expected a number < +Infinity)`),
  forgedSnapshot: () => mk('forged_snapshot', 'snapshot', 'invalid snapshot: not created by eSnapshot (e-BH needs current values at one common time, never running maxima)'),
  invalidStep: (value: unknown) => mk('invalid_step', 'step', `invalid step: ${show(value)} (expected a finite number)`),
} as const;

/** Error thrown by src/eprocess functions on bad input; `.code` is the first issue's code. */
export class EProcessError extends Error {
  readonly code: EProcessErrorCode;
  readonly issues: readonly EProcessIssue[];
  constructor(list: readonly EProcessIssue[]) {
    super(list.map((i) => i.message).join('; '));
    this.name = 'EProcessError';
    this.code = list[0]?.code ?? 'invalid_type';
    this.issues = list;
  }
}

/** Error thrown by {@link design} when the design input is invalid; carries every issue found. */
export class DesignError extends EProcessError {
  constructor(list: readonly EProcessIssue[]) {
    super(list);
    this.name = 'DesignError';
  }
}

/** Throws an {@link EProcessError} carrying one issue. */
export function fail(issue: EProcessIssue): never {
  throw new EProcessError([issue]);
}
