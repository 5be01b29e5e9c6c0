/**
 * Each verb loads only what it uses: `tbdl --help` and every verb's `--help` load none of the heavy
 * libraries (DuckDB, Arrow, vega, resvg, ajv); `replay` without --results / --state loads no DuckDB
 * and no Arrow; the light parts (eprocess, detector, telemetry) load none of them. Every case runs
 * the CLI on src/ in a child node with scripts/loaded-modules.mjs recording each module it loads;
 * `replay --state` and the analysis part are the positive controls (they must show DuckDB), so a
 * probe that saw nothing could not pass. The installed package's dist/ entry points are checked the
 * same way in test/package.test.ts.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const HOOK = join(ROOT, 'scripts', 'loaded-modules.mjs');
const TRACE = join(ROOT, 'fixtures', 'traces', 'real', 'permute.digits.seed1.tbdl.jsonl');
/** The libraries that cost start-up time (DuckDB's native binding, Arrow, vega, resvg, ajv). */
const HEAVY = ['@duckdb/node-api', 'apache-arrow', 'vega', 'vega-lite', '@resvg/resvg-js', 'ajv'];

let dir = '';
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tbdl-lazy-')); });
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

/** The npm packages a child node loaded (names from node_modules paths) and its status and stdout. */
function loaded(nodeArgs: string[]): { packages: Set<string>; modules: string[]; status: number | null; stdout: string; stderr: string } {
  const out = join(dir, `mods-${Math.random().toString(36).slice(2)}.txt`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--import', HOOK, ...nodeArgs], {
    cwd: ROOT, encoding: 'utf8', timeout: 90_000, env: { ...process.env, TBDL_LOADED_OUT: out },
  });
  const modules = readFileSync(out, 'utf8').split('\n').filter((l) => l !== '');
  const packages = new Set<string>();
  for (const m of modules) {
    const hit = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(m.replace(/\\/g, '/'));
    if (hit?.[1] !== undefined) packages.add(hit[1]);
  }
  return { packages, modules, status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const cli = (...args: string[]) => loaded([join(ROOT, 'src', 'cli', 'main.ts'), ...args]);
const heavyIn = (p: Set<string>) => HEAVY.filter((h) => p.has(h));

describe('the CLI loads a verb only when it runs', () => {
  it('tbdl --help loads no verb module and no library at all', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('verbs:');
    const own = r.modules.filter((m) => m.includes('/src/') && !m.includes('node_modules'));
    expect(own.map((m) => m.slice(m.indexOf('/src/')))).toEqual(['/src/cli/main.ts']);
    expect(heavyIn(r.packages)).toEqual([]);
  });

  it("every verb's --help loads none of DuckDB, Arrow, vega, resvg, ajv", () => {
    const usage = cli('--help').stdout;
    const verbs = [...usage.matchAll(/^ {2}([a-z0-9-]+) +\S/gm)].map((m) => m[1]!);
    expect(verbs).toEqual(expect.arrayContaining(['watch', 'replay', 'score', 'analyze', 'report', 'demo']));
    for (const verb of verbs) {
      const r = cli(verb, '--help');
      expect({ verb, status: r.status }).toEqual({ verb, status: 0 });
      expect({ verb, heavy: heavyIn(r.packages) }).toEqual({ verb, heavy: [] });
    }
  });

  it('replay without --results / --state loads no DuckDB and no Arrow; with --state it loads DuckDB (control)', () => {
    const plain = cli('replay', TRACE, '--json');
    expect(plain.status).toBe(1); // the permute run alarms
    expect(plain.stdout).toContain('"type":"verdict"');
    expect(heavyIn(plain.packages)).toEqual([]);
    const withState = cli('replay', TRACE, '--json', '--state', join(dir, 'state.duckdb'));
    expect(withState.status).toBe(1);
    expect(withState.packages.has('@duckdb/node-api')).toBe(true);
    expect(['apache-arrow', 'vega', '@resvg/resvg-js'].filter((h) => withState.packages.has(h))).toEqual([]);
  });
});

describe('the light parts load no heavy library', () => {
  const imp = (rel: string) => loaded(['-e', `import(${JSON.stringify(join(ROOT, rel))}).then((m) => process.stdout.write(String(Object.keys(m).length)))`]);
  for (const part of ['eprocess', 'detector', 'telemetry']) {
    it(`src/${part} (the package's tbdl/${part})`, () => {
      const r = imp(`src/${part}/index.ts`);
      expect(r.status).toBe(0);
      expect(Number(r.stdout)).toBeGreaterThan(10);
      expect(heavyIn(r.packages)).toEqual([]);
    });
  }
  it('the analysis part does load DuckDB and Arrow (the probe sees them: control)', () => {
    const r = imp('src/analysis/index.ts');
    expect(r.status).toBe(0);
    expect(heavyIn(r.packages)).toEqual(expect.arrayContaining(['@duckdb/node-api', 'apache-arrow']));
  });
});
