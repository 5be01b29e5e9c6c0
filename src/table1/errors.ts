/**
 * Coded Table 1 errors (style.md item 6): data `{code, message}` from named factories.
 */

/** The codes a Table 1 function can throw. */
export type Table1ErrorCode = 'missing_run_event' | 'no_runs';

/** A coded Table 1 error (thrown as an `Error` carrying `code`). */
export interface Table1Error extends Error {
  readonly code: Table1ErrorCode;
}

function make(code: Table1ErrorCode, message: string): Table1Error {
  const err = new Error(message) as Error & { code: Table1ErrorCode };
  err.name = 'Table1Error';
  err.code = code;
  return err;
}

/** Named factories, one per code. */
export const table1Errors = {
  missingRunEvent: (where: string) =>
    make('missing_run_event', `${where}: a run's first event must be its run event (type "run")`),
  noRuns: () => make('no_runs', 'no runs to tabulate (no file held a run event)'),
} as const;
