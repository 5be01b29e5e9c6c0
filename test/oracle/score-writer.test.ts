import { describe, it, expect } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ScoreWriter, CHUNK_ROWS, SCORE_COLUMN_TYPES } from '../../src/cli/score-writer.js';
import { STAGE_COLUMNS, EPISODE_COLUMNS, type EpisodeRow, type StageRow } from '../../src/oracle/index.js';

/**
 * The batched score writer (dictionary codes + one data chunk per 2,048 rows) against the
 * row-by-row appender it replaced: same rows, same order, same types, for Parquet, a directory and
 * a DuckDB file, on rows with awkward strings (quotes, commas, newlines, unicode, empty), NULLs,
 * non-finite doubles, and more rows than one chunk.
 */
const AWKWARD = ['plain', 'with "quotes"', 'a,b,c', 'line\nbreak', 'ünïcødé ✓', '', ' spaced '];

function rows(n: number): { stages: StageRow[][]; episodes: EpisodeRow[] } {
  const stages: StageRow[][] = [], episodes: EpisodeRow[] = [];
  for (let i = 0; i < n; i++) {
    const a = AWKWARD[i % AWKWARD.length]!;
    const ep = {
      episode_id: `ep-${i}-${a}`, agent: `agent ${i % 3} ${a}`, base: 'Qwen/Qwen3-8B', family: 'qwen3', params_b: i % 5 === 0 ? 0.1 + i * 1e-9 : 8.19,
      seed: i % 7, ticket_id: `t${i % 11}`, trap: 'none', injection: i % 2 === 0, pressure: 'neutral', feasible: i % 3 !== 0,
      train_pass: i % 2 === 1, learned: i % 4 === 0, tbdl: i % 4 === 1, refused: false, routed_through_gate: i % 3 === 0 ? null : i % 3 === 1,
      deployed: i % 3 !== 0, gpu_hours: i === 5 ? Number.POSITIVE_INFINITY : i === 6 ? Number.NaN : i / 7, usd: -i / 3, deploy_action: i % 4 === 3 ? null : 'deploy_direct',
    } as unknown as EpisodeRow;
    const st: StageRow[] = [];
    for (let k = 1; k <= 3; k++) {
      st.push({
        episode_id: ep.episode_id, agent: ep.agent, base: ep.base, family: ep.family, params_b: ep.params_b, seed: ep.seed, ticket_id: ep.ticket_id,
        trap: ep.trap, injection: ep.injection, pressure: ep.pressure, feasible: ep.feasible, stage: `stage${k}`, stage_index: k, class: k === 2 ? 'arithmetic' : 'judgment',
        pass: (i + k) % 2 === 0, reasons: (i + k) % 2 === 0 ? '' : `r${k},"q",${a}`,
      } as unknown as StageRow);
    }
    stages.push(st); episodes.push(ep);
  }
  return { stages, episodes };
}

/** The reference: the row-by-row appender `tbdl score` used before (one call per value, same conversions). */
async function reference(file: string, n: number): Promise<void> {
  const { stages, episodes } = rows(n);
  const inst = await DuckDBInstance.create(file, { autoload_known_extensions: 'false', autoinstall_known_extensions: 'false' });
  const con = await inst.connect();
  for (const [name, cols, data] of [['stage_results', STAGE_COLUMNS, stages.flat()], ['episodes', EPISODE_COLUMNS, episodes]] as const) {
    await con.run(`CREATE TABLE ${name} (${cols.map((c) => `"${c}" ${SCORE_COLUMN_TYPES[c]}`).join(', ')})`);
    const app = await con.createAppender(name);
    for (const row of data as unknown as readonly Record<string, unknown>[]) {
      for (const c of cols) {
        const v = row[c], t = SCORE_COLUMN_TYPES[c];
        if (v === null || v === undefined) app.appendNull();
        else if (t === 'VARCHAR') app.appendVarchar(String(v));
        else if (t === 'BOOLEAN') app.appendBoolean(v === true);
        else if (t === 'INTEGER') app.appendInteger(Number(v));
        else app.appendDouble(Number(v));
      }
      app.endRow();
    }
    app.closeSync();
  }
  con.closeSync();
  inst.closeSync();
}

/** Row counts of the symmetric difference and of positional mismatches between two relations, and a's types. */
async function compare(setup: string, a: string, b: string): Promise<{ diff: number; order: number; n: number; types: string[] }> {
  const inst = await DuckDBInstance.create(':memory:', { autoload_known_extensions: 'false', autoinstall_known_extensions: 'false' });
  const con = await inst.connect();
  await con.run(setup);
  const q = async (sql: string) => (await con.runAndReadAll(sql)).getRowObjectsJS();
  const n = Number((await q(`SELECT count(*) AS n FROM ${a}`))[0]!.n);
  const diff = (await q(`SELECT count(*) AS n FROM (SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b}) UNION ALL SELECT count(*) FROM (SELECT * FROM ${b} EXCEPT ALL SELECT * FROM ${a})`)).reduce((s, r) => s + Number(r.n), 0);
  const order = Number((await q(`WITH x AS (SELECT row_number() OVER () AS i, * FROM ${a}), y AS (SELECT row_number() OVER () AS i, * FROM ${b}) SELECT count(*) AS n FROM x JOIN y USING (i) WHERE x::VARCHAR IS DISTINCT FROM y::VARCHAR`))[0]!.n);
  const types = (await q(`DESCRIBE SELECT * FROM ${a}`)).map((r) => `${String(r.column_name)} ${String(r.column_type)}`);
  con.closeSync();
  return { diff, order, n, types };
}

const typesOf = (names: readonly string[]) => names.map((c) => `${c} ${SCORE_COLUMN_TYPES[c]}`);

describe('ScoreWriter (batched) equals the row-by-row appender', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tbdl-score-writer-'));
  const N = CHUNK_ROWS + 77; // more episodes than one chunk; stage rows span several chunks
  const ref = join(dir, 'ref.duckdb');
  const write = async (out: string, n = N, literalDictMax?: number): Promise<string[]> => {
    const w = await ScoreWriter.open(out, literalDictMax === undefined ? {} : { literalDictMax });
    const { stages, episodes } = rows(n);
    for (let i = 0; i < n; i++) w.add(stages[i]!, episodes[i]!);
    return w.close();
  };
  const attach = `ATTACH '${ref}' AS ref (READ_ONLY)`;

  it(`Parquet (directory and FILE.parquet) and DuckDB outputs: same rows, order and types (${N} episodes with awkward strings, NULLs, inf / nan)`, async () => {
    await reference(ref, N);
    const files = await write(join(dir, 'out'));
    expect(files).toEqual([join(dir, 'out', 'stage_results.parquet'), join(dir, 'out', 'episodes.parquet')]);
    const one = await write(join(dir, 'one.parquet'));
    expect(one).toEqual([join(dir, 'one.parquet'), join(dir, 'one.episodes.parquet')]);
    const dbf = await write(join(dir, 'out.duckdb'));
    expect(dbf).toEqual([join(dir, 'out.duckdb')]);
    // the dictionary through a staged table instead of a constant list in the SQL
    const staged = await write(join(dir, 'staged'), N, 0);
    const cases: [string, string, string, readonly string[]][] = [
      [`read_parquet('${files[0]}')`, 'ref.stage_results', 'stage_results', STAGE_COLUMNS],
      [`read_parquet('${files[1]}')`, 'ref.episodes', 'episodes', EPISODE_COLUMNS],
      [`read_parquet('${one[0]}')`, 'ref.stage_results', 'stage_results', STAGE_COLUMNS],
      [`read_parquet('${one[1]}')`, 'ref.episodes', 'episodes', EPISODE_COLUMNS],
      [`read_parquet('${staged[0]}')`, 'ref.stage_results', 'stage_results', STAGE_COLUMNS],
      [`read_parquet('${staged[1]}')`, 'ref.episodes', 'episodes', EPISODE_COLUMNS],
    ];
    for (const [a, b, name, cols] of cases) {
      const r = await compare(attach, a, b);
      expect(r.n, name).toBe(name === 'episodes' ? N : 3 * N);
      expect(r.diff, name).toBe(0);
      expect(r.order, name).toBe(0);
      expect(r.types, name).toEqual(typesOf(cols));
    }
    for (const t of ['stage_results', 'episodes']) {
      const r = await compare(`${attach}; ATTACH '${dbf[0]}' AS out (READ_ONLY)`, `out.${t}`, `ref.${t}`);
      expect(r.diff + r.order, t).toBe(0);
      expect(r.n).toBe(t === 'episodes' ? N : 3 * N);
    }
  }, 60_000);

  it('negative control: the comparison sees a changed value and a swapped row', async () => {
    const r = await compare(attach, `(SELECT * REPLACE (CASE WHEN stage_index = 2 AND episode_id LIKE 'ep-3-%' THEN 'x' ELSE reasons END AS reasons) FROM ref.stage_results)`, 'ref.stage_results');
    expect(r.diff).toBe(2);
    const s = await compare(attach, '(SELECT * FROM ref.episodes ORDER BY episode_id DESC)', 'ref.episodes');
    expect(s.diff).toBe(0);
    expect(s.order).toBeGreaterThan(0);
  }, 60_000);

  it('no episodes: both tables written, empty, with the schema types', async () => {
    const files = await write(join(dir, 'empty'), 0);
    const r = await compare('SELECT 1', `read_parquet('${files[0]}')`, `read_parquet('${files[0]}')`);
    expect(r.n).toBe(0);
    expect(r.types).toEqual(typesOf(STAGE_COLUMNS));
    const staged = await write(join(dir, 'empty-staged'), 0, 0);
    const e = await compare('SELECT 1', `read_parquet('${staged[1]}')`, `read_parquet('${staged[1]}')`);
    expect(e.n).toBe(0);
    expect(e.types).toEqual(typesOf(EPISODE_COLUMNS));
  });

  it('rejects stage rows that do not repeat their episode (not scoreEpisode output)', async () => {
    const w = await ScoreWriter.open(join(dir, 'bad'));
    const { stages, episodes } = rows(1);
    const st = stages[0]!.map((r) => ({ ...r }));
    st[1]!.agent = 'someone else';
    expect(() => w.add(st, episodes[0]!)).toThrow(/differs from its episode/);
    w.abort();
  });
});
