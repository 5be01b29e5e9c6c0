/**
 * Coded analysis errors (style.md item 6): every failure is data `{code, message}` built by a
 * named factory, so tests assert on `code` and messages keep one voice.
 */

/** The codes an analysis function can throw. */
export type AnalysisErrorCode =
  | 'invalid_counts'
  | 'invalid_alpha'
  | 'invalid_probability'
  | 'invalid_argument'
  | 'invalid_epsilon'
  | 'invalid_value'
  | 'empty_input'
  | 'missing_column'
  | 'missing_tables'
  | 'duplicate_ids'
  | 'io_error';

/** A coded analysis error (thrown as an `Error` carrying `code`). */
export interface AnalysisError extends Error {
  readonly code: AnalysisErrorCode;
}

function make(code: AnalysisErrorCode, message: string): AnalysisError {
  const err = new Error(message) as Error & { code: AnalysisErrorCode };
  err.name = 'AnalysisError';
  err.code = code;
  return err;
}

/** Named factories, one per code. */
export const analysisErrors = {
  invalidCounts: (what: string, got: unknown, expected = 'a non-negative integer') =>
    make('invalid_counts', `invalid ${what}: ${String(got)} (expected ${expected})`),
  invalidAlpha: (got: unknown, expected = '0 < alpha < 1') => make('invalid_alpha', `invalid alpha: ${String(got)} (expected ${expected})`),
  invalidProbability: (what: string, got: unknown) =>
    make('invalid_probability', `invalid ${what}: ${String(got)} (expected 0 <= p <= 1)`),
  invalidArgument: (what: string, got: unknown, expected: string) =>
    make('invalid_argument', `invalid ${what}: ${String(got)} (expected ${expected})`),
  invalidEpsilon: (got: unknown) =>
    make('invalid_epsilon', `invalid equivalence margin: ${String(got)} (expected 0 < epsilon < 1)`),
  invalidValue: (table: string, row: number, column: string, got: unknown, expected: string) =>
    make('invalid_value', `table ${table}, row ${row}, column ${column}: invalid value ${typeof got === 'string' ? JSON.stringify(got) : String(got)} (expected ${expected})`),
  emptyInput: (what: string) => make('empty_input', `empty input: ${what} (expected at least one row)`),
  missingColumn: (table: string, column: string) =>
    make('missing_column', `table ${table}: missing column ${column} (see docs/results-schema.md)`),
  missingTables: (dir: string) =>
    make('missing_tables', `no results tables in ${dir} (expected stage_results, episodes, detector_runs or baseline_alarms as .parquet, or results.duckdb)`),
  duplicateIds: (table: string, key: string, distinct: number, example: string, times: number) =>
    make('duplicate_ids', `table ${table}: ${distinct} ${key} value${distinct === 1 ? '' : 's'} occur more than once (e.g. ${example}, ${times} times); each episode must be scored once, or analyze would count it twice (tbdl score keeps the first of repeated episode ids)`),
  ioError: (path: string, detail: string) => make('io_error', `cannot read or write ${path}: ${detail}`),
} as const;

/** Throws `invalid_alpha` unless 0 < alpha < 1. */
export function checkAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha < 1)) throw analysisErrors.invalidAlpha(alpha);
}

/** Throws `invalid_counts` unless `k` and `n` are integers with 0 <= k <= n. */
export function checkCounts(k: number, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw analysisErrors.invalidCounts('n', n);
  if (!Number.isInteger(k) || k < 0 || k > n) throw analysisErrors.invalidCounts('k', k, `an integer in [0, ${n}]`);
}
