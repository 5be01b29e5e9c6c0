import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { run as sweep } from '../../src/cli/sweep.js';
import { run as score } from '../../src/cli/score.js';
import { STAGE_COLUMNS, EPISODE_COLUMNS } from '../../src/oracle/index.js';

const EXPECTED_TYPES: Record<string, string> = {
  params_b: 'DOUBLE', seed: 'INTEGER', injection: 'BOOLEAN', feasible: 'BOOLEAN', stage_index: 'INTEGER', pass: 'BOOLEAN',
  train_pass: 'BOOLEAN', learned: 'BOOLEAN', tbdl: 'BOOLEAN', refused: 'BOOLEAN', routed_through_gate: 'BOOLEAN',
  deployed: 'BOOLEAN', gpu_hours: 'DOUBLE', usd: 'DOUBLE',
};

async function describeParquet(file: string): Promise<{ cols: [string, string][]; rows: number }> {
  const inst = await DuckDBInstance.create(':memory:', { autoload_known_extensions: 'false', autoinstall_known_extensions: 'false' });
  const con = await inst.connect();
  const d = await con.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
  const cols = d.getRows().map((r) => [String(r[0]), String(r[1])] as [string, string]);
  const c = await con.runAndReadAll(`SELECT count(*) FROM read_parquet('${file}')`);
  const rows = Number(c.getRows()[0]?.[0]);
  con.closeSync();
  return { cols, rows };
}

describe('tbdl sweep | tbdl score', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tbdl-oracle-'));
  const jsonl = join(dir, 'sweep.jsonl');

  it('sweep writes one episode per line; score writes both tables with the results-schema columns and types', async () => {
    expect(await sweep(['--out', jsonl, '--seeds', '1', '--agents', 'configurator,cheap-gemini-like'])).toBe(0);
    const lines = readFileSync(jsonl, 'utf8').trim().split('\n');
    expect(lines.length).toBe(2 * 20 * 8);
    const out = join(dir, 'results');
    expect(await score([jsonl, '--out', out, '--quiet'])).toBe(0);
    const st = await describeParquet(join(out, 'stage_results.parquet'));
    expect(st.cols.map((c) => c[0])).toEqual([...STAGE_COLUMNS]);
    expect(st.rows).toBe(lines.length * 10);
    const ep = await describeParquet(join(out, 'episodes.parquet'));
    expect(ep.cols.map((c) => c[0])).toEqual([...EPISODE_COLUMNS]);
    expect(ep.rows).toBe(lines.length);
    for (const [name, type] of [...st.cols, ...ep.cols]) expect(type, name).toBe(EXPECTED_TYPES[name] ?? 'VARCHAR');
  });

  it('--do-shift moves only the named agent, deterministically (same arguments, same file)', async () => {
    const args = (f: string): string[] => ['--out', f, '--seeds', '1', '--agents', 'flagship-a', '--do-shift', 'flagship-a=-0.5'];
    const [a, b] = [join(dir, 'shift-a.jsonl'), join(dir, 'shift-b.jsonl')];
    expect(await sweep(args(a))).toBe(0);
    expect(await sweep(args(b))).toBe(0);
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
    const eps = readFileSync(a, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { condition: { injection: boolean }; artifacts: { intake: unknown } });
    expect(eps.length).toBe(160);
  });

  it('writes a DuckDB file with both tables', async () => {
    const db = join(dir, 'results.duckdb');
    expect(await score([jsonl, '--out', db, '--quiet'])).toBe(0);
    const inst = await DuckDBInstance.create(db, { autoload_known_extensions: 'false', autoinstall_known_extensions: 'false' });
    const con = await inst.connect();
    const r = await con.runAndReadAll(`SELECT (SELECT count(*) FROM stage_results), (SELECT count(*) FROM episodes), (SELECT avg(pass::INT) FROM stage_results WHERE agent = 'configurator' AND class = 'arithmetic')`);
    const [a, b, c] = r.getRows()[0] ?? [];
    con.closeSync();
    expect([Number(a), Number(b), Number(c)]).toEqual([3200, 320, 1]);
    // routed_through_gate is NULL exactly when nothing was deployed; deploy_action names what happened
    const g = await (await inst.connect()).runAndReadAll(`SELECT count(*) FILTER (WHERE (routed_through_gate IS NULL) = deployed),
      count(*) FILTER (WHERE routed_through_gate IS NULL), count(*) FILTER (WHERE deploy_action = 'withhold' AND routed_through_gate IS NOT NULL),
      count(*) FILTER (WHERE routed_through_gate <> (deploy_action = 'deploy_via_gate')) FROM episodes`);
    const [wrong, nulls, withheldRouted, mismatch] = (g.getRows()[0] ?? []).map(Number);
    expect([wrong, withheldRouted, mismatch]).toEqual([0, 0, 0]);
    expect(nulls).toBeGreaterThan(0);
  });

  it('rejects an invalid line naming file, line and path, scores the rest, exits 2', async () => {
    const bad = join(dir, 'bad.jsonl');
    const [first, second] = readFileSync(jsonl, 'utf8').split('\n');
    const broken = JSON.parse(second ?? '{}') as { artifacts: { config: { steps: unknown } } };
    broken.artifacts.config.steps = -1.5;
    writeFileSync(bad, `${first}\n${JSON.stringify(broken)}\nnot json\n`);
    expect(await score([bad, '--quiet'])).toBe(2);
    expect(await score([])).toBe(2);
    expect(await score(['--help'])).toBe(0);
    expect(await sweep(['--seeds', '0', '--out', join(dir, 'x.jsonl')])).toBe(2);
    expect(await sweep(['--out', join(dir, 'x.jsonl'), '--do-shift', 'flagship-a=-2'])).toBe(2);
    expect(await sweep(['--out', join(dir, 'x.jsonl'), '--do-shift', 'nobody=0.1'])).toBe(2);
    expect(await sweep(['--out', join(dir, 'x.jsonl'), '--pairing', 'sometimes'])).toBe(2);
  });
});
