/**
 * What every finding receives: the open database, the resolved options and a seeded rng per
 * table (derived from the analysis seed and the table name, so adding or skipping a table never
 * changes another table's bootstrap).
 */
import { createRng, type Rng } from '../rng.js';
import type { AnalysisDb } from './duckdb.js';
import type { AnalyzeOptions } from './table.js';

/** Resolved options. */
export type ResolvedOptions = Readonly<Required<Omit<AnalyzeOptions, 'only'>>>;

/** Context passed to each finding. */
export interface FindingContext {
  readonly db: AnalysisDb;
  readonly opts: ResolvedOptions;
  rngFor(name: string): Rng;
  has(table: string): boolean;
}

/** Defaults: seed 20260101, 2000 replicates, alpha 0.05, epsilon 0.05, power 0.8. */
export function resolveOptions(o: AnalyzeOptions = {}): ResolvedOptions {
  return {
    seed: o.seed ?? 20260101,
    replicates: o.replicates ?? 2000,
    alpha: o.alpha ?? 0.05,
    epsilon: o.epsilon ?? 0.05,
    power: o.power ?? 0.8,
    resampleBases: o.resampleBases ?? false,
  };
}

/** FNV-1a 32-bit hash of a string. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Builds a context. */
export function makeContext(db: AnalysisDb, opts: ResolvedOptions): FindingContext {
  return {
    db, opts,
    rngFor: (name) => createRng((opts.seed ^ hash32(name)) >>> 0),
    has: (t) => (db.tables as readonly string[]).includes(t),
  };
}
