/**
 * Coded ingestion issues (style.md #6): every rejected line, corrupt record or unreadable file is
 * data with a stable `code`, a message from a named factory in one voice, and where it happened
 * (file, line, field). Tests assert on codes; the monitor prints `message` as the `reason`.
 */

/** Every issue code the telemetry input layer can report. */
export type IngestIssueCode =
  | 'line_too_long'
  | 'invalid_json'
  | 'not_an_object'
  | 'unsupported_version'
  | 'invalid_event'
  | 'invalid_value'
  | 'corrupt_record'
  | 'truncated_record'
  | 'invalid_format'
  | 'unreadable_input'
  | 'invalid_option';

/** One issue: stable code, human message, and its location when known. */
export interface IngestIssue {
  code: IngestIssueCode;
  message: string;
  file?: string;
  /** 1-based line number (text formats) or record index (TFRecord, 0-based byte offset in `offset`). */
  line?: number;
  /** Byte offset for binary formats. */
  offset?: number;
  /** Field path such as `probe.items[3].model` or a metric key. */
  field?: string;
}

/** An Error carrying an {@link IngestIssue} (the throwing twin; readers throw it for unreadable files and bad options). */
export class IngestFailure extends Error {
  /** The stable issue code. */
  readonly code: IngestIssueCode;
  /** The coded issue. */
  readonly issue: IngestIssue;
  constructor(issue: IngestIssue) {
    super(issue.message);
    this.code = issue.code;
    this.issue = issue;
    this.name = 'IngestFailure';
  }
}

const MAX_SNIPPET = 120;
/** Shorten untrusted text that is quoted inside a message. */
export function snippet(text: string, max = MAX_SNIPPET): string {
  return text.length <= max ? text : `${text.slice(0, max)}...`;
}

type Loc = { file?: string | undefined; line?: number | undefined; offset?: number | undefined };
function at(issue: IngestIssue, loc: Loc): IngestIssue {
  if (loc.file !== undefined) issue.file = loc.file;
  if (loc.line !== undefined) issue.line = loc.line;
  if (loc.offset !== undefined) issue.offset = loc.offset;
  return issue;
}

/** Named factories for ingestion issues (one voice: `what: value (expected ...)`). */
export const ingestIssues = {
  /** A line longer than the limit; it was not parsed. */
  lineTooLong: (bytes: number, max: number, loc: Loc = {}): IngestIssue =>
    at({ code: 'line_too_long', message: `line too long: ${bytes} bytes (max ${max})` }, loc),
  /** `JSON.parse` failed. */
  invalidJson: (detail: string, loc: Loc = {}): IngestIssue =>
    at({ code: 'invalid_json', message: `invalid JSON: ${snippet(detail)}` }, loc),
  /** Valid JSON but not an object. */
  notAnObject: (got: string, loc: Loc = {}): IngestIssue =>
    at({ code: 'not_an_object', message: `expected a JSON object, got ${got}` }, loc),
  /** `v` is missing or not 1. */
  unsupportedVersion: (got: unknown, loc: Loc = {}): IngestIssue =>
    at({
      code: 'unsupported_version',
      message: got === undefined ? 'v: missing (expected 1)' : `v: ${snippet(JSON.stringify(got) ?? String(got), 40)} (expected 1)`,
      field: 'v',
    }, loc),
  /** A schema violation at a field path. */
  invalidEvent: (field: string, what: string, loc: Loc = {}): IngestIssue =>
    at({ code: 'invalid_event', message: `${field}: ${what}`, field }, loc),
  /** A value in a trainer log that is not a usable number. */
  invalidValue: (field: string, raw: string, expected: string, loc: Loc = {}): IngestIssue =>
    at({ code: 'invalid_value', message: `${field}: ${snippet(raw, 60)} (expected ${expected})`, field }, loc),
  /** A binary record whose checksum does not match. */
  corruptRecord: (what: string, loc: Loc = {}): IngestIssue =>
    at({ code: 'corrupt_record', message: `corrupt record: ${what}` }, loc),
  /** A binary record cut short (file still being written, or truncated). */
  truncatedRecord: (need: number, have: number, loc: Loc = {}): IngestIssue =>
    at({ code: 'truncated_record', message: `truncated record: need ${need} bytes, have ${have}` }, loc),
  /** The content is not in the expected trainer-log format. */
  invalidFormat: (what: string, loc: Loc = {}): IngestIssue =>
    at({ code: 'invalid_format', message: `invalid format: ${what}` }, loc),
  /** A reader or parser option is out of range, e.g. `invalid maxLineBytes: 0 (expected an integer in [1, 1073741824])`. */
  invalidOption: (option: string, value: unknown, expected: string): IngestIssue =>
    ({ code: 'invalid_option', message: `invalid ${option}: ${snippet(String(value), 40)} (expected ${expected})` }),
  /** A file or stream could not be opened or read. */
  unreadableInput: (source: string, reason: string): IngestIssue =>
    ({ code: 'unreadable_input', message: `unreadable input: ${source} (${reason})`, file: source }),
};

/**
 * Check an integer option; throws the coded failure when out of range.
 * @param option - option name for the message.
 * @param value - the value given.
 * @param min - smallest allowed.
 * @param max - largest allowed.
 * @returns the value.
 * @throws {IngestFailure} code `invalid_option`.
 */
export function checkIntOption(option: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new IngestFailure(ingestIssues.invalidOption(option, value, `an integer in [${min}, ${max}]`));
  }
  return value;
}
