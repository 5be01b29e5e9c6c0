/**
 * The package as a user gets it. The current src/ is compiled (tsc, no errors) into a staged copy
 * of the repository, `npm pack`ed, and the tarball installed with `--omit=dev` into an empty project
 * in the system temp folder, outside the repository, offline from the local npm cache (`npm ci`
 * fills it). No devDependency is reachable there, so a runtime import of one (ajv, tsx) fails here.
 * Then: the tarball's size, the root and every subpath import, every verb's --help, a replay of a
 * shipped trace, `tbdl demo` into a temporary folder, and the binary's signals: one process, so
 * SIGTERM (exit 143, state flushed) and SIGKILL leave no orphan holding the DuckDB lock.
 *
 * The project's package-lock pins tbdl's dependencies at the repository's locked versions (what a
 * user's lockfile does), so npm needs no registry metadata and runs offline from the cache.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const HOOK = join(ROOT, 'scripts', 'loaded-modules.mjs');
/** Unpacked size limit of the tarball (bytes): the simulated traces are generated, not shipped. */
const MAX_UNPACKED = 5 * 1024 * 1024;
const HEAVY = ['@duckdb/node-api', 'apache-arrow', 'vega', 'vega-lite', '@resvg/resvg-js', 'ajv'];
/** The subpaths that do load some of HEAVY (README: the CLI and package section); every other one is light. */
const HEAVY_SUBPATHS = ['tbdl/monitor', 'tbdl/analysis', 'tbdl/report'];
/** Not copied into the staged repository: installs, builds, outputs, VCS. */
const NOT_STAGED = new Set(['node_modules', 'dist', '.git', 'out', 'test-output', '.tbdl-tmp']);

/** The environment without what `npm test` sets for its own package (prefix, lifecycle, package fields). */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.toLowerCase().startsWith('npm_') || k.toLowerCase() === 'npm_config_cache') env[k] = v;
  env['PATH'] = `${dirname(process.execPath)}:${process.env['PATH'] ?? ''}`;
  return { ...env, ...extra };
}
const npm = (args: string[], cwd: string): SpawnSyncReturns<string> =>
  spawnSync('npm', args, { cwd, encoding: 'utf8', env: cleanEnv(), timeout: 300_000 });
const failure = (r: SpawnSyncReturns<string>) => `status ${String(r.status)}\n${r.stdout}\n${r.stderr}`;

let work = '';      // everything this test writes: os.tmpdir()/tbdl-package-*
let project = '';   // the user's project that installs the tarball
let bin = '';       // project/node_modules/.bin/tbdl
let packed: { unpackedSize: number; files: Array<{ path: string }> } = { unpackedSize: 0, files: [] };

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'tbdl-package-'));
  expect(work.startsWith(ROOT)).toBe(false);
  // 1. stage the repository and compile the current src/ into it (the checkout's dist/ is not touched)
  const stage = join(work, 'stage');
  mkdirSync(stage);
  for (const name of readdirSync(ROOT)) if (!NOT_STAGED.has(name)) cpSync(join(ROOT, name), join(stage, name), { recursive: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const b = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', join(stage, 'dist')], { cwd: ROOT, encoding: 'utf8' });
  expect(b.stdout + b.stderr).toBe('');
  expect(b.status).toBe(0);
  // 2. pack it
  const p = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], stage);
  expect(p.status, failure(p)).toBe(0);
  packed = (JSON.parse(p.stdout) as Array<typeof packed & { filename: string }>)[0]!;
  const tgz = join(work, basename((JSON.parse(p.stdout) as Array<{ filename: string }>)[0]!.filename));
  // 3. an empty project whose lockfile pins tbdl's dependencies as the repository's lockfile does
  project = join(work, 'project');
  mkdirSync(project);
  copyFileSync(tgz, join(project, 'tbdl.tgz'));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; license: string; dependencies: Record<string, string>; bin: Record<string, string>; engines: Record<string, string> };
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tgz)).digest('base64')}`;
  const packages: Record<string, unknown> = {
    '': { name: 'user-project', version: '1.0.0', dependencies: { tbdl: 'file:tbdl.tgz' } },
    'node_modules/tbdl': { version: pkg.version, resolved: 'file:tbdl.tgz', integrity, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
  };
  for (const [k, v] of Object.entries(lock.packages)) if (k !== '' && v.dev !== true) packages[k] = v;
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', private: true, type: 'module', dependencies: { tbdl: 'file:tbdl.tgz' } }, null, 2));
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
  // 4. install like a user: production dependencies only, no network
  const i = npm(['install', '--offline', '--omit=dev', '--no-audit', '--no-fund', './tbdl.tgz'], project);
  expect(i.status, failure(i)).toBe(0);
  bin = join(project, 'node_modules', '.bin', 'tbdl');
}, 600_000);

afterAll(() => { if (work !== '') rmSync(work, { recursive: true, force: true }); });

/** Runs the installed binary (its shebang: plain node) in the user's project. */
const tbdl = (args: string[], timeout = 120_000) => spawnSync(bin, args, { cwd: project, encoding: 'utf8', env: cleanEnv(), timeout });
/** Runs an ES module snippet in the user's project, recording every module it loads. */
function inProject(code: string): { status: number | null; stdout: string; stderr: string; packages: Set<string> } {
  const mods = join(work, `mods-${createHash('sha1').update(code).digest('hex').slice(0, 12)}.txt`);
  const r = spawnSync(process.execPath, ['--import', HOOK, '--input-type=module', '-e', code], { cwd: project, encoding: 'utf8', env: cleanEnv({ TBDL_LOADED_OUT: mods }), timeout: 60_000 });
  const packages = new Set<string>();
  for (const m of existsSync(mods) ? readFileSync(mods, 'utf8').split('\n') : []) {
    const hit = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(m);
    if (hit?.[1] !== undefined) packages.add(hit[1]);
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, packages };
}

describe('the tarball', () => {
  it('is at most 5 MB unpacked and ships dist, bin and the real traces, not the simulated ones, src or source maps', () => {
    expect(packed.unpackedSize).toBeGreaterThan(500_000);
    expect(packed.unpackedSize).toBeLessThanOrEqual(MAX_UNPACKED);
    const paths = packed.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['bin/tbdl.mjs', 'dist/cli/main.js', 'dist/index.d.ts', 'fixtures/traces/real/permute.digits.seed1.tbdl.jsonl']));
    expect(paths.filter((p) => p.startsWith('fixtures/traces/sim/') || p.startsWith('src/') || p.endsWith('.map'))).toEqual([]);
  });
});

describe('installed with --omit=dev, outside the repository', () => {
  it('no devDependency and no tsx is installed', () => {
    const nm = readdirSync(join(project, 'node_modules'));
    expect(nm).toContain('tbdl');
    expect(nm).toContain('ajv'); // a runtime dependency of the report
    expect(nm.filter((n) => ['tsx', 'typescript', 'vitest', 'fast-check', 'tinybench', 'esbuild'].includes(n))).toEqual([]);
  });

  it('imports the root with the whole public API', () => {
    const r = inProject("import * as m from 'tbdl'; const x = m.createRng(7).next(); process.stdout.write(JSON.stringify({ n: Object.keys(m).length, x, fns: ['design','detectorInit','scoreEpisode','analyzeResults','renderReportHtml'].map((k) => typeof m[k]) }));");
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { n: number; x: number; fns: string[] };
    expect(j.n).toBeGreaterThan(200);
    expect(j.x).toBeGreaterThanOrEqual(0);
    expect(j.fns).toEqual(['function', 'function', 'function', 'function', 'function']);
  });

  it('imports every subpath; all but monitor, analysis and report load no DuckDB, Arrow, vega, resvg or ajv', () => {
    const exp = (JSON.parse(readFileSync(join(project, 'node_modules', 'tbdl', 'package.json'), 'utf8')) as { exports: Record<string, unknown> }).exports;
    const subpaths = Object.keys(exp).filter((k) => k !== '.' && k !== './package.json').map((k) => `tbdl/${k.slice(2)}`);
    expect(subpaths).toEqual(expect.arrayContaining(['tbdl/eprocess', 'tbdl/detector', 'tbdl/telemetry']));
    for (const sp of subpaths) {
      const r = inProject(`import * as m from '${sp}'; process.stdout.write(String(Object.keys(m).length));`);
      expect({ sp, status: r.status, err: r.stderr }).toEqual({ sp, status: 0, err: '' });
      expect(Number(r.stdout)).toBeGreaterThan(0);
      if (!HEAVY_SUBPATHS.includes(sp)) expect({ sp, heavy: HEAVY.filter((h) => r.packages.has(h)) }).toEqual({ sp, heavy: [] });
    }
    // control: the probe does see DuckDB where a subpath loads it
    expect(inProject("import 'tbdl/analysis';").packages.has('@duckdb/node-api')).toBe(true);
  });

  it("runs every verb's --help", () => {
    const top = tbdl(['--help']);
    expect(top.status, top.stderr).toBe(0);
    const verbs = [...top.stdout.matchAll(/^ {2}([a-z0-9-]+) +\S/gm)].map((m) => m[1]!);
    expect(verbs).toEqual(expect.arrayContaining(['watch', 'replay', 'simulate', 'table1', 'sweep', 'score', 'analyze', 'report', 'demo']));
    for (const verb of verbs) {
      const r = tbdl([verb, '--help']);
      expect({ verb, status: r.status, err: r.stderr }).toEqual({ verb, status: 0, err: '' });
      expect(r.stdout).toContain(`tbdl ${verb}`);
    }
  });

  it('replays a shipped trace: the permuted-label run is TBDL and alarms (exit 1)', () => {
    const r = tbdl(['replay', 'node_modules/tbdl/fixtures/traces/real/permute.digits.seed1.tbdl.jsonl', '--json']);
    expect(r.status, r.stderr).toBe(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; tbdl?: boolean });
    expect(lines.some((l) => l.type === 'alarm')).toBe(true);
    expect(lines.filter((l) => l.type === 'verdict').map((l) => l.tbdl)).toEqual([true]);
  });

  it('scores a sweep with a worker thread from the installed package, as it does in one thread', () => {
    const sweepFile = join(work, 'pkg-sweep.jsonl');
    expect(tbdl(['sweep', '--out', sweepFile, '--seeds', '1']).status).toBe(0);
    const one = tbdl(['score', sweepFile, '--out', join(work, 'pkg-r0'), '--workers', '0']);
    const two = tbdl(['score', sweepFile, '--out', join(work, 'pkg-r1'), '--workers', '1']);
    expect(one.status, one.stderr).toBe(0);
    expect(two.status, two.stderr).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout).toMatch(/tbdl/);
    for (const f of ['stage_results.parquet', 'episodes.parquet']) {
      expect(readFileSync(join(work, 'pkg-r1', f)).equals(readFileSync(join(work, 'pkg-r0', f))), f).toBe(true);
    }
  }, 300_000);

  it('runs tbdl demo into a temporary folder (simulating the study traces first)', () => {
    const out = join(work, 'demo');
    const r = tbdl(['demo', '--out', out, '--seeds', '1', '--replicates', '100'], 600_000);
    expect(r.status, r.stderr).toBe(0);
    for (const k of [1, 2, 3, 4, 5]) expect(r.stdout).toContain(`[${k}/5]`);
    expect(readdirSync(join(out, 'traces', 'sim')).filter((f) => f.endsWith('.jsonl'))).toHaveLength(60);
    expect(r.stdout).toMatch(/72 runs, \d+ alarms, 0 rejected lines/);
    const permute = r.stdout.split('\n').find((l) => l.trim().startsWith('permute'))!.trim().split(/\s+/);
    expect(permute[3]).toBe(`${permute[2]}/${permute[2]}`); // every permuted-label run caught online
    expect(existsSync(join(out, 'report', 'index.html'))).toBe(true);
    expect(existsSync(join(out, 'results', 'stage_results.parquet'))).toBe(true);
  }, 600_000);
});

/** Pids of live processes whose command line mentions `needle` (Linux /proc), other than `except`. */
function processesMentioning(needle: string): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      const st = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (cmd.includes(needle) && !/\) Z /.test(st)) pids.push(Number(d)); // zombies hold no lock
    } catch { /* exited meanwhile */ }
  }
  return pids;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the tbdl binary is one process: a signal stops the monitor itself', () => {
  const cases: Array<[NodeJS.Signals, number | null]> = [['SIGTERM', 143], ['SIGINT', 130], ['SIGKILL', null]];
  for (const [signal, status] of cases) {
    it(`${signal} to the tbdl pid leaves no process behind and a restarted --state run gets the DuckDB lock`, async () => {
      const dir = join(work, `signal-${signal}`);
      mkdirSync(dir);
      const live = join(dir, 'live.jsonl'), state = join(dir, 'state.duckdb');
      copyFileSync(join(project, 'node_modules/tbdl/fixtures/traces/real/permute.digits.seed1.tbdl.jsonl'), live);
      const child = spawn(bin, ['watch', live, '--follow', '--poll-ms', '20', '--json', '--state', state], { cwd: project, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '', err = '';
      child.stdout.on('data', (b: Buffer) => { out += b.toString('utf8'); });
      child.stderr.on('data', (b: Buffer) => { err += b.toString('utf8'); });
      const exit = new Promise<{ code: number | null; sig: NodeJS.Signals | null }>((r) => child.on('close', (code, sig) => r({ code, sig })));
      for (let i = 0; i < 600 && !out.includes('"type":"verdict"'); i++) await sleep(50);
      expect(out, err).toContain('"type":"verdict"'); // the whole file is in; it keeps following
      expect(processesMentioning(live)).toContain(child.pid);
      child.kill(signal);
      const e = await exit;
      // SIGTERM / SIGINT: stop following, flush the state, exit 128 + the signal's number
      expect(e, err).toEqual(status === null ? { code: null, sig: 'SIGKILL' } : { code: status, sig: null });
      let left = processesMentioning(live);
      for (let i = 0; i < 40 && left.length > 0; i++) { await sleep(50); left = processesMentioning(live); }
      expect(left).toEqual([]);
      // the restart opens the same state (no "Conflicting lock") and applies nothing twice
      const again = tbdl(['replay', live, '--json', '--state', state]);
      expect(again.stderr).not.toMatch(/lock/i);
      expect(again.status).toBe(1); // the run's alarm, restored from the state
      const before = out.split('\n').filter((l) => l.includes('"type":"alarm"'));
      expect(before.length).toBeGreaterThan(0);
      for (const l of again.stdout.split('\n').filter((x) => x.includes('"type":"alarm"'))) expect(before).not.toContain(l);
    }, 120_000);
  }
});
