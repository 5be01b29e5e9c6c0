/**
 * Alarm actions across consumers: each (run, alarm, action) is claimed in KV before it is
 * performed and marked done after it succeeds, with the webhook's Idempotency-Key unchanged
 * (sha256 of [run, alarm], the same from every consumer).
 *
 * Ordering and what it guarantees:
 * 1. The alarm is latched in the run's record, committed by CAS, before any action. Only one CAS
 *    per record revision succeeds, so one consumer decides each alarm, once.
 * 2. Claim: `create sent.<hash>` = {state: claimed, owner}. Only the claimant performs the action.
 * 3. After success: `update` to {state: done} at the claim's revision.
 * A new owner of the partition (takeover) delivers every committed alarm whose record is missing,
 * or claimed by another consumer and not done: it re-claims at that revision (marked `resent`) and
 * performs the action again. So every committed alarm is delivered at least once, and it is sent
 * twice only when a consumer died (or lost its lease while paused) between performing the action and
 * recording it done; that repeat carries the same Idempotency-Key and is flagged `resent` in KV.
 */
import type { KV } from 'nats';
import { deliverAlarm, enabledActions, type ActionConfig, type ActionOutcome } from '../monitor/actions.js';
import { deliveryId, type StateStore } from '../monitor/store.js';
import type { AlarmLine } from '../telemetry/schema.js';
import { sentKey } from './partition.js';
import { casWrite, isConflict, readKey, type SentRecord } from './records.js';

/**
 * Claims and performs the enabled actions of one committed alarm that are not done yet.
 * @param takeover whether this alarm was restored from KV (claims of other consumers are taken over).
 * @returns the outcomes of the actions performed here.
 */
export async function deliverFleetAlarm(kv: KV, owner: string, alarm: AlarmLine, cfg: ActionConfig, takeover: boolean): Promise<ActionOutcome[]> {
  const name = String(alarm.alarm);
  const skip = new Set<string>();
  const claims = new Map<string, { key: string; revision: number; resent: boolean }>();
  for (const action of enabledActions(cfg)) {
    const key = sentKey(alarm.run, name, action);
    const cur = await readKey<SentRecord>(kv, key);
    const mine = cur.value !== null && cur.value.owner === owner;
    const open = cur.value === null || (cur.value.state === 'claimed' && (mine || takeover));
    if (!open) { skip.add(deliveryId(alarm.run, name, action)); continue; }
    const resent = cur.value !== null && !mine;
    const rec: SentRecord = { run: alarm.run, alarm: name, action, state: 'claimed', owner, ...(resent ? { resent } : {}) };
    try {
      claims.set(action, { key, revision: await casWrite(kv, key, rec, cur.revision), resent });
    } catch (err) {
      if (!isConflict(err)) throw err;
      skip.add(deliveryId(alarm.run, name, action)); // another consumer claimed it first
    }
  }
  if (claims.size === 0) return [];
  const store: Pick<StateStore, 'markDelivered'> = {
    markDelivered: async (run, n, action) => {
      const c = claims.get(action);
      if (c === undefined) return;
      const rec: SentRecord = { run, alarm: n, action, state: 'done', owner, ...(c.resent ? { resent: true } : {}) };
      await casWrite(kv, c.key, rec, c.revision).catch(() => undefined);
    },
  };
  return deliverAlarm(alarm, cfg, store as StateStore, skip);
}
