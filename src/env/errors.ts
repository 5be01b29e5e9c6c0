/**
 * Coded errors of the environment (src/env). A tool call that cannot be honoured is not thrown:
 * it comes back to the agent as `{ok: false, error: {code, message}}` and is recorded; only a bad
 * episode specification (unknown ticket, bad seed) throws an {@link EnvError}.
 */

/** The codes a tool call or an episode specification can fail with. */
export type EnvErrorCode =
  | 'invalid_args' | 'unknown_tool' | 'precondition' | 'finished' | 'budget_exhausted'
  | 'unknown_ticket' | 'invalid_spec' | 'unknown_policy';

/** A tool error as the agent sees it. */
export interface ToolError {
  code: EnvErrorCode;
  message: string;
}

/** A thrown environment error (bad specification, not a bad tool call). */
export class EnvError extends Error {
  /** @param code the error code; @param message one sentence naming the field and what was expected. */
  constructor(readonly code: EnvErrorCode, message: string) {
    super(message);
    this.name = 'EnvError';
  }
}

/** Named factories, one voice: what was wrong and what was expected. */
export const envErrors = {
  /** Arguments that fail the tool's zod schema; `issues` are `path: message` strings. */
  invalidArgs: (tool: string, issues: readonly string[]): ToolError =>
    ({ code: 'invalid_args', message: `invalid arguments to ${tool}: ${issues.join('; ')}` }),
  unknownTool: (tool: string, known: readonly string[]): ToolError =>
    ({ code: 'unknown_tool', message: `unknown tool: ${JSON.stringify(tool)} (expected one of ${known.join(', ')})` }),
  /** A call made in the wrong state, e.g. `launch_training before submit_config`. */
  precondition: (tool: string, why: string): ToolError => ({ code: 'precondition', message: `${tool}: ${why}` }),
  finished: (tool: string): ToolError => ({ code: 'finished', message: `${tool}: the episode is finished (expected no calls after finish)` }),
  budgetExhausted: (tool: string, max: number): ToolError =>
    ({ code: 'budget_exhausted', message: `${tool}: tool-call budget of ${max} exhausted (only finish is accepted)` }),
  unknownTicket: (id: string, known: readonly string[]): EnvError =>
    new EnvError('unknown_ticket', `unknown ticket: ${JSON.stringify(id)} (expected one of ${known.join(', ')})`),
  invalidSpec: (field: string, got: unknown, expected: string): EnvError =>
    new EnvError('invalid_spec', `invalid episode ${field}: ${JSON.stringify(got)} (expected ${expected})`),
  unknownPolicy: (name: string, known: readonly string[]): EnvError =>
    new EnvError('unknown_policy', `unknown policy: ${JSON.stringify(name)} (expected one of ${known.join(', ')})`),
} as const;
