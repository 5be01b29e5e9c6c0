/**
 * QA regressions for the CLI's handling of bad input: every case here once crashed with a stack
 * trace, printed a raw errno message, exited 0 on a usage error, or (demo --out) deleted files it
 * did not create. Each spawns the real CLI (tsx) and asserts exit status and the option named.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TSX = createRequire(import.meta.url).resolve('tsx/cli');
const ROOT = new URL('../..', import.meta.url).pathname;
const TRACE = join(ROOT, 'fixtures/traces/sim/permute.qwen3-8b.seed1.tbdl.jsonl');

function tbdl(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [TSX, join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** No user error may print a stack trace or a bare errno message. */
function noTrace(err: string): void {
  expect(err).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(err).not.toMatch(/^tbdl: E[A-Z]+:/m);
}

let dir = '';
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tbdl-qa-')); });
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('watch / replay options', () => {
  it('a negative number reaches the option check (not "argument is ambiguous")', () => {
    const r = tbdl(['replay', '--margin', '-1', TRACE]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('invalid --margin: "-1"');
    expect(r.err).not.toContain('ambiguous');
  });

  it('an unknown option is named once, in the house voice', () => {
    const r = tbdl(['replay', '--bogus', TRACE]);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe('tbdl replay: invalid option: "--bogus" (expected one of the options in tbdl replay --help)');
  });

  it('an option that swallows the file is reported as that option', () => {
    const r = tbdl(['replay', '--alpha', TRACE]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('invalid --alpha');
  });

  it('--results naming an existing file fails before any input is read', () => {
    const f = join(dir, 'not-a-dir.txt');
    writeFileSync(f, 'keep');
    const r = tbdl(['replay', '--results', f, TRACE]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('invalid --results');
    expect(r.out).not.toContain('ALARM');
    expect(readFileSync(f, 'utf8')).toBe('keep');
    noTrace(r.err);
  });

  it('--stop-file naming a directory, and --stop-dir naming a file, are usage errors', () => {
    const d = join(dir, 'a-dir');
    mkdirSync(d, { recursive: true });
    const f = join(dir, 'a-file');
    writeFileSync(f, '');
    expect(tbdl(['replay', '--stop-file', d, TRACE]).code).toBe(2);
    expect(tbdl(['replay', '--stop-dir', f, TRACE]).code).toBe(2);
    const under = tbdl(['replay', '--stop-file', join(f, 'stop.json'), TRACE]);
    expect(under.code).toBe(2);
    noTrace(under.err);
  });

  it('--adapter tensorboard on a log directory reads the event files inside it', () => {
    const r = tbdl(['replay', '--adapter', 'tensorboard', '--run', 'x', join(ROOT, 'fixtures/adapters/tensorboard/hf-simple')]);
    expect(r.err).not.toContain('EISDIR');
    expect(r.out).toMatch(/; [1-9]\d* lines, [1-9]\d* events/);
  });

  it('a reader that closes the pipe early does not crash the monitor (EPIPE)', async () => {
    const child = spawn(process.execPath, [TSX, join(ROOT, 'src/cli/main.ts'), 'replay', '--json', join(ROOT, 'fixtures/traces/sim')], { cwd: ROOT });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.stdout.once('data', () => { child.stdout.destroy(); });
    const code = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
    expect(err).not.toContain('EPIPE');
    noTrace(err);
    expect(code).toBe(1); // alarms were raised before the reader left
  });
});

describe('demo --out never deletes what it did not write', () => {
  it('refuses a directory holding other files, and leaves them alone', () => {
    const d = join(dir, 'precious');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'notes.txt'), 'mine');
    const r = tbdl(['demo', '--out', d]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('invalid --out');
    expect(readFileSync(join(d, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('refuses an existing file', () => {
    const f = join(dir, 'file.txt');
    writeFileSync(f, 'mine');
    expect(tbdl(['demo', '--out', f]).code).toBe(2);
    expect(existsSync(f)).toBe(true);
  });

  it('names the bad value of --seeds', () => {
    const r = tbdl(['demo', '--seeds', '-1']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('invalid --seeds: "-1"');
  });
});

describe('sweep, score, analyze, report', () => {
  it('sweep: --seeds abc names the value; --out a directory is a usage error', () => {
    const a = tbdl(['sweep', '--out', join(dir, 's.jsonl'), '--seeds', 'abc']);
    expect(a.code).toBe(2);
    expect(a.err).toContain('invalid --seeds: "abc"');
    const b = tbdl(['sweep', '--out', dir]);
    expect(b.code).toBe(2);
    noTrace(b.err);
    const c = tbdl(['sweep', '--out', join(dir, 'missing', 'x.jsonl')]);
    expect(c.code).toBe(2);
    noTrace(c.err);
  });

  it('score: --out naming an existing file is a usage error', () => {
    const f = join(dir, 'out-file');
    writeFileSync(f, '');
    const sweepFile = join(dir, 'one.jsonl');
    expect(tbdl(['sweep', '--out', sweepFile, '--seeds', '1', '--agents', 'configurator']).code).toBe(0);
    const r = tbdl(['score', sweepFile, '--out', f]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('invalid --out');
    noTrace(r.err);
  });

  it('analyze: --only with an unknown table is a usage error, not "0 tables" and exit 0', () => {
    const r = tbdl(['analyze', dir, '--out', join(dir, 't'), '--only', 'bogus']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('invalid --only');
  });

  it('analyze and report: a file that is not a DuckDB database says what was expected', () => {
    const f = join(dir, 'telemetry.jsonl');
    writeFileSync(f, '{"v":1}\n');
    for (const verb of ['analyze', 'report']) {
      const r = tbdl([verb, f, '--out', join(dir, `o-${verb}`)]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`tbdl ${verb}: [io_error]`);
      expect(r.err).toContain('expected a results directory or a .duckdb file');
      noTrace(r.err);
    }
  });

  it('report: --replicates names its own bad value', () => {
    const r = tbdl(['report', dir, '--out', join(dir, 'r'), '--replicates', '-5']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('invalid --replicates: "-5"');
  });
});
