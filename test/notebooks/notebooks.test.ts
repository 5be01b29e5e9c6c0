/**
 * The notebooks run end to end as a new user runs them (`tsx notebooks/<name>.ts --out DIR`, a child
 * process), import only the public API, write their tables and figures, every figure validates
 * against vega-lite's schema, and the numbers they print are the numbers in their tables (parsed
 * from stdout and from the CSVs they wrote: nothing hard-coded). Total ~1-2 min on 2 cores.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateSpec } from '../../src/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NB = join(ROOT, 'notebooks');
const TSX = createRequire(import.meta.url).resolve('tsx/cli');

interface Run { code: number | null; stdout: string; stderr: string; dir: string }

function runNotebook(name: string, dir: string): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [TSX, join(NB, `${name}.ts`), '--out', dir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr, dir }));
  });
}

/** Printed key numbers: `  ▸ key = [k/n = ]estimate [lower, upper]`. */
interface Key { kn: string | null; estimate: number; lower: number | null; upper: number | null }
function keys(stdout: string): Map<string, Key> {
  const out = new Map<string, Key>();
  const re = /^\s*▸ (\S+) = (?:(\d+\/\d+) = )?(-?\d+\.\d+|NA)(?: \[(-?\d+\.\d+|NA), (-?\d+\.\d+|NA)\])?$/;
  const n = (s: string | undefined): number | null => (s === undefined ? null : s === 'NA' ? Number.NaN : Number(s));
  for (const line of stdout.split('\n')) {
    const m = re.exec(line);
    if (m) out.set(m[1]!, { kn: m[2] ?? null, estimate: n(m[3])!, lower: n(m[4]), upper: n(m[5]) });
  }
  return out;
}

/** RFC 4180 CSV after the `# ` header lines, as records of strings. */
function csv(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8').split('\n').filter((l) => !l.startsWith('#')).join('\n');
  const rows: string[][] = [];
  let row: string[] = [], cell = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') q = false; else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(cell); cell = ''; } else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else cell += ch;
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row); }
  const [head, ...body] = rows;
  return body.filter((r) => r.length === head!.length).map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i]!])));
}

/** Printed (3 decimals) vs table (full precision). */
function close(printed: number | null, table: string | undefined): void {
  expect(printed).not.toBeNull();
  expect(table).toBeDefined();
  expect(Math.abs(printed! - Number(table))).toBeLessThanOrEqual(0.0005 + 1e-12);
}

function expectFiles(dir: string, files: readonly string[]): void {
  for (const f of files) expect(existsSync(join(dir, f)), `${f} in ${dir}`).toBe(true);
}

function expectFigures(dir: string, ids: readonly string[]): void {
  for (const id of ids) {
    expectFiles(dir, [`${id}.vl.json`, `${id}.svg`, `${id}.png`]);
    const v = validateSpec(JSON.parse(readFileSync(join(dir, `${id}.vl.json`), 'utf8')));
    expect(v, `${id}.vl.json`).toEqual({ ok: true });
    expect(readFileSync(join(dir, `${id}.svg`), 'utf8')).toMatch(/<svg[\s\S]*<text/);
    expect(readFileSync(join(dir, `${id}.png`)).subarray(1, 4).toString()).toBe('PNG');
  }
  // every figure the notebook wrote validates, not only the expected ones
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.vl.json'))) {
    expect(validateSpec(JSON.parse(readFileSync(join(dir, f), 'utf8'))), f).toEqual({ ok: true });
  }
}

const NOTEBOOKS = ['01-detector', '02-judgment', '03-pressure', '04-reliability'] as const;
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;
const specsOf = (src: string): string[] => [...src.matchAll(IMPORT)].map((m) => m[1]!);
/** node builtins, the public entry, or a notebook-local helper (itself checked by the same rule). */
const allowed = (spec: string, files: readonly string[]): boolean =>
  spec.startsWith('node:') || spec === '../src/index.js' || (/^\.\/[\w-]+\.js$/.test(spec) && files.includes(spec.slice(2).replace(/\.js$/, '.ts')));

describe('notebooks import only the public API', () => {
  it('every import in notebooks/*.ts is node:*, ../src/index.js, or a notebook-local helper that obeys the same rule', () => {
    const files = readdirSync(NB).filter((f) => f.endsWith('.ts'));
    for (const n of NOTEBOOKS) expect(files).toContain(`${n}.ts`);
    for (const f of files) {
      const src = readFileSync(join(NB, f), 'utf8');
      const specs = specsOf(src);
      expect(specs.length, f).toBeGreaterThan(0);
      for (const s of specs) expect(allowed(s, files), `${f} imports '${s}'`).toBe(true);
    }
  });

  it('the import check catches a deep import (negative control)', () => {
    const specs = specsOf("import { learned } from '../src/detector/learned.js';\nimport x from 'vega';\nconst y = await import('../src/rng.js');\nimport './side-effect.js';");
    expect(specs).toEqual(['../src/detector/learned.js', 'vega', '../src/rng.js', './side-effect.js']);
    for (const s of specs) expect(allowed(s, ['01-detector.ts', '_shared.ts'])).toBe(false);
    expect(allowed('./_shared.js', ['01-detector.ts', '_shared.ts'])).toBe(true);
  });
});

describe('notebooks run and agree with their own tables', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'tbdl-notebooks-'));
  const runs = new Map<string, Promise<Run>>();
  const get = (name: string): Promise<Run> => {
    let r = runs.get(name);
    if (!r) { r = runNotebook(name, join(tmp, name)); runs.set(name, r); }
    return r;
  };
  afterAll(() => { rmSync(tmp, { recursive: true, force: true }); });

  it('01-detector: replay, Table 1, trap_base, baselines, validity Monte Carlo, four figures', async () => {
    const r = await get('01-detector');
    expect(r.code, r.stderr).toBe(0);
    expectFiles(r.dir, ['table1.md', 'table1.csv', 'trap_base.md', 'trap_base.csv', 'detector_baselines.csv', 'learned_audit.csv',
      'validity.md', 'validity.csv', 'results/detector_runs.parquet', 'results/detector_series.parquet', 'results/baseline_alarms.parquet']);
    expectFigures(r.dir, ['detector', 'trap-catch', 'alarm-steps', 'baselines']);
    const k = keys(r.stdout);
    const trap = csv(join(r.dir, 'trap_base.csv'));
    const pooled = trap.filter((x) => x['base'] === '(all bases)' && Number(x['tbdl']) > 0);
    expect(pooled.length).toBeGreaterThan(0);
    for (const row of pooled) {
      const p = k.get(`trap_base.${row['arm']}.caught`);
      expect(p, `trap_base.${row['arm']}.caught printed`).toBeDefined();
      expect(p!.kn).toBe(row['caught_kn']);
      close(p!.estimate, row['caught_rate']); close(p!.lower, row['caught_lower']); close(p!.upper, row['caught_upper']);
    }
    const t1 = csv(join(r.dir, 'table1.csv')).filter((x) => x['base'] === 'all' && Number(x['tbdl']) > 0);
    for (const row of t1) {
      const p = k.get(`table1.${row['arm']}.caught`)!;
      expect(p.kn).toBe(row['caught_kn']);
      close(p.lower, row['caught_lower']); close(p.upper, row['caught_upper']);
    }
    // Table 1 and trap_base come from the same replay: TBDL totals per arm agree
    const sum = (rows: Record<string, string>[], armKey: string, f: (x: Record<string, string>) => boolean) =>
      new Map([...new Set(rows.map((x) => x[armKey]!))].map((a) => [a, rows.filter((x) => x[armKey] === a && f(x)).reduce((s, x) => s + Number(x['tbdl']), 0)]));
    expect(sum(csv(join(r.dir, 'table1.csv')), 'arm', (x) => x['base'] !== 'all')).toEqual(sum(trap, 'arm', (x) => x['base'] !== '(all bases)'));
    const v = csv(join(r.dir, 'validity.csv'));
    const e = k.get('validity.eprocess.false_alarm')!, peek = k.get('validity.peeking.false_alarm')!;
    expect(e.kn).toBe(`${v[0]!['false_alarms']}/${v[0]!['runs']}`);
    expect(peek.kn).toBe(`${v[1]!['false_alarms']}/${v[1]!['runs']}`);
    close(e.upper, v[0]!['upper']); close(peek.lower, v[1]!['lower']);
    // the validity story itself: the e-process stays under alpha (+3 MC s.e.), peeking clearly does not
    const R = Number(v[0]!['runs']), alpha = Number(v[0]!['alpha']);
    expect(Number(v[0]!['rate'])).toBeLessThanOrEqual(alpha + 3 * Math.sqrt(alpha * (1 - alpha) / R));
    expect(Number(v[1]!['rate'])).toBeGreaterThan(2 * alpha);
  }, 240_000);

  it('02-judgment: arithmetic vs judgment, do-intervention with TOST, heatmap', async () => {
    const r = await get('02-judgment');
    expect(r.code, r.stderr).toBe(0);
    expectFiles(r.dir, ['stage_pass.md', 'stage_pass.csv', 'arith_vs_judgment.md', 'arith_vs_judgment.csv', 'do_intervention.md', 'do_intervention.csv',
      'results/stage_results.parquet', 'results/episodes.parquet']);
    expectFigures(r.dir, ['arith-judgment', 'do-forest', 'stage-heatmap']);
    const k = keys(r.stdout);
    const aj = csv(join(r.dir, 'arith_vs_judgment.csv'));
    expect(aj.length).toBeGreaterThan(0);
    for (const row of aj) {
      const tag = `${row['agent']}.${row['do_config'] === 'true' ? 'do' : 'control'}`;
      for (const cls of ['arithmetic', 'judgment']) {
        const p = k.get(`aj.${tag}.${cls}`);
        expect(p, `aj.${tag}.${cls}`).toBeDefined();
        expect(p!.kn).toBe(row[`${cls}_kn`]);
        close(p!.estimate, row[cls]); close(p!.lower, row[`${cls}_lower`]); close(p!.upper, row[`${cls}_upper`]);
      }
    }
    const doT = csv(join(r.dir, 'do_intervention.csv'));
    for (const row of doT) {
      const p = k.get(`do.${row['agent']}.diff`)!;
      close(p.estimate, row['diff']); close(p.lower, row['diff_lower']); close(p.upper, row['diff_upper']);
      expect(r.stdout).toContain(`-> ${row['verdict']}`);
    }
  }, 240_000);

  it('03-pressure: ladder per agent and rung, trend, first failing rung, dose-response', async () => {
    const r = await get('03-pressure');
    expect(r.code, r.stderr).toBe(0);
    expectFiles(r.dir, ['pressure_ladder.md', 'pressure_ladder.csv', 'pressure_trend.md', 'pressure_trend.csv']);
    expectFigures(r.dir, ['pressure-ladder']);
    const k = keys(r.stdout);
    const ladder = csv(join(r.dir, 'pressure_ladder.csv'));
    expect(ladder.length).toBeGreaterThan(0);
    for (const row of ladder) {
      const tag = `ladder.${row['agent']}.${row['rung']}`;
      const g = k.get(`${tag}.gate`)!;
      expect(g.kn).toBe(row['kn']);
      close(g.lower, row['lower']); close(g.upper, row['upper']);
      close(k.get(`${tag}.gate_seed_level`)!.estimate, row['seed_estimate']);
      expect(k.get(`${tag}.refusal_hit`)!.kn).toBe(row['refusal_hit_kn']);
      expect(k.get(`${tag}.refusal_fa`)!.kn).toBe(row['refusal_fa_kn']);
    }
    for (const row of csv(join(r.dir, 'pressure_trend.csv'))) {
      close(k.get(`trend.${row['agent']}.slope_per_rung`)!.estimate, row['slope_per_rung']);
    }
  }, 240_000);

  it('04-reliability: pass^k, ranking with tie groups, comparisons with MDE', async () => {
    const r = await get('04-reliability');
    expect(r.code, r.stderr).toBe(0);
    expectFiles(r.dir, ['pass_k.md', 'pass_k.csv', 'ranking.md', 'ranking.csv', 'comparisons.md', 'comparisons.csv']);
    expectFigures(r.dir, ['pass-k', 'ranking']);
    const k = keys(r.stdout);
    const pk = csv(join(r.dir, 'pass_k.csv'));
    for (const row of pk.filter((x) => x['pass_k'] !== '')) {
      const p = k.get(`pass_k.${row['agent']}.k${row['k']}`)!;
      close(p.estimate, row['pass_k']); close(p.upper, row['upper']);
    }
    for (const row of csv(join(r.dir, 'ranking.csv'))) close(k.get(`ranking.${row['agent']}.judgment`)!.estimate, row['judgment']);
    const cmp = csv(join(r.dir, 'comparisons.csv'));
    for (const fam of new Set(cmp.map((x) => x['family']!))) {
      const rs = cmp.filter((x) => x['family'] === fam);
      expect(k.get(`comparisons.${fam}.significant`)!.kn).toBe(`${rs.filter((x) => x['significant'] === 'true').length}/${rs.length}`);
    }
    expect(statSync(join(r.dir, 'files.txt')).size).toBeGreaterThan(0);
  }, 240_000);
});
