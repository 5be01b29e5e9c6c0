/**
 * `--state FILE`: the {@link StateStore} in an embedded DuckDB file (extension autoload and
 * autoinstall off). Tables: runs(run PK, state JSON text, meta JSON text, last_seq),
 * outputs(run, kind, name, line, PK(run, kind, name)), deliveries(run, name, action, delivered_at),
 * offsets(source PK, line). Each commit is one BEGIN ... COMMIT transaction, so the detector
 * state, the last applied seq, the decided alarms and the source offsets move together.
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { monitorErrors, MonitorFailure } from './errors.js';
import { deliveryId, type CommitBatch, type RunRecord, type StateStore, type StoreSnapshot, type StoredOutput } from './store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (run VARCHAR PRIMARY KEY, state VARCHAR NOT NULL, meta VARCHAR NOT NULL, last_seq BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS outputs (run VARCHAR NOT NULL, kind VARCHAR NOT NULL, name VARCHAR NOT NULL, line VARCHAR NOT NULL, PRIMARY KEY (run, kind, name));
CREATE TABLE IF NOT EXISTS deliveries (run VARCHAR NOT NULL, name VARCHAR NOT NULL, action VARCHAR NOT NULL, delivered_at VARCHAR NOT NULL, PRIMARY KEY (run, name, action));
CREATE TABLE IF NOT EXISTS offsets (source VARCHAR PRIMARY KEY, line BIGINT NOT NULL);
`;

/** Rows per multi-row INSERT statement. */
const CHUNK = 200;

/**
 * Opens (creating if needed) a DuckDB state file.
 * @param path the database file. @throws MonitorFailure `state_store_failed` when it cannot be opened.
 * @example const store = await DuckDbStore.open('/var/lib/tbdl/state.duckdb');
 */
export class DuckDbStore implements StateStore {
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  static async open(path: string): Promise<DuckDbStore> {
    try {
      const instance = await DuckDBInstance.create(path, {
        autoload_known_extensions: 'false', autoinstall_known_extensions: 'false', threads: '1',
      });
      const conn = await instance.connect();
      await conn.run(SCHEMA);
      return new DuckDbStore(path, instance, conn);
    } catch (err) {
      throw new MonitorFailure(monitorErrors.stateStoreFailed(path, err instanceof Error ? err.message : String(err)));
    }
  }

  /** Serialises all operations on the one connection (DuckDB transactions are per connection). */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next.catch((err: unknown) => {
      throw new MonitorFailure(monitorErrors.stateStoreFailed(this.path, err instanceof Error ? err.message : String(err)));
    });
  }

  async load(): Promise<StoreSnapshot> {
    return this.serial(async () => {
      const runs = (await this.conn.runAndReadAll('SELECT run, state, meta, last_seq FROM runs ORDER BY run')).getRowObjects();
      const outs = (await this.conn.runAndReadAll('SELECT run, kind, name, line FROM outputs')).getRowObjects();
      const dels = (await this.conn.runAndReadAll('SELECT run, name, action FROM deliveries')).getRowObjects();
      const offs = (await this.conn.runAndReadAll('SELECT source, line FROM offsets')).getRowObjects();
      return {
        runs: runs.map((r): RunRecord => ({
          run: String(r.run), state: JSON.parse(String(r.state)), meta: JSON.parse(String(r.meta)), lastSeq: Number(r.last_seq),
        })),
        outputs: outs.map((o): StoredOutput => ({
          run: String(o.run), kind: String(o.kind), name: String(o.name), line: JSON.parse(String(o.line)) as StoredOutput['line'],
        })),
        deliveries: new Set(dels.map((d) => deliveryId(String(d.run), String(d.name), String(d.action)))),
        offsets: new Map(offs.map((o) => [String(o.source), Number(o.line)])),
      };
    });
  }

  async commit(batch: CommitBatch): Promise<void> {
    if (batch.runs.length + batch.offsets.length + batch.outputs.length === 0) return;
    await this.serial(async () => {
      await this.conn.run('BEGIN TRANSACTION');
      try {
        await this.insert('INSERT OR REPLACE INTO runs VALUES', 4, batch.runs.map((r) => [r.run, JSON.stringify(r.state), JSON.stringify(r.meta), BigInt(r.lastSeq)]));
        await this.insert('INSERT OR REPLACE INTO offsets VALUES', 2, batch.offsets.map((o) => [o.source, BigInt(o.line)]));
        await this.insert('INSERT OR REPLACE INTO outputs VALUES', 4, batch.outputs.map((o) => [o.run, o.kind, o.name, JSON.stringify(o.line)]));
        await this.conn.run('COMMIT');
      } catch (err) {
        await this.conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  private async insert(head: string, width: number, rows: DuckDBValue[][]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const tuples = chunk.map((_, j) => `(${Array.from({ length: width }, (_, k) => `$${j * width + k + 1}`).join(', ')})`);
      await this.conn.run(`${head} ${tuples.join(', ')}`, chunk.flat());
    }
  }

  async markDelivered(run: string, name: string, action: string): Promise<void> {
    await this.serial(() => this.conn.run(
      'INSERT OR REPLACE INTO deliveries VALUES ($1, $2, $3, $4)', [run, name, action, new Date().toISOString()],
    ));
  }

  async close(): Promise<void> {
    await this.serial(async () => {
      await this.conn.run('CHECKPOINT').catch(() => undefined);
      this.conn.closeSync();
      this.instance.closeSync();
    });
  }
}
