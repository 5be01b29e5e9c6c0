/**
 * analyzeResults end to end on synthetic sweeps (test/analysis/synthetic.ts): every table is
 * built with its method header, k/n, determinism, invariance to row order in the Parquet files,
 * recovery of the profiles' true rates, the CLI, and coded errors for bad inputs.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeResults } from '../../src/analysis/analyze.js';
import { openDb } from '../../src/analysis/duckdb.js';
import { getTable, type AnalysisResult } from '../../src/analysis/table.js';
import { run } from '../../src/cli/analyze.js';
import { createRng } from '../../src/rng.js';
import { generateSweep, STUDY_AGENTS, writeSweep, type SyntheticRows } from './synthetic.js';

const SPEC = { seed: 11, agents: STUDY_AGENTS, bases: ['qwen3-8b', 'gemma-2-9b', 'llama-3.3-70b'], seeds: 3, tickets: 2 };
let rows: SyntheticRows;
let dir: string;
let res: AnalysisResult;

beforeAll(async () => {
  rows = generateSweep(SPEC);
  dir = await writeSweep(rows);
  res = await analyzeResults(dir, { replicates: 300 });
});

describe('analyzeResults on a synthetic sweep', () => {
  it('builds every table with a method header and k/n', () => {
    expect(res.tables.map((t) => t.name)).toEqual(['trap_base', 'detector_baselines', 'learned_audit', 'trap_incidence', 'stage_pass', 'arith_vs_judgment', 'do_intervention', 'pressure_ladder', 'pressure_trend', 'pass_k', 'ranking', 'comparisons']);
    for (const t of res.tables) {
      expect(t.rows.length, t.name).toBeGreaterThan(0);
      expect(t.notes.length, t.name).toBeGreaterThan(0);
      for (const r of t.rows) for (const c of Object.keys(r)) expect(t.columns.map((x) => x.name), `${t.name}.${c}`).toContain(c);
    }
    expect(res.meta.seeds).toEqual([1, 2, 3]);
    expect(res.meta.counts).toMatchObject({ stage_results: rows.stage_results.length, episodes: rows.episodes.length, detector_runs: rows.detector_runs.length });
    const stage = getTable(res, 'stage_pass')!;
    const intake = stage.rows.find((r) => r.agent === 'configurator' && r.stage === 'intake')!;
    const n = rows.stage_results.filter((r) => r.agent === 'configurator' && r.stage === 'intake' && r.injection === false && r.pressure === 'neutral');
    expect(intake.kn).toBe(`${n.filter((r) => r.pass).length}/${n.length}`);
  });
  it('finding 1: TBDL and catch counts agree with the rows', () => {
    const t = getTable(res, 'trap_base')!;
    const all = t.rows.find((r) => r.arm === 'permute' && r.base === '(all bases)')!;
    const runs = rows.detector_runs.filter((r) => r.arm === 'permute');
    expect(all.tbdl).toBe(runs.length);
    expect(all.caught_k).toBe(runs.filter((r) => r.alarm !== null).length);
    const correct = t.rows.find((r) => r.arm === 'correct' && r.base === '(all bases)')!;
    expect(correct.false_alarm_kn).toBe(`0/${runs.length}`);
    expect(Number(correct.false_alarm_upper95_one_sided)).toBeCloseTo(1 - 0.05 ** (1 / runs.length), 6);
  });
  it('finding 3: the ladder finds the susceptible agents and not the robust one', () => {
    const trend = getTable(res, 'pressure_trend')!;
    const by = Object.fromEntries(trend.rows.map((r) => [r.agent, r]));
    expect(by['gpt-mini']!.first_failing_rung).toBe('none');
    expect(by['gemini-flash']!.first_failing_rung).not.toBe('none');
    expect(Number(by['gemini-flash']!.p_decreasing)).toBeLessThan(0.001);
    const ladder = getTable(res, 'pressure_ladder')!;
    for (const r of ladder.rows) { expect(r.refusal_hit_rate).toBe(1); expect(r.refusal_fa_rate).toBe(0); }
  });
  it('recovers the profiles\' true rates within its intervals (>= 85% of intervals; nominal 95%)', () => {
    // Truth: judgment and arithmetic per agent (arithmetic = 1 under do), gate routing per agent x rung.
    let hit = 0, total = 0;
    const check = (truth: number, lo: unknown, hi: unknown): void => { total++; if (Number(lo) <= truth && truth <= Number(hi)) hit++; };
    for (const r of getTable(res, 'arith_vs_judgment')!.rows) {
      const prof = STUDY_AGENTS[String(r.agent)]!;
      check(prof.judgment, r.judgment_lower, r.judgment_upper);
      if (!r.do_config && prof.arithmetic < 1) check(prof.arithmetic, r.arithmetic_lower, r.arithmetic_upper);
    }
    for (const r of getTable(res, 'pressure_ladder')!.rows) {
      const t = STUDY_AGENTS[String(r.agent)]!.ladder[String(r.rung)]!;
      if (t > 0 && t < 1) { check(t, r.seed_lower, r.seed_upper); check(t, r.lower, r.upper); }
    }
    expect(total).toBeGreaterThanOrEqual(15);
    expect(hit / total).toBeGreaterThanOrEqual(0.85);
  });
  it('finding 2: a flat do-intervention is not called a change, and arithmetic is 1 under do', () => {
    for (const r of getTable(res, 'do_intervention')!.rows) expect(r.verdict).not.toBe('changed');
    for (const r of getTable(res, 'arith_vs_judgment')!.rows) if (r.do_config) expect(r.arithmetic).toBe(1);
  });
});

describe('determinism and invariance', () => {
  it('same seed, same tables; shuffled Parquet rows give identical tables', async () => {
    const rng = createRng(9);
    const shuffle = <T>(a: T[]): T[] => { const b = [...a]; for (let i = b.length - 1; i > 0; i--) { const j = rng.int(i + 1); [b[i], b[j]] = [b[j]!, b[i]!]; } return b; };
    const dir2 = await writeSweep({ stage_results: shuffle(rows.stage_results), episodes: shuffle(rows.episodes), detector_runs: shuffle(rows.detector_runs), baseline_alarms: shuffle(rows.baseline_alarms) });
    const a = await analyzeResults(dir2, { replicates: 300 });
    for (const t of a.tables) { const o = getTable(res, t.name)!; t.rows.forEach((r, i) => expect(r, `${t.name} row ${i}`).toEqual(o.rows[i])); }
    expect(a.tables).toEqual(res.tables);
  });
});

describe('partial inputs, the CLI and coded errors', () => {
  it('reads only detector tables when that is all there is', async () => {
    const d = await writeSweep({ detector_runs: rows.detector_runs });
    const r = await analyzeResults(d, { replicates: 50 });
    expect(r.tables.map((t) => t.name)).toEqual(['trap_base', 'detector_baselines', 'learned_audit']);
    expect(r.meta.seeds).toEqual([1, 2, 3]);
  });
  it('reads a results.duckdb as well as Parquet', async () => {
    const d = mkdtempSync(join(tmpdir(), 'tbdl-duck-'));
    const db = await openDb(join(d, 'results.duckdb'));
    await db.exec(`CREATE TABLE detector_runs AS SELECT * FROM read_parquet('${join(dir, 'detector_runs.parquet')}')`);
    db.close();
    const r = await analyzeResults(d, { replicates: 50, only: ['trap_base'] });
    expect(r.tables.map((t) => t.name)).toEqual(['trap_base']);
    expect(r.tables[0]!.rows).toEqual(getTable(res, 'trap_base')!.rows);
  });
  it('names the missing table or column with a code', async () => {
    await expect(analyzeResults(mkdtempSync(join(tmpdir(), 'tbdl-empty-')))).rejects.toMatchObject({ code: 'missing_tables' });
    await expect(analyzeResults('/nonexistent/tbdl')).rejects.toMatchObject({ code: 'io_error' });
    const d = await writeSweep({ baseline_alarms: rows.baseline_alarms.map(({ fired: _f, ...r }) => ({ ...r, fired: null })) });
    const db = await openDb();
    await db.exec(`COPY (SELECT run, rule, step FROM read_parquet('${join(d, 'baseline_alarms.parquet')}')) TO '${join(d, 'baseline_alarms.parquet')}' (FORMAT parquet)`);
    db.close();
    await expect(analyzeResults(d)).rejects.toMatchObject({ code: 'missing_column', message: expect.stringContaining('baseline_alarms: missing column fired') });
  });
  it('tbdl analyze writes Markdown, CSV and Parquet with the method header', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tbdl-out-'));
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (() => true) as typeof process.stdout.write;
    let code: number;
    try { code = await run([dir, '--out', out, '--replicates', '100', '--only', 'ranking,pressure_ladder']); } finally { process.stdout.write = write; }
    expect(code).toBe(0);
    for (const f of ['ranking.md', 'ranking.csv', 'ranking.parquet', 'pressure_ladder.parquet', 'meta.json', 'README.md']) expect(existsSync(join(out, f)), f).toBe(true);
    const md = readFileSync(join(out, 'ranking.md'), 'utf8');
    expect(md).toContain('seeds 1, 2, 3');
    expect(md).toContain('bootstrap');
    expect(readFileSync(join(out, 'ranking.csv'), 'utf8').split('\n').find((l) => !l.startsWith('#'))).toBe('rank,agent,judgment,lower,upper,tie_group,p_beats_next,p_group_top_better');
    const db = await openDb();
    const t = await db.query(`SELECT count(*)::INTEGER AS n FROM read_parquet('${join(out, 'pressure_ladder.parquet')}')`);
    const kv = await db.query(`SELECT decode(value) AS v FROM parquet_kv_metadata('${join(out, 'pressure_ladder.parquet')}') WHERE decode(key) = 'tbdl.notes'`);
    db.close();
    expect(t.getChild('n')!.get(0)).toBe(16);
    expect(String(kv.getChild('v')!.get(0))).toContain('McNemar');
    const err = process.stderr.write.bind(process.stderr);
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      expect(await run([])).toBe(2);
      expect(await run(['/nonexistent', '--out', out])).toBe(2);
    } finally { process.stderr.write = err; }
    writeFileSync(join(out, 'x'), '');
  });
});
