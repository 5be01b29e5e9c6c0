/**
 * Coded simulator errors (style.md item 6): every failure is data `{code, message}` built by a
 * named factory, so tests assert on `code` and messages keep one voice.
 */

/** The codes a simulator function can throw. */
export type SimErrorCode = 'invalid_sim_param' | 'unknown_base' | 'unknown_arm';

/** A coded simulator error (thrown as an `Error` carrying `code`). */
export interface SimError extends Error {
  readonly code: SimErrorCode;
}

function make(code: SimErrorCode, message: string): SimError {
  const err = new Error(message) as Error & { code: SimErrorCode };
  err.name = 'SimError';
  err.code = code;
  return err;
}

/** Named factories, one per code. */
export const simErrors = {
  invalidParam: (field: string, got: unknown, expected: string) =>
    make('invalid_sim_param', `invalid simulation ${field}: ${String(got)} (expected ${expected})`),
  unknownBase: (got: string, known: readonly string[]) =>
    make('unknown_base', `unknown base: ${JSON.stringify(got)} (expected one of ${known.join(', ')})`),
  unknownArm: (got: string, known: readonly string[]) =>
    make('unknown_arm', `unknown arm: ${JSON.stringify(got)} (expected one of ${known.join(', ')})`),
} as const;

/** True when `e` is a coded simulator error. */
export function isSimError(e: unknown): e is SimError {
  return e instanceof Error && e.name === 'SimError' && typeof (e as { code?: unknown }).code === 'string';
}
