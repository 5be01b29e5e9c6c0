/**
 * One cooperating consumer (`tbdl watch --engine`): a loop of lease ticks that starts a
 * {@link PartitionWorker} for each partition it gains, stops the ones it loses or holds beyond its
 * fair share, and restarts (from KV) any worker that lost a CAS. On abort it stops every worker
 * after its last commit and deletes its leases, so the others take over at once.
 */
import type { ActionConfig } from '../monitor/actions.js';
import type { MonitorConfig } from '../monitor/engine.js';
import type { OutputLine } from '../telemetry/schema.js';
import type { Fleet } from './engine.js';
import { Leases } from './lease.js';
import { PartitionWorker } from './worker.js';

/** Consumer settings. */
export interface FleetConsumerOptions {
  fleet: Fleet;
  /** This consumer's id (unique in the fleet). */
  owner: string;
  /** Lease time-to-live (ms, default 5000): a silent owner's partitions are free after it. */
  ttlMs?: number;
  /** Tick period (ms, default ttl / 3). */
  tickMs?: number;
  actions: ActionConfig;
  monitor?: Omit<MonitorConfig<unknown>, 'onEvent'>;
  batch?: number;
  emit: (line: OutputLine) => void;
  log: (message: string) => void;
  signal: AbortSignal;
  /** Monotonic clock (ms). */
  now: () => number;
}

/** What a consumer reports when it stops. */
export interface FleetConsumerResult {
  alarms: number;
  verdicts: number;
  /** Partitions gained over the consumer's life (takeovers included). */
  gained: number;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done(): void { clearTimeout(t); signal.removeEventListener('abort', done); resolve(); }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs until `signal` aborts.
 * @returns counts of decided lines emitted here and partitions gained.
 * @example await runFleetConsumer({ fleet, owner: 'host-1', actions, emit, log, signal, now: () => performance.now() });
 */
export async function runFleetConsumer(o: FleetConsumerOptions): Promise<FleetConsumerResult> {
  const ttlMs = o.ttlMs ?? 5000;
  const tickMs = o.tickMs ?? Math.max(50, Math.floor(ttlMs / 3));
  const leases = new Leases({ kv: o.fleet.kv, owner: o.owner, partitions: o.fleet.partitions, ttlMs, now: o.now });
  const workers = new Map<number, PartitionWorker>();
  const res: FleetConsumerResult = { alarms: 0, verdicts: 0, gained: 0 };
  const emit = (l: OutputLine): void => {
    if (l.type === 'alarm') res.alarms++;
    else if (l.type === 'verdict') res.verdicts++;
    o.emit(l);
  };
  const stopWorker = async (p: number): Promise<void> => {
    const w = workers.get(p);
    workers.delete(p);
    if (w !== undefined) await w.stop();
  };
  while (!o.signal.aborted) {
    let t;
    try {
      t = await leases.tick();
    } catch (err) {
      o.log(`tbdl watch: lease tick failed: ${err instanceof Error ? err.message : String(err)}`);
      await sleep(tickMs, o.signal);
      continue;
    }
    for (const p of t.lost) { o.log(`tbdl watch: partition ${p} taken by another consumer`); await stopWorker(p); }
    for (const p of t.surplus) { await stopWorker(p); await leases.release(p); }
    for (const p of t.gained) {
      const w = new PartitionWorker({
        fleet: o.fleet, partition: p, owner: o.owner, actions: o.actions, emit, log: o.log,
        ...(o.monitor !== undefined ? { monitor: o.monitor } : {}), ...(o.batch !== undefined ? { batch: o.batch } : {}),
      });
      try {
        await w.start();
        workers.set(p, w);
        res.gained++;
      } catch (err) {
        o.log(`tbdl watch: partition ${p} could not start: ${err instanceof Error ? err.message : String(err)}`);
        await w.stop().catch(() => undefined);
        leases.forget(p);
      }
    }
    for (const [p, w] of workers) {
      if (w.failure === null) continue;
      o.log(`tbdl watch: partition ${p} stopped: ${w.failure instanceof Error ? w.failure.message : String(w.failure)}; reloading`);
      await stopWorker(p);
      leases.forget(p);
    }
    await sleep(tickMs, o.signal);
  }
  for (const p of [...workers.keys()]) await stopWorker(p);
  await leases.releaseAll().catch(() => undefined);
  return res;
}
