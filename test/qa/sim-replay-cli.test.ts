/** QA regressions: simulate/table1 argument handling, and replay inputs that carry no run. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TSX = createRequire(import.meta.url).resolve('tsx/cli');
const ROOT = new URL('../..', import.meta.url).pathname;
function tbdl(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [TSX, join(ROOT, 'src/cli/main.ts'), ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
let dir = '';
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tbdl-qa2-')); });
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('simulate and table1 arguments', () => {
  it('simulate --out - is refused (it writes files, not a stream) and creates nothing', () => {
    const r = tbdl(['simulate', '--out', '-']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('invalid --out: "-"');
    expect(existsSync(join(dir, '-'))).toBe(false);
  });
  it('simulate --out an existing file names the option, no errno', () => {
    writeFileSync(join(dir, 'f.txt'), 'x');
    const r = tbdl(['simulate', '--out', 'f.txt']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('invalid --out: "f.txt" (expected a directory; it is an existing file)');
    expect(r.err).not.toMatch(/EEXIST/);
  });
  it('table1 --size -3 reaches the range check; an unknown flag is named in the house voice', () => {
    const a = tbdl(['table1', '--size', '-3']);
    expect(a.code).toBe(2);
    expect(a.err).not.toContain('ambiguous');
    const b = tbdl(['table1', '--bogus']);
    expect(b.code).toBe(2);
    expect(b.err).toContain("unknown option '--bogus'");
  });
});

describe('replay inputs without a run', () => {
  it('an empty file exits 2 and says what was expected', () => {
    writeFileSync(join(dir, 'empty.jsonl'), '');
    const r = tbdl(['replay', 'empty.jsonl', '--json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no run found');
  });
  it('a trainer log the adapter cannot read exits 2 and names the format problem', () => {
    writeFileSync(join(dir, 'metrics.csv'), 'epoch,loss\n0,1.2\n');
    const r = tbdl(['replay', '--adapter', 'lightning_csv', '--run', 'x', 'metrics.csv', '--json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('no "step" column');
  });
  it('adapter events alone give a verdict that says learning was not measured', () => {
    const r = tbdl(['replay', '--adapter', 'hf_trainer_state', '--run', 'permute-qwen3-8b-s1', join(ROOT, 'fixtures/adapters/hf/checkpoint-60'), '--json']);
    expect(r.code).toBe(0);
    const v = r.out.split('\n').filter((l) => l.includes('"type":"verdict"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(v).toEqual([expect.objectContaining({ run: 'permute-qwen3-8b-s1', learned: null, learned_reason: 'no_probe_data', train_pass: true })]);
  });
});
