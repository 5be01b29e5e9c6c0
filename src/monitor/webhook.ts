/**
 * `--webhook URL`: POSTs an alarm as JSON with retries, exponential backoff with seeded jitter
 * and an `Idempotency-Key` header (hex SHA-256 of `[run, alarm]`, see {@link alarmKey}), so a
 * receiver that honours the key accepts each (run, alarm) once even when a crash makes the
 * monitor send it again. The URL is the operator's; telemetry never enters it.
 *
 * Backoff ("exponential backoff with jitter", AWS Architecture Blog, 2015, the "equal jitter"
 * variant): before retry k (k = 1, 2, ...) wait d_k = min(maxDelay, baseDelay * 2^(k-1)) *
 * (1/2 + u/2), u ~ U[0,1) from the injected seeded Rng.
 *
 * Redirects are followed only within the URL's origin (scheme, host and port), at most 5 hops,
 * re-POSTing the same body: a redirect to another origin is refused (not retried), so the alarm
 * body and its key never leave for a host the operator did not name.
 */
import type { Rng } from '../rng.js';
import type { AlarmLine } from '../telemetry/schema.js';
import { alarmKey } from './safe-name.js';

/** Webhook delivery settings. */
export interface WebhookOptions {
  /** The endpoint (http: or https:). */
  url: string;
  /** Total attempts, 1..20 (default 5). */
  attempts?: number;
  /** First backoff in ms, >= 0 (default 200). */
  baseDelayMs?: number;
  /** Backoff cap in ms (default 10 000). */
  maxDelayMs?: number;
  /** Per-attempt timeout in ms (default 10 000). */
  timeoutMs?: number;
  /** Seeded Rng for the jitter. */
  rng: Rng;
  /** Injected sleep (tests); defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

/** The outcome of one delivery: delivered with the final status, or given up. */
export type WebhookResult =
  | { ok: true; status: number; attempts: number; key: string }
  | { ok: false; attempts: number; key: string; reason: string };

/** The backoff before retry k >= 1 (ms), equal jitter from `u` in [0, 1). */
export function backoffDelay(k: number, baseDelayMs: number, maxDelayMs: number, u: number): number {
  const cap = Math.min(maxDelayMs, baseDelayMs * 2 ** (k - 1));
  return cap * (0.5 + 0.5 * u);
}

/** The most redirects followed within the origin. */
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Whether an HTTP status is worth retrying (408, 425, 429 and 5xx). */
export function retryable(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/**
 * POSTs the alarm line; retries network errors and retryable statuses, never throws.
 * @param alarm the alarm line (the body, as JSON). @param opts see {@link WebhookOptions}.
 * @returns `{ok:true,status,attempts,key}` on a 2xx, else `{ok:false,attempts,key,reason}`.
 * @example await postAlarm(alarm, { url: 'http://127.0.0.1:8080/hook', rng: createRng(1) });
 */
export async function postAlarm(alarm: AlarmLine, opts: WebhookOptions): Promise<WebhookResult> {
  const attempts = Math.max(1, Math.min(20, opts.attempts ?? 5));
  const base = opts.baseDelayMs ?? 200;
  const max = opts.maxDelayMs ?? 10_000;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const key = alarmKey(alarm.run, String(alarm.alarm));
  const body = JSON.stringify(alarm);
  let reason = 'not attempted';
  for (let i = 1; i <= attempts; i++) {
    if (i > 1) await sleep(backoffDelay(i - 1, base, max, opts.rng.next()));
    try {
      const signal = AbortSignal.timeout(opts.timeoutMs ?? 10_000);
      const origin = new URL(opts.url).origin;
      let url = opts.url;
      let res: Response;
      for (let hop = 0; ; hop++) {
        res = await fetch(url, {
          method: 'POST', redirect: 'manual', signal, body,
          headers: { 'content-type': 'application/json', 'idempotency-key': key },
        });
        await res.arrayBuffer().catch(() => undefined);
        if (!REDIRECTS.has(res.status)) break;
        const location = res.headers.get('location');
        if (location === null) break;
        const next = new URL(location, url);
        if (next.origin !== origin) {
          return { ok: false, attempts: i, key, reason: `HTTP ${res.status} redirect to another origin refused: ${next.origin} (the webhook follows redirects only within ${origin})` };
        }
        if (hop >= MAX_REDIRECTS) return { ok: false, attempts: i, key, reason: `more than ${MAX_REDIRECTS} redirects` };
        url = next.href;
      }
      if (res.ok) return { ok: true, status: res.status, attempts: i, key };
      reason = `HTTP ${res.status}`;
      if (!retryable(res.status)) return { ok: false, attempts: i, key, reason };
    } catch (err) {
      reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
  }
  return { ok: false, attempts, key, reason };
}
