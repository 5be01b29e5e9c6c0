/**
 * Coded errors of the oracle (style.md #6): data from named factories with one voice.
 * Schema failures name the path (`artifacts.config.steps`) and, when known, the file and line.
 */

/** An oracle error code. */
export type OracleIssueCode = 'invalid_episode' | 'invalid_ticket' | 'invalid_json' | 'invalid_argument' | 'unknown_profile';

/** One coded issue. */
export interface OracleIssue {
  code: OracleIssueCode;
  /** Dotted path of the offending field ('' for the whole value). */
  path: string;
  message: string;
  file?: string;
  line?: number;
}

/** Where an input came from (for messages). */
export interface Origin { file?: string; line?: number }

function where(o: Origin): string {
  if (o.file === undefined) return o.line === undefined ? '' : `line ${o.line}: `;
  return o.line === undefined ? `${o.file}: ` : `${o.file}:${o.line}: `;
}

function withOrigin(issue: OracleIssue, o: Origin): OracleIssue {
  if (o.file !== undefined) issue.file = o.file;
  if (o.line !== undefined) issue.line = o.line;
  return issue;
}

/** A schema failure at `path`, e.g. `invalid episode at artifacts.config.steps: expected integer`. */
export function invalidEpisode(path: string, detail: string, o: Origin = {}): OracleIssue {
  return withOrigin({ code: 'invalid_episode', path, message: `${where(o)}invalid episode at ${path || '(root)'}: ${detail}` }, o);
}

/** A ticket schema failure at `path`. */
export function invalidTicket(path: string, detail: string, o: Origin = {}): OracleIssue {
  return withOrigin({ code: 'invalid_ticket', path, message: `${where(o)}invalid ticket at ${path || '(root)'}: ${detail}` }, o);
}

/** A line that is not JSON. */
export function invalidJson(detail: string, o: Origin = {}): OracleIssue {
  return withOrigin({ code: 'invalid_json', path: '', message: `${where(o)}invalid JSON: ${detail}` }, o);
}

/** A bad argument to a library function, e.g. `invalid seeds: 0 (expected an integer >= 1)`. */
export function invalidArgument(name: string, value: unknown, expected: string): OracleIssue {
  return { code: 'invalid_argument', path: name, message: `invalid ${name}: ${String(value)} (expected ${expected})` };
}

/** An unknown scripted-agent profile name. */
export function unknownProfile(name: string, known: readonly string[]): OracleIssue {
  return { code: 'unknown_profile', path: 'agent', message: `unknown agent profile: ${name} (expected one of ${known.join(', ')})` };
}

/** The thrown form of an {@link OracleIssue} (the thin twin of a safe result). */
export class OracleError extends Error {
  readonly issues: readonly OracleIssue[];
  constructor(issues: readonly OracleIssue[]) {
    super(issues.map((i) => i.message).join('\n'));
    this.name = 'OracleError';
    this.issues = issues;
  }
}
