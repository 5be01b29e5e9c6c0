/**
 * Coded detector errors (style.md item 6): every failure is data `{code, message}` built by a
 * named factory, so tests assert on `code` and messages keep one voice.
 */

/** The codes a detector function can throw. */
export type DetectorErrorCode =
  | 'invalid_counts'
  | 'invalid_delta'
  | 'invalid_alpha'
  | 'invalid_sampler'
  | 'invalid_cost'
  | 'run_mismatch'
  | 'missing_run'
  | 'invalid_design';

/** A coded detector error (thrown as an `Error` carrying `code`). */
export interface DetectorError extends Error {
  readonly code: DetectorErrorCode;
}

function make(code: DetectorErrorCode, message: string): DetectorError {
  const err = new Error(message) as Error & { code: DetectorErrorCode };
  err.name = 'DetectorError';
  err.code = code;
  return err;
}

/** Named factories, one per code. */
export const detectorErrors = {
  invalidCounts: (what: string, got: unknown) =>
    make('invalid_counts', `invalid ${what}: ${String(got)} (expected a non-negative integer)`),
  invalidDelta: (got: unknown) =>
    make('invalid_delta', `invalid margin: ${String(got)} (expected 0 <= delta < 1)`),
  invalidAlpha: (got: unknown, expected = '0 < alpha < 1') =>
    make('invalid_alpha', `invalid alpha: ${String(got)} (expected ${expected})`),
  invalidSampler: (field: string, got: unknown, expected: string) =>
    make('invalid_sampler', `invalid sampler ${field}: ${String(got)} (expected ${expected})`),
  invalidCost: (field: string, got: unknown, expected: string) =>
    make('invalid_cost', `invalid cost ${field}: ${String(got)} (expected ${expected})`),
  runMismatch: (expected: string, got: string) =>
    make('run_mismatch', `event for run ${JSON.stringify(got)} given to the detector of run ${JSON.stringify(expected)}`),
  missingRun: () => make('missing_run', 'detector needs the run event (type "run") to start'),
  invalidDesign: (detail: string) => make('invalid_design', `invalid design: ${detail}`),
} as const;

/** True when `e` is a coded detector error. */
export function isDetectorError(e: unknown): e is DetectorError {
  return e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && e.name === 'DetectorError';
}
