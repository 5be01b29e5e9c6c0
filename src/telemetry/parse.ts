/**
 * One telemetry line in, one decision out: an event, a rejection with its reason, or an unknown
 * event type to count and skip (docs/protocol.md). The kernel of ingestion; never throws on input.
 */
import type { z } from 'zod';
import {
  runEventSchema, trainEventSchema, probeEventSchema, evalEventSchema, endEventSchema,
} from './schema.js';
import type { TelemetryEvent, RejectedLine } from './schema.js';
import { ingestIssues, type IngestIssue } from './errors.js';
import { describeIssue, formatPath } from './issue-path.js';
import { fastAccept } from './fast-accept.js';
import type { RawLine } from './lines.js';

/** Default maximum line size: 1 MiB (UTF-8 bytes, newline excluded). */
export const DEFAULT_MAX_LINE_BYTES = 1 << 20;
/** Unknown `type` strings are cut to this many characters before being reported (bounded counters). */
export const MAX_TYPE_CHARS = 64;

/** Options of {@link parseLine}. */
export interface ParseOptions {
  /** Largest accepted line in UTF-8 bytes, 1..2^30; default {@link DEFAULT_MAX_LINE_BYTES}. */
  maxLineBytes?: number;
}

/** A rejected line: the protocol's `rejected` output line plus the issue code. */
export type Rejection = RejectedLine & { code: IngestIssue['code']; field?: string };

/** The outcome of parsing one line. */
export type ParseResult =
  | { kind: 'event'; event: TelemetryEvent }
  | { kind: 'rejected'; rejected: Rejection }
  | { kind: 'unknown_type'; type: string };

const SCHEMAS: Record<string, z.ZodType<TelemetryEvent>> = {
  run: runEventSchema, train: trainEventSchema, probe: probeEventSchema,
  eval: evalEventSchema, end: endEventSchema,
};

/** Turn an issue into the protocol's `rejected` line. */
export function rejection(issue: IngestIssue, lineNo: number, file?: string): Rejection {
  const out: Rejection = { type: 'rejected', line: lineNo, reason: issue.message, code: issue.code };
  if (file !== undefined) out.file = file;
  if (issue.field !== undefined) out.field = issue.field;
  return out;
}

/**
 * Parse and validate one JSONL telemetry line against protocol v1.
 *
 * Order of checks: size (before parsing, bytes > maxLineBytes), JSON syntax, object shape,
 * `v === 1`, `type` (unknown types are not rejections), then the zod schema of that type (hot
 * types first try a zod-equivalent fast check, see fast-accept.ts); the first failing check decides. Reasons follow docs/protocol.md: `probe.items[3].model: expected boolean`.
 * @param text - the line without its newline (a trailing `\r` is tolerated by JSON.parse).
 * @param lineNo - 1-based line number, echoed in the rejection.
 * @param file - optional source name, echoed in the rejection.
 * @param options - {@link ParseOptions}.
 * @returns a {@link ParseResult}; never throws on any input string (a non-positive or non-numeric
 *   maxLineBytes rejects every line rather than throwing).
 * @example parseLine('{"v":1,"type":"end","run":"r","step":3,"status":"completed"}', 1).kind // 'event'
 */
export function parseLine(text: string, lineNo: number, file?: string, options?: ParseOptions): ParseResult {
  const max = options?.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  // Each UTF-16 unit is at least 1 and at most 3 UTF-8 bytes: skip the exact count when safe.
  if (text.length * 3 > max) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > max) return reject(ingestIssues.lineTooLong(bytes, max, { file, line: lineNo }), lineNo, file);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return reject(ingestIssues.invalidJson(err instanceof Error ? err.message : String(err), { file, line: lineNo }), lineNo, file);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    return reject(ingestIssues.notAnObject(got, { file, line: lineNo }), lineNo, file);
  }
  const obj = value as Record<string, unknown>;
  if (obj.v !== 1) return reject(ingestIssues.unsupportedVersion(obj.v, { file, line: lineNo }), lineNo, file);
  const type = obj.type;
  if (typeof type !== 'string') {
    const what = type === undefined ? 'missing (expected string)' : 'expected string';
    return reject(ingestIssues.invalidEvent('type', what, { file, line: lineNo }), lineNo, file);
  }
  const schema = Object.hasOwn(SCHEMAS, type) ? SCHEMAS[type] : undefined;
  if (schema === undefined) return { kind: 'unknown_type', type: type.slice(0, MAX_TYPE_CHARS) };
  const fast = fastAccept(type, obj);
  if (fast !== undefined) return { kind: 'event', event: fast };
  return validateSlow(schema, type, obj, lineNo, file);
}

/** The zod path: the accepted event, or the rejection naming the first failing field. */
function validateSlow(schema: z.ZodType<TelemetryEvent>, type: string, obj: Record<string, unknown>, lineNo: number, file: string | undefined): ParseResult {
  const loc = { file, line: lineNo };
  const parsed = schema.safeParse(obj);
  if (parsed.success) return { kind: 'event', event: parsed.data };
  const issue = parsed.error.issues[0];
  if (issue === undefined) return reject(ingestIssues.invalidEvent(type, 'invalid event', loc), lineNo, file);
  return reject(ingestIssues.invalidEvent(formatPath(type, issue.path), describeIssue(issue, obj), loc), lineNo, file);
}

function reject(issue: IngestIssue, lineNo: number, file: string | undefined): ParseResult {
  return { kind: 'rejected', rejected: rejection(issue, lineNo, file) };
}

/**
 * Parse a line produced by a reader: a line the reader cut for size is rejected without parsing.
 * @param raw - a {@link RawLine} from readStream/readFile/followFile/readDirectory.
 * @param options - {@link ParseOptions} for lines the reader kept.
 * @returns a {@link ParseResult}; never throws.
 * @example for await (const l of readFile('run.jsonl')) handle(parseRawLine(l));
 */
export function parseRawLine(raw: RawLine, options?: ParseOptions): ParseResult {
  if (raw.oversize !== undefined) {
    const { bytes, max } = raw.oversize;
    return reject(ingestIssues.lineTooLong(bytes, max, { file: raw.file, line: raw.lineNo }), raw.lineNo, raw.file);
  }
  return parseLine(raw.text, raw.lineNo, raw.file, options);
}
