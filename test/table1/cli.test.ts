import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run as simulate } from '../../src/cli/simulate.js';
import { run as table1Cli } from '../../src/cli/table1.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/traces/sim');

function capture(): { out: () => string; err: () => string } {
  let o = '', e = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => { o += String(s); return true; });
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => { e += String(s); return true; });
  return { out: () => o, err: () => e };
}

afterEach(() => { vi.restoreAllMocks(); });

describe('tbdl simulate / tbdl table1', () => {
  it('simulate --out writes the committed fixtures byte for byte (and N healthy runs)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tbdl-sim-'));
    try {
      const io = capture();
      expect(await simulate(['--out', dir, '--healthy', '2'])).toBe(0);
      expect(io.out()).toContain('wrote 60 study traces');
      const name = 'permute.qwen3-8b.seed1.tbdl.jsonl';
      expect(readFileSync(join(dir, name), 'utf8')).toBe(readFileSync(join(FIXTURES, name), 'utf8'));
      expect(readdirSync(join(dir, 'healthy')).length).toBe(2);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('usage errors exit 2; --help exits 0', async () => {
    const io = capture();
    expect(await simulate([])).toBe(2);
    expect(await simulate(['--out', '/tmp/x', '--seed', '-3'])).toBe(2);
    expect(await table1Cli(['--bogus'])).toBe(2);
    expect(await table1Cli(['/nonexistent/dir'])).toBe(2);
    expect(await table1Cli(['--help'])).toBe(0);
    expect(io.out()).toContain('usage: tbdl table1');
  });

  it('table1 over fixture files prints the table; --json gives the runs', async () => {
    const io = capture();
    const files = ['permute.gemma-2-9b-it.seed2.tbdl.jsonl', 'correct.qwen3-32b.seed1.learned.jsonl'].map((f) => join(FIXTURES, f));
    expect(await table1Cli([...files, '--json'])).toBe(0);
    const res = JSON.parse(io.out()) as { runs: { arm: string; tbdl: boolean; caught: boolean }[] };
    expect(res.runs.map((r) => [r.arm, r.tbdl])).toEqual([['permute', true], ['correct', false]]);
    expect(res.runs[0]!.caught).toBe(true);
  });
  it('--plan prints planProbe\'s table; --power-study prints the replicated-study table; bad JSON or fields exit 2', async () => {
    const io = capture();
    expect(await table1Cli(['--plan', '{"mu0":0.328,"delta":0.05,"expectedGap":0.05,"rounds":30,"targetPower":0.5,"reps":40,"sizes":[16,64]}'])).toBe(0);
    expect(io.out()).toContain('| probe size | power of B by round K |');
    expect(io.out()).toMatch(/recommended size (16|64)|no candidate size/);
    expect(await table1Cli(['--power-study', '--sizes', '16', '--seeds', '1'])).toBe(0);
    expect(io.out()).toContain('| 16 | 1 |');
    expect(await table1Cli(['--plan', '{"mu0":2,"delta":0.05,"expectedGap":0.05,"rounds":30,"targetPower":0.5}'])).toBe(2);
    expect(io.err()).toContain('mu0');
    expect(await table1Cli(['--plan', '{oops'])).toBe(2);
    expect(await table1Cli(['--size', '0'])).toBe(2);
  }, 60_000);
});
