/**
 * The connection to the engine (NATS JetStream): parses `--engine nats://HOST:PORT`, connects,
 * and makes sure the fleet's stream and KV bucket exist (idempotent, safe to race).
 *
 * - Stream `TBDL_EVENTS`, subjects `tbdl.ev.*` (one per partition), file storage, limits retention
 *   (max age 7 days by default), a 2-minute duplicate window on `Nats-Msg-Id`.
 * - KV bucket `tbdl_fleet` (history 1, file storage): the fleet config, partition leases and
 *   checkpoints, per-run records and alarm delivery records. Every write that matters is a
 *   compare-and-set on the key's revision (`create` / `update`).
 * The partition count is written once to the `config` key; a producer or consumer started with
 * another count is refused (`config_mismatch`).
 */
import { connect, StorageType, RetentionPolicy, type JetStreamClient, type KV, type NatsConnection } from 'nats';
import { fleetErrors, FleetFailure } from './errors.js';
import { DEFAULT_NAMES, DEFAULT_PARTITIONS, type FleetNames } from './partition.js';

/** An open fleet: connection, JetStream client, the KV bucket, names and the partition count. */
export interface Fleet {
  nc: NatsConnection;
  js: JetStreamClient;
  kv: KV;
  names: FleetNames;
  partitions: number;
  url: string;
  close(): Promise<void>;
}

/** Options for {@link openFleet}. */
export interface OpenFleetOptions {
  /** Partition count; only used when the fleet is new (default: the engine's, else 16). */
  partitions?: number;
  names?: FleetNames;
  /** Stream max age in ms (default 7 days). */
  maxAgeMs?: number;
  /** Connection name (shows in the server's connz). */
  name?: string;
}

/**
 * Validates an engine URL (`nats://HOST:PORT`).
 * @returns the URL, or throws FleetFailure(invalid_engine).
 * @example parseEngineUrl('nats://127.0.0.1:4222')
 */
export function parseEngineUrl(url: string): string {
  let u: URL;
  try { u = new URL(url); } catch { throw new FleetFailure(fleetErrors.invalidEngine(url)); }
  if (u.protocol !== 'nats:' || u.hostname === '') throw new FleetFailure(fleetErrors.invalidEngine(url));
  return url;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Encodes a JSON value for KV / messages. */
export function toBytes(value: unknown): Uint8Array {
  return enc.encode(JSON.stringify(value));
}

/** Decodes a JSON value written by {@link toBytes}. */
export function fromBytes<T>(data: Uint8Array): T {
  return JSON.parse(dec.decode(data)) as T;
}

async function ensureStream(nc: NatsConnection, names: FleetNames, maxAgeMs: number): Promise<void> {
  const jsm = await nc.jetstreamManager();
  try {
    await jsm.streams.info(names.stream);
  } catch {
    try {
      await jsm.streams.add({
        name: names.stream, subjects: [`${names.subjectPrefix}.*`], storage: StorageType.File,
        retention: RetentionPolicy.Limits, max_age: maxAgeMs * 1e6, duplicate_window: 120e9,
      });
    } catch (err) {
      await jsm.streams.info(names.stream).catch(() => { throw err; }); // lost a creation race: fine
    }
  }
}

/**
 * Connects and ensures the stream, the bucket and the partition count.
 * @param url `nats://HOST:PORT`. @param opts see {@link OpenFleetOptions}.
 * @returns the open {@link Fleet}. @throws FleetFailure (invalid_engine, engine_unreachable, config_mismatch).
 * @example const f = await openFleet('nats://127.0.0.1:4222'); await f.close();
 */
export async function openFleet(url: string, opts: OpenFleetOptions = {}): Promise<Fleet> {
  parseEngineUrl(url);
  const names = opts.names ?? DEFAULT_NAMES;
  let nc: NatsConnection;
  try {
    nc = await connect({ servers: url, name: opts.name ?? 'tbdl', timeout: 5000, maxReconnectAttempts: 30, reconnectTimeWait: 500 });
  } catch (err) {
    throw new FleetFailure(fleetErrors.unreachable(url, err instanceof Error ? err.message : String(err)));
  }
  try {
    const js = nc.jetstream({ timeout: 10_000 });
    await ensureStream(nc, names, opts.maxAgeMs ?? 7 * 24 * 3600 * 1000);
    const kv = await js.views.kv(names.bucket, { history: 1, storage: StorageType.File, allow_direct: false, timeout: 10_000 });
    const partitions = await ensureConfig(kv, opts.partitions);
    return { nc, js, kv, names, partitions, url, close: async () => { await nc.drain().catch(() => nc.close()); } };
  } catch (err) {
    await nc.close().catch(() => undefined);
    if (err instanceof FleetFailure) throw err;
    throw new FleetFailure(fleetErrors.unreachable(url, err instanceof Error ? err.message : String(err)));
  }
}

async function ensureConfig(kv: KV, want: number | undefined): Promise<number> {
  const e = await kv.get('config');
  if (e !== null && e.operation === 'PUT') {
    const have = fromBytes<{ partitions: number }>(e.value).partitions;
    if (want !== undefined && have !== want) throw new FleetFailure(fleetErrors.configMismatch('partitions', have, want));
    return have;
  }
  const partitions = want ?? DEFAULT_PARTITIONS;
  try {
    await kv.create('config', toBytes({ v: 1, partitions }));
    return partitions;
  } catch {
    return ensureConfig(kv, want); // another process created it first: read theirs
  }
}
