/**
 * Results held in memory: createTable/registerTable make an open db analysable, analyzeRows
 * gives the same tables as the Parquet round trip, writeResultsTables writes the contract's SQL
 * types, and bad rows fail with codes that name table, row and column.
 */
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeResults } from '../../src/analysis/analyze.js';
import { openDb } from '../../src/analysis/duckdb.js';
import { RESULTS_COLUMNS } from '../../src/analysis/results-schema.js';
import { analyzeRows, writeResultsTables } from '../../src/analysis/rows.js';
import { getTable } from '../../src/analysis/table.js';
import { generateSweep as oracleSweep, scoreEpisodes } from '../../src/oracle/index.js';
import { generateSweep, STUDY_AGENTS, writeSweep, type SyntheticRows } from './synthetic.js';

const SPEC = { seed: 21, agents: STUDY_AGENTS, bases: ['qwen3-8b', 'gemma-2-9b'], seeds: 2, tickets: 1 };
const OPTS = { replicates: 100 };
let rows: SyntheticRows;

beforeAll(() => { rows = generateSweep(SPEC); });

describe('an open db sees tables made in it', () => {
  it('createTable of a results-table name registers it, so analyzeResults(db) analyses it', async () => {
    const db = await openDb();
    try {
      const cols = RESULTS_COLUMNS.episodes;
      await db.createTable('episodes', cols, rows.episodes);
      await db.createTable('scratch', [{ name: 'x', type: 'INTEGER' }], [{ x: 1 }]);
      expect(db.tables).toEqual(['episodes']);
      const res = await analyzeResults(db, OPTS);
      expect(res.tables.map((t) => t.name)).toEqual(['trap_incidence', 'pressure_ladder', 'pressure_trend', 'comparisons']);
      expect(res.meta.counts).toEqual({ episodes: rows.episodes.length });
    } finally { db.close(); }
  });
  it('registerTable adds a table made with SQL; unknown names and absent tables are coded errors', async () => {
    const dir = await writeSweep({ stage_results: rows.stage_results });
    const db = await openDb();
    try {
      await db.exec(`CREATE TABLE stage_results AS SELECT * FROM read_parquet('${join(dir, 'stage_results.parquet')}')`);
      await db.registerTable('stage_results');
      await db.registerTable('stage_results');
      expect(db.tables).toEqual(['stage_results']);
      await expect(db.registerTable('episodes')).rejects.toMatchObject({ code: 'missing_tables' });
      await expect(db.registerTable('nope' as 'episodes')).rejects.toMatchObject({ code: 'invalid_argument' });
      const res = await analyzeResults(db, { ...OPTS, only: ['stage_pass'] });
      expect(res.tables.map((t) => t.name)).toEqual(['stage_pass']);
    } finally { db.close(); }
  });
});

describe('analyzeRows and writeResultsTables', () => {
  it('analyzeRows equals analyzing the same rows read back from Parquet', async () => {
    const dir = await writeSweep(rows);
    const fromParquet = await analyzeResults(dir, OPTS);
    const inMemory = await analyzeRows(rows, OPTS);
    expect(inMemory.tables).toEqual(fromParquet.tables);
    expect(inMemory.meta.counts).toEqual(fromParquet.meta.counts);
  });
  it('writeResultsTables writes Parquet with the contract types, readable by analyzeResults', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tbdl-rows-'));
    const files = await writeResultsTables({ stage_results: rows.stage_results, episodes: rows.episodes, detector_series: [] }, dir);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['stage_results.parquet', 'episodes.parquet']);
    const db = await openDb();
    try {
      for (const name of ['stage_results', 'episodes'] as const) {
        const d = await db.query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('${join(dir, `${name}.parquet`)}'))`);
        const got = d.toArray().map((r) => `${String((r as { column_name: string }).column_name)} ${String((r as { column_type: string }).column_type)}`);
        expect(got).toEqual(RESULTS_COLUMNS[name].map((c) => `${c.name} ${c.type}`));
      }
    } finally { db.close(); }
    const a = await analyzeResults(dir, { ...OPTS, only: ['do_intervention'] });
    const b = await analyzeRows({ stage_results: rows.stage_results, episodes: rows.episodes }, { ...OPTS, only: ['do_intervention'] });
    expect(a.tables).toEqual(b.tables);
  });
  it('takes the oracle\'s scored rows as they are (StageRow / EpisodeRow), no casts or type map', async () => {
    const scored = scoreEpisodes(oracleSweep({ seeds: 1 }));
    const res = await analyzeRows({ stage_results: scored.stages, episodes: scored.episodes }, { ...OPTS, only: ['pressure_ladder'] });
    const ladder = getTable(res, 'pressure_ladder')!;
    expect(ladder.rows.length).toBeGreaterThan(0);
    const deployedFeasible = scored.episodes.filter((e) => e.feasible && !e.injection && e.deployed).length;
    expect(ladder.rows.reduce((s, r) => s + Number(r.n), 0)).toBe(deployedFeasible);
  });
  it('bad rows name table, row and column', async () => {
    const ep = rows.episodes.slice(0, 3).map((r) => ({ ...r }));
    ep[2]!.seed = 'two';
    await expect(analyzeRows({ episodes: ep })).rejects.toMatchObject({ code: 'invalid_value', message: expect.stringContaining('table episodes, row 2, column seed') });
    const { deployed: _d, ...noDeployed } = rows.episodes[0]!;
    await expect(analyzeRows({ episodes: [noDeployed] })).rejects.toMatchObject({ code: 'missing_column', message: expect.stringContaining('deployed (row 0)') });
    await expect(analyzeRows({})).rejects.toMatchObject({ code: 'missing_tables' });
    await expect(analyzeRows({ bogus: [] } as never)).rejects.toMatchObject({ code: 'invalid_argument' });
  });
});
