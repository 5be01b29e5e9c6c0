/**
 * Results held in memory (arrays of plain row objects, e.g. the oracle's `scoreEpisode` output
 * or a notebook's data frame rows): load them into an embedded DuckDB with the contract's SQL
 * types (docs/results-schema.md), analyse them without a Parquet round trip (`analyzeRows`), or
 * write them as a RESULTS directory of Parquet files (`writeResultsTables`).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeResults } from './analyze.js';
import { openDb, RESULT_TABLES, type AnalysisDb } from './duckdb.js';
import { analysisErrors } from './errors.js';
import { RESULTS_COLUMNS, type ResultsRows } from './results-schema.js';
import type { AnalysisResult, AnalyzeOptions } from './table.js';

/**
 * Creates each results table present in `rows` in `db` with the contract's columns and SQL types
 * and registers it (so `analyzeResults(db)` reads it). Keys outside the contract are ignored;
 * optional contract columns may be absent (NULL).
 * @param db an open db (see openDb). @param rows per table, an array of row objects (empty
 * arrays are skipped). @returns the tables created.
 * @throws invalid_argument (unknown table name), missing_column (a row lacks a required column:
 * table, row index and column named), invalid_value (wrong type: table, row, column named).
 * @example await loadResultsRows(db, { episodes: [{ episode_id: 'e1', agent: 'a', ... }] })
 */
export async function loadResultsRows(db: AnalysisDb, rows: ResultsRows): Promise<string[]> {
  const made: string[] = [];
  for (const name of Object.keys(rows)) {
    if (!(RESULT_TABLES as readonly string[]).includes(name)) throw analysisErrors.invalidArgument('results table name', name, RESULT_TABLES.join(' | '));
  }
  for (const name of RESULT_TABLES) {
    const r = rows[name];
    if (r === undefined || r.length === 0) continue;
    const cols = RESULTS_COLUMNS[name];
    r.forEach((row, i) => {
      for (const c of cols) if (!c.optional && !(c.name in row)) throw analysisErrors.missingColumn(name, `${c.name} (row ${i})`);
    });
    await db.createTable(name, cols, r as readonly Record<string, unknown>[]);
    made.push(name);
  }
  return made;
}

/**
 * Analyses results held in memory: loads them into a fresh in-memory DuckDB (contract types),
 * runs {@link analyzeResults} and closes the db. Same tables, notes and determinism as reading the
 * same rows from Parquet.
 * @param rows any of stage_results, episodes, detector_runs, baseline_alarms, detector_series.
 * @param options see AnalyzeOptions. @throws missing_tables (no rows at all), plus loadResultsRows'.
 * @example const res = await analyzeRows({ stage_results, episodes }, { replicates: 1000 });
 */
export async function analyzeRows(rows: ResultsRows, options: AnalyzeOptions = {}): Promise<AnalysisResult> {
  const db = await openDb();
  try {
    const made = await loadResultsRows(db, rows);
    if (made.length === 0) throw analysisErrors.missingTables('the rows given');
    return await analyzeResults(db, options);
  } finally {
    db.close();
  }
}

/**
 * Writes results rows as a RESULTS directory: `<dir>/<table>.parquet` (zstd) per table present,
 * with the contract's column names and SQL types, readable by `tbdl analyze` and `tbdl report`.
 * @param rows per table, row objects. @param dir created if missing. @returns the files written.
 * @throws io_error, plus loadResultsRows'.
 * @example await writeResultsTables({ stage_results, episodes }, 'out/results')
 */
export async function writeResultsTables(rows: ResultsRows, dir: string): Promise<string[]> {
  try { mkdirSync(dir, { recursive: true }); } catch (e) { throw analysisErrors.ioError(dir, String(e)); }
  const db = await openDb();
  try {
    const files: string[] = [];
    for (const name of await loadResultsRows(db, rows)) {
      const p = join(dir, `${name}.parquet`);
      await db.toParquet(name, p);
      files.push(p);
    }
    return files;
  } finally {
    db.close();
  }
}
