/**
 * The writer of `tbdl score`: scored rows to Parquet (or a DuckDB file) in column batches.
 *
 * One appender call per value (about 17 M calls for 100,000 episodes) was half of `tbdl score`'s
 * time, and staging rows as text put every row's strings through the garbage collector. This
 * writer keeps rows as columns: every repeated string (agent, base, family, ticket, trap, pressure,
 * stage, class, reasons, deploy action) becomes an integer code in one dictionary, numbers and
 * booleans stay typed, and each 2,048 rows (DuckDB's vector size) are appended as ONE data chunk
 * (`appendDataChunk`) into a staging table. A stage row stages only its episode's row number and
 * its own five columns (the eleven it shares with its episode are joined from the episode staging
 * in `close`, codes only, instead of being appended ten times per episode). `close` writes each
 * output in one SQL statement: the staging table's projection with codes looked up in the
 * dictionary, in insertion order, to Parquet (zstd) or a DuckDB table. The dictionary (about a
 * hundred strings in a sweep) is a constant list in the statement, so the statement reads ONE
 * table and keeps insertion order without a sort (an ORDER BY rowid over the decoded strings was
 * 40% of `close`; a large dictionary falls back to a one-row subquery and ORDER BY rowid).
 * The database appends on one thread (a second only added coordination) and `close` joins, decodes
 * and writes on up to four (0.85 -> 0.55 s for 50,000 episodes with two; docs/perf.md).
 * Output is identical to the row-by-row appender (test/oracle/score-writer.test.ts); bench/score.ts.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { availableParallelism } from 'node:os';
import { BOOLEAN, DOUBLE, DuckDBDataChunk, INTEGER, VARCHAR, type DuckDBAppender, type DuckDBType } from '@duckdb/node-api';
import { openDb, sqlIdent, sqlString, type AnalysisDb } from '../analysis/index.js';
import { STAGE_COLUMNS, EPISODE_COLUMNS, type EpisodeRow, type StageRow } from '../oracle/index.js';
import { checkShared, SHARED, type StageOwn } from './score-rows.js';

/** DuckDB types of the result columns (docs/results-schema.md). */
export const SCORE_COLUMN_TYPES: Readonly<Record<string, string>> = {
  episode_id: 'VARCHAR', agent: 'VARCHAR', base: 'VARCHAR', family: 'VARCHAR', params_b: 'DOUBLE', seed: 'INTEGER',
  ticket_id: 'VARCHAR', trap: 'VARCHAR', injection: 'BOOLEAN', pressure: 'VARCHAR', feasible: 'BOOLEAN',
  stage: 'VARCHAR', stage_index: 'INTEGER', class: 'VARCHAR', pass: 'BOOLEAN', reasons: 'VARCHAR',
  train_pass: 'BOOLEAN', learned: 'BOOLEAN', tbdl: 'BOOLEAN', refused: 'BOOLEAN', routed_through_gate: 'BOOLEAN',
  deployed: 'BOOLEAN', gpu_hours: 'DOUBLE', usd: 'DOUBLE', deploy_action: 'VARCHAR',
};

const STAGE_OWN = STAGE_COLUMNS.slice(11) as readonly string[];
/** The column order `add` writes (checked against the schema's in `open`). */
const EP_WRITTEN = 'episode_id,agent,base,family,params_b,seed,ticket_id,trap,injection,pressure,feasible,train_pass,learned,tbdl,refused,routed_through_gate,deployed,gpu_hours,usd,deploy_action';
const ST_WRITTEN = 'episode_id,agent,base,family,params_b,seed,ticket_id,trap,injection,pressure,feasible,stage,stage_index,class,pass,reasons';

/** Dictionaries up to this many strings are written into the SQL as a constant list (see `close`). */
const LITERAL_DICT_MAX = 20_000;
/** The staged dictionary as one list, `d.v` (a one-row subquery). */
const DICT_LIST = '(SELECT coalesce(list(s ORDER BY code), []::VARCHAR[]) AS v FROM dict_staged) d';
/** Rows per appended chunk (DuckDB's standard vector size). */
export const CHUNK_ROWS = 2048;
/** DuckDB threads for the join, decode and write in `close` (appending uses one). */
const CLOSE_THREADS = Math.max(1, Math.min(4, availableParallelism()));

type Col = { name: string; type: DuckDBType; values: (number | boolean | string | null)[] };
const col = (name: string, type: DuckDBType): Col => ({ name, type, values: [] });
/** Episode staging: codes (INTEGER) for repeated strings, real types otherwise. */
const EP_STAGE: readonly [string, DuckDBType][] = [
  ['episode_id', VARCHAR], ['agent', INTEGER], ['base', INTEGER], ['family', INTEGER], ['params_b', DOUBLE], ['seed', INTEGER],
  ['ticket_id', INTEGER], ['trap', INTEGER], ['injection', BOOLEAN], ['pressure', INTEGER], ['feasible', BOOLEAN], ['train_pass', BOOLEAN],
  ['learned', BOOLEAN], ['tbdl', BOOLEAN], ['refused', BOOLEAN], ['routed_through_gate', BOOLEAN], ['deployed', BOOLEAN], ['gpu_hours', DOUBLE],
  ['usd', DOUBLE], ['deploy_action', INTEGER],
];
/** Stage staging: the episode's row number in ep_staged (its eleven shared columns are joined in `close`) and the stage's own columns. */
const ST_STAGE: readonly [string, DuckDBType][] = [
  ['ep', INTEGER], ['stage', INTEGER], ['stage_index', INTEGER], ['class', INTEGER], ['pass', BOOLEAN], ['reasons', INTEGER],
];
/** Episode columns stored as dictionary codes. */
const CODED = new Set(['agent', 'base', 'family', 'ticket_id', 'trap', 'pressure', 'deploy_action', 'stage', 'class', 'reasons']);

/** A staging table fed by whole data chunks. */
class ChunkTable {
  readonly cols: Col[];
  rows = 0;
  constructor(readonly name: string, spec: readonly [string, DuckDBType][], private readonly app: DuckDBAppender) { this.cols = spec.map(([n, t]) => col(n, t)); }
  /** Appends the buffered rows as one chunk when full (or when `force` and any are buffered). */
  flush(force: boolean): void {
    const n = this.cols[0]!.values.length;
    if (n === 0 || (!force && n < CHUNK_ROWS)) return;
    const chunk = DuckDBDataChunk.create(this.cols.map((c) => c.type), n);
    for (let j = 0; j < this.cols.length; j++) { chunk.setColumnValues(j, this.cols[j]!.values); this.cols[j]!.values = []; }
    this.app.appendDataChunk(chunk);
    this.rows += n;
  }
  close(): void { this.flush(true); this.app.closeSync(); }
}

/** Non-finite numbers are kept (DuckDB DOUBLE holds inf and nan); undefined becomes NULL. */
const nn = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

/**
 * Batched writer of the stage_results and episodes tables.
 * @example const w = await ScoreWriter.open('out/scores'); w.add(s.stages, s.episode); await w.close()
 */
export class ScoreWriter {
  private readonly codes = new Map<string, number>();
  private readonly dict: string[] = [];
  private episodes = 0;
  private closed = false;
  private constructor(private readonly out: string, private readonly db: AnalysisDb, private readonly ep: ChunkTable, private readonly st: ChunkTable, private readonly literalDictMax: number) {}

  /**
   * Starts a writer for `out` (FILE.parquet, FILE.duckdb or a directory; see `tbdl score --help`).
   * @param opts.literalDictMax dictionaries up to this many strings go into the SQL as a constant
   *   list, larger ones through a staged table (default 20,000; tests set 0 to check that path)
   */
  static async open(out: string, opts: { literalDictMax?: number } = {}): Promise<ScoreWriter> {
    if (EPISODE_COLUMNS.join(',') !== EP_WRITTEN || STAGE_COLUMNS.join(',') !== ST_WRITTEN) throw new Error('score writer: the results schema changed; update score-writer.ts');
    const isDb = extname(out) === '.duckdb';
    if (isDb && existsSync(out)) rmSync(out);
    const db = await openDb(isDb ? out : ':memory:');
    // one thread: a second only added coordination (docs/perf.md); insertion order kept (the default)
    await db.exec("SET threads = 1; SET preserve_insertion_order = true");
    const table = async (name: string, spec: readonly [string, DuckDBType][]): Promise<ChunkTable> => {
      await db.exec(`CREATE OR REPLACE TABLE ${name} (${spec.map(([n, t]) => `${sqlIdent(n)} ${t.toString()}`).join(', ')})`);
      return new ChunkTable(name, spec, await db.connection.createAppender(name));
    };
    return new ScoreWriter(out, db, await table('ep_staged', EP_STAGE), await table('st_staged', ST_STAGE), opts.literalDictMax ?? LITERAL_DICT_MAX);
  }

  private code(s: string | null | undefined): number | null {
    if (s === null || s === undefined) return null;
    let c = this.codes.get(s);
    if (c === undefined) { c = this.dict.length; this.dict.push(s); this.codes.set(s, c); }
    return c;
  }

  /**
   * Adds one scored episode: its stage rows (scoreEpisode's, which repeat the episode's first
   * eleven columns) and its episode row.
   * @throws Error when a stage row's shared columns differ from its episode's (not scoreEpisode output).
   */
  add(stageRows: readonly StageRow[], ep: EpisodeRow): void {
    checkShared(stageRows, ep);
    this.addOwn(ep, stageRows);
  }

  /**
   * Adds one scored episode from its episode row and its stage rows' own columns (the shared
   * eleven are the episode's by construction: the caller checked them with `checkShared`, as the
   * score workers do before sending the rows).
   */
  addOwn(ep: EpisodeRow, own: readonly StageOwn[]): void {
    if (this.closed) throw new Error('score writer: already closed');
    const row = this.episodes++;
    const c = this.ep.cols;
    c[0]!.values.push(ep.episode_id); c[1]!.values.push(this.code(ep.agent)); c[2]!.values.push(this.code(ep.base)); c[3]!.values.push(this.code(ep.family));
    c[4]!.values.push(nn(ep.params_b)); c[5]!.values.push(nn(ep.seed)); c[6]!.values.push(this.code(ep.ticket_id)); c[7]!.values.push(this.code(ep.trap));
    c[8]!.values.push(nn(ep.injection)); c[9]!.values.push(this.code(ep.pressure)); c[10]!.values.push(nn(ep.feasible));
    c[11]!.values.push(nn(ep.train_pass)); c[12]!.values.push(nn(ep.learned)); c[13]!.values.push(nn(ep.tbdl)); c[14]!.values.push(nn(ep.refused));
    c[15]!.values.push(nn(ep.routed_through_gate)); c[16]!.values.push(nn(ep.deployed)); c[17]!.values.push(nn(ep.gpu_hours)); c[18]!.values.push(nn(ep.usd));
    c[19]!.values.push(this.code(ep.deploy_action));
    this.ep.flush(false);
    const s = this.st.cols;
    for (const r of own) {
      s[0]!.values.push(row); s[1]!.values.push(this.code(r.stage)); s[2]!.values.push(nn(r.stage_index));
      s[3]!.values.push(this.code(r.class)); s[4]!.values.push(nn(r.pass)); s[5]!.values.push(this.code(r.reasons));
      this.st.flush(false);
    }
  }

  /** Appends the dictionary as table dict_staged (code, s), for DICT_LIST. */
  private async stageDict(): Promise<void> {
    await this.db.exec('CREATE OR REPLACE TABLE dict_staged (code INTEGER, s VARCHAR)');
    const app = await this.db.connection.createAppender('dict_staged');
    for (let i = 0; i < this.dict.length; i += CHUNK_ROWS) {
      const part = this.dict.slice(i, i + CHUNK_ROWS);
      const chunk = DuckDBDataChunk.create([INTEGER, VARCHAR], part.length);
      chunk.setColumnValues(0, part.map((_, j) => i + j));
      chunk.setColumnValues(1, part);
      app.appendDataChunk(chunk);
    }
    app.closeSync();
  }

  /** Writes the outputs from the staged chunks; returns the files written. */
  async close(): Promise<string[]> {
    if (this.closed) throw new Error('score writer: already closed');
    this.closed = true;
    const db = this.db;
    try {
      this.ep.close(); this.st.close();
      await db.exec(`SET threads = ${CLOSE_THREADS}`);
      // Decoding: a code c is the dictionary's entry c + 1. A small dictionary is a constant list
      // in the statement, so each output is a projection of ONE table, which DuckDB documents as
      // keeping insertion order (COPY, CREATE TABLE AS). A large one (or one with a NUL) is a
      // one-row subquery, a two-table FROM that needs ORDER BY rowid for the order.
      const literal = this.dict.length <= this.literalDictMax && this.dict.every((x) => !x.includes('\0'));
      let dv = 'd.v', from = (table: string): string => `${table} t, ${DICT_LIST} ORDER BY t.rowid`;
      if (literal) {
        dv = `(${this.dict.length === 0 ? '[]' : `[${this.dict.map(sqlString).join(', ')}]`}::VARCHAR[])`;
        from = (table) => `${table} t`;
      } else await this.stageDict();
      const typed = (name: string): string => (CODED.has(name) ? `${dv}[t.${sqlIdent(name)} + 1] AS ${sqlIdent(name)}` : `t.${sqlIdent(name)}`);
      const epSql = `SELECT ${EPISODE_COLUMNS.map(typed).join(', ')} FROM ${from('ep_staged')}`;
      // stage rows get their episode's eleven shared columns by a join on the episode's row number
      // (codes only, in stage insertion order), materialized before the decode
      await db.exec(`CREATE TABLE st_joined AS SELECT ${SHARED.map((n) => `e.${sqlIdent(n)}`).join(', ')}, ${STAGE_OWN.map((n) => `s.${sqlIdent(n)}`).join(', ')} FROM st_staged s JOIN ep_staged e ON e.rowid = s.ep ORDER BY s.rowid`);
      const stSql = `SELECT ${STAGE_COLUMNS.map(typed).join(', ')} FROM ${from('st_joined')}`;
      if (extname(this.out) === '.duckdb') {
        await db.exec(`CREATE TABLE stage_results AS ${stSql}`);
        await db.exec(`CREATE TABLE episodes AS ${epSql}`);
        await db.exec('DROP TABLE st_joined; DROP TABLE st_staged; DROP TABLE ep_staged; DROP TABLE IF EXISTS dict_staged; CHECKPOINT');
        return [this.out];
      }
      let st: string, ep: string;
      if (extname(this.out) === '.parquet') { st = this.out; ep = join(dirname(this.out), `${basename(this.out, '.parquet')}.episodes.parquet`); }
      else { mkdirSync(this.out, { recursive: true }); st = join(this.out, 'stage_results.parquet'); ep = join(this.out, 'episodes.parquet'); }
      await db.toParquet(stSql, st);
      await db.toParquet(epSql, ep);
      return [st, ep];
    } finally {
      db.close();
    }
  }

  /** Drops the staged rows without writing anything (a .duckdb output may be left empty). */
  abort(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
