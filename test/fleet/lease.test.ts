/**
 * Leases on a real nats-server, with injected clocks (no timing): one owner per partition at a
 * time, fair share after a join, takeover exactly one lease TTL after the contender last saw the
 * lease move, and a paused owner fenced off by the revision check (its renew and its writes fail).
 */
import { describe, expect, it } from 'vitest';
import { openFleet } from '../../src/fleet/engine.js';
import { Leases } from '../../src/fleet/lease.js';
import { casWrite, isConflict, readKey } from '../../src/fleet/records.js';
import { natsForTest } from './helpers.js';

const disjoint = (a: number[], b: number[]) => a.every((p) => !b.includes(p));

describe('partition leases (revision CAS, observer clocks)', () => {
  it('balances, never double-owns, takes a dead owner over after exactly the TTL and fences the zombie', async () => {
    const { server } = await natsForTest('tbdl-lease-');
    const fa = await openFleet(server.url, { partitions: 4 });
    const fb = await openFleet(server.url, { partitions: 4 });
    try {
      let ta = 0, tb = 0;
      const TTL = 1000;
      const a = new Leases({ kv: fa.kv, owner: 'a', partitions: 4, ttlMs: TTL, now: () => ta });
      const b = new Leases({ kv: fb.kv, owner: 'b', partitions: 4, ttlMs: TTL, now: () => tb });
      expect((await a.tick()).gained).toEqual([0, 1, 2, 3]); // alone: everything
      const b1 = await b.tick(); // sees a's fresh leases: takes none, though its share is 2
      expect(b1).toMatchObject({ gained: [], members: 2 });
      ta += 300;
      const a2 = await a.tick();
      expect(a2.surplus).toEqual([2, 3]); // a sees two members: share 2
      for (const p of a2.surplus) await a.release(p);
      tb += 300;
      expect((await b.tick()).gained).toEqual([2, 3]); // released leases are free at once
      expect(disjoint(a.held(), b.held())).toBe(true);

      // a renews once more, then dies (never ticks again)
      ta += 300;
      expect((await a.tick()).lost).toEqual([]);
      tb += 100; await b.tick(); // b sees the new revisions at tb = 700
      const seenAt = tb;
      tb = seenAt + TTL - 1;
      expect((await b.tick()).gained).toEqual([]); // one ms short of the TTL: not free
      expect(disjoint(a.held(), b.held())).toBe(true);
      tb = seenAt + TTL;
      expect((await b.tick()).gained).toEqual([0, 1]); // exactly the TTL: taken over by CAS
      expect(b.held()).toEqual([0, 1, 2, 3]);

      // the paused owner wakes up: its renew loses the CAS, so it drops the partitions
      const lease0 = await readKey<{ owner: string }>(fa.kv, 'lease.0');
      expect(lease0.value?.owner).toBe('b');
      ta += 5000;
      const z = await a.tick();
      expect(z.lost).toEqual([0, 1]);
      expect(a.held()).toEqual([]);
      // and any state write at a revision it read before the takeover fails the same way
      const rev = await casWrite(fb.kv, 'ckpt.0', { seq: 1, messages: 1 }, 0);
      await casWrite(fb.kv, 'ckpt.0', { seq: 2, messages: 2 }, rev); // the new owner moves on
      const stale = await casWrite(fa.kv, 'ckpt.0', { seq: 9, messages: 9 }, rev).catch((e: unknown) => e);
      expect(isConflict(stale)).toBe(true);
      expect((await readKey<{ seq: number }>(fa.kv, 'ckpt.0')).value?.seq).toBe(2);
    } finally {
      await fa.close();
      await fb.close();
    }
  });

  it('refuses a producer or consumer whose partition count differs from the fleet\'s', async () => {
    const { server } = await natsForTest('tbdl-lease-');
    const f = await openFleet(server.url, { partitions: 8 });
    await f.close();
    await expect(openFleet(server.url, { partitions: 4 })).rejects.toMatchObject({ code: 'config_mismatch' });
    const g = await openFleet(server.url);
    expect(g.partitions).toBe(8);
    await g.close();
  });
});
