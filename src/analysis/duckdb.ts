/**
 * DuckDB adapter (embedded; in memory or a file): opens a RESULTS directory or database, runs
 * SQL and returns Arrow tables, and writes rows out as Parquet. Only this file and arrow.ts import
 * DuckDB or Arrow (style.md #13). Extension autoload and autoinstall are off: Parquet support is
 * built into the bundled DuckDB, and nothing is ever fetched from the network.
 *
 * A RESULTS directory (docs/results-schema.md) holds `<table>.parquet` (or `<table>/*.parquet`)
 * and/or `results.duckdb`; each table found becomes a view of the same name.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type { Table } from 'apache-arrow';
import { analysisErrors } from './errors.js';

/** The results tables of docs/results-schema.md. */
export const RESULT_TABLES = ['stage_results', 'episodes', 'detector_runs', 'detector_series', 'baseline_alarms', 'detector_designs'] as const;
/** A results table name. */
export type ResultTableName = (typeof RESULT_TABLES)[number];

/** Column SQL types the writer accepts. */
export type SqlType = 'VARCHAR' | 'DOUBLE' | 'INTEGER' | 'BIGINT' | 'BOOLEAN';

/** An open embedded DuckDB with the results tables (if any) as views. */
export interface AnalysisDb {
  /** Results tables present (views), in RESULT_TABLES order. */
  readonly tables: readonly ResultTableName[];
  /** Runs a query and returns its rows as an Arrow table. */
  query(sql: string): Promise<Table>;
  /** Runs a statement, discarding rows. */
  exec(sql: string): Promise<void>;
  /**
   * Creates (or replaces) `name` with these columns and appends the rows. Values must match the
   * types (null/undefined/NaN become NULL). A results-table name (RESULT_TABLES) is registered in
   * `tables`, so `analyzeResults(db)` sees it. @throws invalid_value naming table, row and column.
   */
  createTable(name: string, columns: readonly { name: string; type: SqlType }[], rows: readonly Record<string, unknown>[]): Promise<void>;
  /**
   * Registers an existing table or view (made with SQL, e.g. `CREATE TABLE episodes AS ...`) as
   * a results table so `analyzeResults(db)` reads it. @throws invalid_argument (not a results
   * table name), missing_tables (no such table or view).
   */
  registerTable(name: ResultTableName): Promise<void>;
  /** COPY a query or table to a Parquet file (zstd). */
  toParquet(sqlOrTable: string, path: string): Promise<void>;
  /** The raw connection (for adapters and benchmarks). */
  readonly connection: DuckDBConnection;
  close(): void;
}

const OPTIONS = { autoload_known_extensions: 'false', autoinstall_known_extensions: 'false' } as const;

/** SQL string literal with quotes escaped. */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier. */
export function sqlIdent(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

/** Whether `name` is one of the results tables. */
export function isResultTable(name: string): name is ResultTableName {
  return (RESULT_TABLES as readonly string[]).includes(name);
}

function appendValue(app: DuckDBAppender, type: SqlType, v: unknown, table: string, row: number, column: string): void {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) { app.appendNull(); return; }
  const bad = (expected: string): never => { throw analysisErrors.invalidValue(table, row, column, v, expected); };
  if (type === 'VARCHAR') { if (typeof v === 'object' || typeof v === 'function' || typeof v === 'symbol') bad('a string'); app.appendVarchar(String(v)); }
  else if (type === 'BOOLEAN') { if (typeof v !== 'boolean') bad('a boolean'); app.appendBoolean(v as boolean); }
  else if (type === 'INTEGER') {
    const x = typeof v === 'bigint' ? Number(v) : v;
    if (typeof x !== 'number' || !Number.isInteger(x) || Math.abs(x) > 2147483647) bad('a 32-bit integer');
    app.appendInteger(x as number);
  } else if (type === 'BIGINT') {
    if (typeof v === 'bigint') app.appendBigInt(v);
    else if (typeof v === 'number' && Number.isFinite(v)) app.appendBigInt(BigInt(Math.round(v)));
    else bad('an integer');
  } else { if (typeof v !== 'number') bad('a number'); app.appendDouble(v as number); }
}

/**
 * Opens an embedded DuckDB (in memory by default, or a database file).
 * @param path database file, or ':memory:' (default). @throws io_error.
 * @example const db = await openDb(); const t = await db.query('select 42 as x'); db.close();
 */
export async function openDb(path = ':memory:'): Promise<AnalysisDb> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, { ...OPTIONS });
  } catch (e) {
    throw analysisErrors.ioError(path, e instanceof Error ? e.message : String(e));
  }
  const connection = await instance.connect();
  const tables: ResultTableName[] = [];
  const register = (name: ResultTableName): void => {
    if (tables.includes(name)) return;
    tables.push(name);
    tables.sort((a, b) => RESULT_TABLES.indexOf(a) - RESULT_TABLES.indexOf(b));
  };
  const db: AnalysisDb = {
    tables,
    connection,
    // Arrow loads on the first query (a verb that only appends and exports never loads it)
    async query(sql) { return (await import('./arrow.js')).resultToArrow(await connection.run(sql)); },
    async exec(sql) { await connection.run(sql); },
    async createTable(name, columns, rows) {
      await connection.run(`CREATE OR REPLACE TABLE ${sqlIdent(name)} (${columns.map((c) => `${sqlIdent(c.name)} ${c.type}`).join(', ')})`);
      const app = await connection.createAppender(name);
      try {
        rows.forEach((r, i) => {
          for (const c of columns) appendValue(app, c.type, r[c.name], name, i, c.name);
          app.endRow();
        });
      } finally { app.closeSync(); }
      if (isResultTable(name)) register(name);
    },
    async registerTable(name) {
      if (!isResultTable(name)) throw analysisErrors.invalidArgument('results table name', name, RESULT_TABLES.join(' | '));
      const t = await connection.run(`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = ${sqlString(name)}`);
      if (Number((await t.getRowObjects())[0]?.n ?? 0) === 0) throw analysisErrors.missingTables(`the open database (no table or view ${name})`);
      register(name);
    },
    async toParquet(sqlOrTable, path) {
      const src = /^\s*select\b/i.test(sqlOrTable) ? `(${sqlOrTable})` : sqlIdent(sqlOrTable);
      try {
        await connection.run(`COPY ${src} TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd)`);
      } catch (e) {
        throw analysisErrors.ioError(path, e instanceof Error ? e.message : String(e));
      }
    },
    close() { connection.closeSync(); instance.closeSync(); },
  };
  return db;
}

function parquetSource(dir: string, name: string): string | undefined {
  const file = join(dir, `${name}.parquet`);
  if (existsSync(file)) return file;
  const sub = join(dir, name);
  if (existsSync(sub) && statSync(sub).isDirectory() && readdirSync(sub).some((f) => f.endsWith('.parquet'))) return join(sub, '*.parquet');
  return undefined;
}

/**
 * Opens a RESULTS directory (Parquet files and/or results.duckdb) or a `.duckdb` file in an
 * in-memory DuckDB, exposing each results table found as a view.
 * @param source directory or database file. @throws io_error, missing_tables (none found).
 * @example const db = await openResults('out/results'); db.tables // ['stage_results', 'episodes']
 */
export async function openResults(source: string): Promise<AnalysisDb> {
  if (!existsSync(source)) throw analysisErrors.ioError(source, 'no such file or directory');
  const db = await openDb();
  const found = db.tables as ResultTableName[];
  const isDir = statSync(source).isDirectory();
  const dbFile = isDir ? join(source, 'results.duckdb') : source;
  let attached: Set<string> = new Set();
  if (existsSync(dbFile) && (!isDir || existsSync(dbFile))) {
    try {
      await db.exec(`ATTACH ${sqlString(dbFile)} AS results_src (READ_ONLY)`);
      const t = await db.query(`SELECT table_name FROM information_schema.tables WHERE table_catalog = 'results_src'`);
      attached = new Set(t.toArray().map((r) => String((r as { table_name: string }).table_name)));
    } catch (e) {
      if (!isDir) {
        db.close();
        const detail = e instanceof Error ? e.message : String(e);
        // DuckDB's words for "this is not a database file" are cryptic (e.g. "Cannot launch
        // in-memory database in read-only mode"); say what was expected instead.
        throw analysisErrors.ioError(dbFile, `not a DuckDB database (expected a results directory or a .duckdb file; ${detail.split('\n')[0]})`);
      }
    }
  }
  for (const name of RESULT_TABLES) {
    const pq = isDir ? parquetSource(source, name) : undefined;
    if (pq !== undefined) {
      await db.exec(`CREATE VIEW ${name} AS SELECT * FROM read_parquet(${sqlString(pq)})`);
      found.push(name);
    } else if (attached.has(name)) {
      await db.exec(`CREATE VIEW ${name} AS SELECT * FROM results_src.main.${name}`);
      found.push(name);
    }
  }
  if (found.length === 0) { db.close(); throw analysisErrors.missingTables(source); }
  return db;
}
