/**
 * Partition leases with revision-based optimistic concurrency, and fair-share balancing.
 *
 * A lease is the KV key `lease.<p>`; its owner renews it every tick (`update` at the revision it
 * wrote last, which bumps the revision). A contender never compares clocks across machines: it
 * watches the lease's revision on its OWN monotonic clock, and when the revision has not moved for
 * `ttlMs` it takes the lease by `update` at exactly that revision (only one contender can win that
 * CAS). A consumer that stops gracefully deletes its leases, so they are free at once.
 *
 * Takeover bound: the owner renews every tick, a contender reads every lease every tick, so a dead
 * owner's partitions are taken within ttlMs + 2 ticks of its death (5/3 ttl with the default tick
 * of ttl/3), plus the time to load the partition's records. Leases give liveness; safety does not rest on timing: every state write is a CAS
 * too (records.ts), so a paused owner that wakes up loses its next write and drops the partition.
 *
 * Balance: each consumer heartbeats `member.<owner>`; members whose key moved within ttlMs (on the
 * observer's clock) are live; each consumer holds at most ceil(P / live) partitions and releases
 * extras, which the others then take.
 */
import type { KV } from 'nats';
import { casWrite, isConflict, listKeys, readKey } from './records.js';

/** Lease settings. */
export interface LeaseOptions {
  kv: KV;
  owner: string;
  partitions: number;
  /** A lease whose revision has not moved for this long is free (ms). */
  ttlMs: number;
  /** Monotonic clock in ms (performance.now in the CLI; tests may inject). */
  now: () => number;
}

/** What a tick changed. */
export interface LeaseTick {
  /** Partitions newly acquired (the caller loads and starts them). */
  gained: number[];
  /** Partitions lost to another consumer (the caller drops them at once, without writing). */
  lost: number[];
  /** Partitions over the fair share (the caller stops them, then calls {@link Leases.release}). */
  surplus: number[];
  /** Live members seen, this consumer included. */
  members: number;
}

interface Seen { revision: number; since: number }

/** Leases held by one consumer. */
export class Leases {
  private readonly owned = new Map<number, number>(); // partition -> lease revision
  private readonly seen = new Map<string, Seen>();
  private n = 0;

  constructor(private readonly o: LeaseOptions) {}

  /** Partitions held now. */
  held(): number[] {
    return [...this.owned.keys()].sort((a, b) => a - b);
  }

  /** Whether `key` (at `revision`) has stood still for ttl on our clock. */
  private stale(key: string, revision: number): boolean {
    const t = this.o.now();
    const s = this.seen.get(key);
    if (s === undefined || s.revision !== revision) { this.seen.set(key, { revision, since: t }); return false; }
    return t - s.since >= this.o.ttlMs;
  }

  private async liveMembers(): Promise<number> {
    let live = 0;
    for (const key of await listKeys(this.o.kv, 'member.')) {
      const { value, revision } = await readKey<{ owner: string }>(this.o.kv, key);
      if (value === null) continue;
      if (value.owner === this.o.owner || !this.stale(key, revision)) live++;
      else if (this.o.now() - (this.seen.get(key)?.since ?? 0) >= 10 * this.o.ttlMs) {
        await this.o.kv.delete(key, { previousSeq: revision }).catch(() => undefined); // a long-dead member: tidy up
      }
    }
    return Math.max(1, live);
  }

  /**
   * One round: heartbeat, renew held leases, compute the fair share, take free or stale leases.
   * @returns what changed (see {@link LeaseTick}).
   */
  async tick(): Promise<LeaseTick> {
    const { kv, owner, partitions } = this.o;
    this.n++;
    await kv.put(`member.${memberKey(owner)}`, new TextEncoder().encode(JSON.stringify({ owner, n: this.n })));
    const lost: number[] = [];
    for (const [p, rev] of this.owned) {
      try {
        this.owned.set(p, await casWrite(kv, `lease.${p}`, { owner, n: this.n }, rev));
      } catch (err) {
        if (!isConflict(err)) throw err;
        this.owned.delete(p);
        lost.push(p);
      }
    }
    const members = await this.liveMembers();
    const share = Math.ceil(partitions / members);
    const surplus = this.held().slice(share);
    const gained: number[] = [];
    // every lease not held is read each tick, so its staleness clock runs even while our share is full
    for (let p = 0; p < partitions; p++) {
      if (this.owned.has(p)) continue;
      const key = `lease.${p}`;
      const cur = await readKey<{ owner: string }>(kv, key);
      const free = this.stale(key, cur.revision) || cur.value === null || cur.value.owner === owner;
      if (!free || this.owned.size >= share) continue;
      try {
        this.owned.set(p, await casWrite(kv, key, { owner, n: this.n }, cur.revision));
        gained.push(p);
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
    }
    return { gained, lost, surplus, members };
  }

  /** Gives a partition back (after its worker stopped): deletes the lease at our revision. */
  async release(p: number): Promise<void> {
    const rev = this.owned.get(p);
    if (rev === undefined) return;
    this.owned.delete(p);
    await this.o.kv.delete(`lease.${p}`, { previousSeq: rev }).catch(() => undefined);
  }

  /** Forgets a partition whose worker failed a CAS (the lease stays; the next tick may restart it). */
  forget(p: number): void {
    this.owned.delete(p);
  }

  /** Releases everything and removes the member key (graceful stop). */
  async releaseAll(): Promise<void> {
    for (const p of this.held()) await this.release(p);
    await this.o.kv.delete(`member.${memberKey(this.o.owner)}`).catch(() => undefined);
  }
}

/** A KV-safe form of a consumer id (`[-_=.a-zA-Z0-9]`, dots become `_`). */
export function memberKey(owner: string): string {
  return owner.replace(/[^-_=a-zA-Z0-9]/g, '_');
}
