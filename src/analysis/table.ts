/**
 * The shape every finding returns: a named table with typed columns, plain rows and a notes
 * header that states methods, seeds and counts. Writers (Markdown, CSV, Parquet) and the report
 * consume only this shape; `name` values are stable identifiers.
 */
import type { SqlType } from './duckdb.js';

/** A table cell. NaN and null print as empty. */
export type Cell = string | number | boolean | null;

/** A column: name (snake_case, stable), SQL type for Parquet, optional human label. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: SqlType;
  readonly label?: string;
}

/** One analysis table. */
export interface AnalysisTable {
  readonly name: string;
  readonly title: string;
  readonly columns: readonly ColumnSpec[];
  readonly rows: readonly Record<string, Cell>[];
  /** Method header: what was computed, how, on which units, with which seeds and counts. */
  readonly notes: readonly string[];
}

/** Metadata of one analysis run. */
export interface AnalysisMeta {
  /** Results tables read. */
  readonly tablesRead: readonly string[];
  /** Row counts per results table read. */
  readonly counts: Readonly<Record<string, number>>;
  /** Distinct seeds, agents and bases seen in stage_results/episodes (or detector_runs). */
  readonly seeds: readonly number[];
  readonly agents: readonly string[];
  readonly bases: readonly string[];
  /** The options used (bootstrap seed, replicates, alpha, epsilon, power). */
  readonly options: Readonly<Required<Omit<AnalyzeOptions, 'only'>>>;
  /** One line per method used across tables. */
  readonly methods: readonly string[];
  /** What the reader should know about tables that could not be built (e.g. no detector_runs). */
  readonly notices?: readonly string[];
}

/** The result of `analyzeResults`: every table plus metadata. */
export interface AnalysisResult {
  readonly tables: readonly AnalysisTable[];
  readonly meta: AnalysisMeta;
}

/** Options of `analyzeResults`. */
export interface AnalyzeOptions {
  /** Seed of the bootstrap rng (default 20260101). */
  readonly seed?: number;
  /** Bootstrap replicates (default 2000). */
  readonly replicates?: number;
  /** Two-sided level for intervals and tests (default 0.05). */
  readonly alpha?: number;
  /** Pre-registered TOST equivalence margin for "no change" claims (default 0.05). */
  readonly epsilon?: number;
  /** Power for minimum detectable effects (default 0.8). */
  readonly power?: number;
  /** Also resample bases in the seed-level bootstrap (default false). */
  readonly resampleBases?: boolean;
  /** Compute only these table names (default all). */
  readonly only?: readonly string[];
}

/**
 * Finds a table by name.
 * @example getTable(result, 'pressure_ladder')?.rows
 */
export function getTable(result: AnalysisResult, name: string): AnalysisTable | undefined {
  return result.tables.find((t) => t.name === name);
}

/** Shorthand for a column spec. */
export function col(name: string, type: SqlType, label?: string): ColumnSpec {
  return label === undefined ? { name, type } : { name, type, label };
}
