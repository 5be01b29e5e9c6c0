/**
 * QA regression: in table (a) stage_pass, a class row at k = n (the configurator's arithmetic is
 * 180/180 in the demo) printed a cluster-robust interval of [1, 1] — a point. It now falls back
 * to Clopper-Pearson over the episodes, so its lower bound is below 1.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TSX = createRequire(import.meta.url).resolve('tsx/cli');
const ROOT = new URL('../..', import.meta.url).pathname;
const tbdl = (args: string[]) => spawnSync(process.execPath, [TSX, join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

describe('stage_pass class rows at k = n', () => {
  it('never print a zero-width interval', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tbdl-qa-cr-'));
    try {
      expect(tbdl(['sweep', '--out', join(dir, 's.jsonl'), '--seeds', '1', '--agents', 'configurator']).status).toBe(0);
      expect(tbdl(['score', join(dir, 's.jsonl'), '--out', join(dir, 'r'), '--quiet']).status).toBe(0);
      expect(tbdl(['analyze', join(dir, 'r'), '--out', join(dir, 't'), '--only', 'stage_pass', '--replicates', '200']).status).toBe(0);
      const [head, ...lines] = readFileSync(join(dir, 't', 'stage_pass.csv'), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
      const cols = head!.split(',');
      const at = (l: string, c: string) => l.split(',')[cols.indexOf(c)]!;
      const full = lines.filter((l) => at(l, 'interval').includes('cluster-robust') && at(l, 'k') === at(l, 'n'));
      expect(full.length).toBeGreaterThan(0); // the configurator's arithmetic is deterministic: k = n
      for (const l of full) expect(Number(at(l, 'lower'))).toBeLessThan(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
