/**
 * Safe names derived from untrusted run ids. Run ids come from telemetry (any string up to 256
 * characters: `../../x`, `$(touch pwned)`, newlines); they must never reach a path, a shell or a
 * URL unescaped. A file name is a sanitized slug plus a SHA-256 prefix of the exact id, so two
 * ids that sanitize alike still get different files, and no name can climb out of its directory.
 */
import { createHash } from 'node:crypto';

/** Hex SHA-256 of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * A file name for a run's sentinel: `<slug>-<sha256[0:16]>.json`, where the slug keeps only
 * `[A-Za-z0-9_-]` (other characters become `_`, at most 48 kept). Never contains `/`, `\`, `..`
 * or a leading dot; never empty.
 * @param runId the untrusted run id (any string).
 * @returns a file name safe to join onto a directory.
 * @example safeRunFileName('../../x') // '______x-<16 hex>.json'
 */
export function safeRunFileName(runId: string): string {
  const slug = runId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 48) || 'run';
  return `${slug}-${sha256Hex(runId).slice(0, 16)}.json`;
}

/**
 * The idempotency key of one alarm of one run: hex SHA-256 of the JSON array `[run, alarm]`
 * (JSON framing, so `("a","b:c")` and `("a:b","c")` differ). Stable across restarts and hosts.
 * @param runId the run id. @param alarm the alarm name (`worse_than_base` | `not_learned` | `collapse`).
 * @example alarmKey('r1', 'collapse').length // 64
 */
export function alarmKey(runId: string, alarm: string): string {
  return sha256Hex(JSON.stringify([runId, alarm]));
}

/**
 * Makes an untrusted string safe as an environment-variable value: NUL (which the OS cannot
 * carry) becomes U+FFFD; everything else is passed verbatim (env values are never parsed by a shell
 * unless the operator's command expands them unquoted, which is the operator's choice).
 */
export function envSafe(value: string): string {
  return value.includes('\0') ? value.replace(/\0/g, '\uFFFD') : value;
}
