/**
 * Coded monitor errors (style.md #6): every failure is data with a stable `code` and a message
 * from a named factory, in one voice. Tests assert on codes, never on message text.
 */

/** Every error code the monitor can raise. */
export type MonitorErrorCode =
  | 'invalid_option'
  | 'unreadable_input'
  | 'state_store_failed'
  | 'webhook_failed'
  | 'action_failed';

/** A monitor error: a stable code, a human message and optional context. */
export interface MonitorError {
  code: MonitorErrorCode;
  message: string;
}

/** An Error that carries a {@link MonitorError} (the throwing twin of the coded data). */
export class MonitorFailure extends Error {
  /** The stable error code. */
  readonly code: MonitorErrorCode;
  constructor(err: MonitorError) {
    super(err.message);
    this.code = err.code;
    this.name = 'MonitorFailure';
  }
}

/** Named factories for monitor errors (one voice: `what: value (expected ...)`). */
export const monitorErrors = {
  /** An option value is out of range, e.g. `invalid --alpha: 1.2 (expected 0 < alpha < 1)`. */
  invalidOption: (option: string, value: unknown, expected: string): MonitorError => ({
    code: 'invalid_option',
    message: `invalid ${option}: ${JSON.stringify(value)} (expected ${expected})`,
  }),
  /** An input source could not be opened or read. */
  unreadableInput: (source: string, reason: string): MonitorError => ({
    code: 'unreadable_input',
    message: `unreadable input: ${source} (${reason})`,
  }),
  /** The `--state` store could not be opened, read or written. */
  stateStoreFailed: (path: string, reason: string): MonitorError => ({
    code: 'state_store_failed',
    message: `state store failed: ${path} (${reason})`,
  }),
  /** A webhook gave up after its retries. */
  webhookFailed: (attempts: number, reason: string): MonitorError => ({
    code: 'webhook_failed',
    message: `webhook failed after ${attempts} attempts (${reason})`,
  }),
  /** An alarm action (stop file, command) failed. */
  actionFailed: (action: string, reason: string): MonitorError => ({
    code: 'action_failed',
    message: `action failed: ${action} (${reason})`,
  }),
} as const;
