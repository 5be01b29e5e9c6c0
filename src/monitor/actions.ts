/**
 * Alarm actions: the stop file, the per-run stop directory, the operator's command and the
 * webhook. Each (run, alarm, action) is delivered at most once across restarts: a delivery is
 * recorded in the {@link StateStore} after it succeeds, and skipped when already recorded. A crash
 * between success and record re-sends once on restart; the webhook's Idempotency-Key lets the
 * receiver drop that repeat, and sentinel writes are idempotent by content.
 */
import type { Rng } from '../rng.js';
import type { AlarmLine } from '../telemetry/schema.js';
import { runAlarmCommand } from './on-alarm.js';
import { writeStopDirSentinel, writeStopFile } from './stop-file.js';
import { deliveryId, type StateStore } from './store.js';
import { postAlarm, type WebhookOptions } from './webhook.js';

/** The configured actions (all optional). */
export interface ActionConfig {
  stopFile?: string;
  stopDir?: string;
  onAlarm?: string;
  webhook?: Omit<WebhookOptions, 'rng'>;
  /** Seeded Rng for webhook jitter. */
  rng: Rng;
  /** Base environment for `--on-alarm` (the CLI passes process.env). */
  env: Record<string, string | undefined>;
  /** Clock for sentinel timestamps. */
  now: () => Date;
}

/** One action outcome, for logs. */
export interface ActionOutcome {
  action: 'stop_file' | 'stop_dir' | 'on_alarm' | 'webhook';
  ok: boolean;
  detail: string;
}

/** The names of the actions a config enables. */
export function enabledActions(cfg: ActionConfig): Array<ActionOutcome['action']> {
  const a: Array<ActionOutcome['action']> = [];
  if (cfg.stopFile !== undefined) a.push('stop_file');
  if (cfg.stopDir !== undefined) a.push('stop_dir');
  if (cfg.onAlarm !== undefined) a.push('on_alarm');
  if (cfg.webhook !== undefined) a.push('webhook');
  return a;
}

async function perform(action: ActionOutcome['action'], alarm: AlarmLine, cfg: ActionConfig): Promise<ActionOutcome> {
  try {
    switch (action) {
      case 'stop_file':
        return { action, ok: true, detail: await writeStopFile(cfg.stopFile as string, alarm, cfg.now()) };
      case 'stop_dir':
        return { action, ok: true, detail: await writeStopDirSentinel(cfg.stopDir as string, alarm, cfg.now()) };
      case 'on_alarm': {
        const r = await runAlarmCommand(cfg.onAlarm as string, alarm, cfg.env);
        if (r.status === 'exited' && r.code === 0) return { action, ok: true, detail: 'exit 0' };
        const detail = r.status === 'exited' ? `exit ${r.code ?? r.signal}: ${r.stderr.trim()}` : r.status === 'timeout' ? 'timeout' : r.message;
        return { action, ok: false, detail };
      }
      case 'webhook': {
        const r = await postAlarm(alarm, { ...(cfg.webhook as Omit<WebhookOptions, 'rng'>), rng: cfg.rng });
        return r.ok
          ? { action, ok: true, detail: `HTTP ${r.status} after ${r.attempts} attempt(s)` }
          : { action, ok: false, detail: `${r.reason} after ${r.attempts} attempt(s)` };
      }
    }
  } catch (err) {
    return { action, ok: false, detail: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Runs every enabled action not yet delivered for this alarm, records each success.
 * @param alarm the alarm line. @param cfg the actions. @param store where deliveries are recorded.
 * @param delivered the delivered set loaded from the store (updated in place).
 * @returns one outcome per action attempted (delivered ones are skipped).
 * @example await deliverAlarm(alarm, cfg, store, snapshot.deliveries);
 */
export async function deliverAlarm(
  alarm: AlarmLine, cfg: ActionConfig, store: StateStore, delivered: Set<string>,
): Promise<ActionOutcome[]> {
  const name = String(alarm.alarm);
  const todo = enabledActions(cfg).filter((a) => !delivered.has(deliveryId(alarm.run, name, a)));
  for (const a of todo) delivered.add(deliveryId(alarm.run, name, a));
  const results = await Promise.all(todo.map(async (a) => {
    const r = await perform(a, alarm, cfg);
    if (r.ok) await store.markDelivered(alarm.run, name, a);
    else delivered.delete(deliveryId(alarm.run, name, a));
    return r;
  }));
  return results;
}
