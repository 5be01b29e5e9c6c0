/**
 * The real training job (issue 3, "A real training job"): Debian's python3-torch fine-tunes an MLP
 * on scikit-learn's bundled digits with the arms correct, permute, noise and mask, writing
 * protocol-v1 telemetry through integrations/python/tbdl_probe. These tests run the job, run the
 * detector on what it wrote and on the committed traces (fixtures/traces/real), and check the
 * stop file ends a live job early. They FAIL (not skip) when /usr/bin/python3 lacks torch.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARMS, ROOT, decide, pythonProblem, readTrace, runJob, runPython, samplerMismatches, type Arm, type Decision } from './harness.js';

const FIXTURES = join(ROOT, 'fixtures', 'traces', 'real');
const STEPS = 300;
/** Fresh seeds, not among the committed fixtures' seeds (1-3). */
const SEEDS = [4, 5];
const TBDL_ARMS: readonly Arm[] = ['permute', 'noise'];

let dir = '';
const fresh = new Map<string, Decision>();

function assertArm(arm: Arm, d: Decision, where: string): void {
  const planned = d.run.plan.steps;
  expect(d.verdict.train_pass, `${where}: train gate`).toBe(true);
  if (arm === 'permute') {
    // every permute run caught before its end
    expect(d.alarms.length, `${where}: permute must alarm`).toBeGreaterThan(0);
    expect(Math.min(...d.alarms.map((a) => a.step)), `${where}: first alarm step`).toBeLessThan(planned);
  }
  if (TBDL_ARMS.includes(arm)) {
    expect(d.verdict.tbdl, `${where}: verdict TBDL`).toBe(true);
    expect(d.verdict.learned, `${where}: not Learned`).toBe(false);
  } else {
    expect(d.alarms.map((a) => `${a.alarm}@${a.step}`), `${where}: no alarm on a learning run`).toEqual([]);
    expect(d.verdict.learned, `${where}: Learned`).toBe(true);
    expect(d.verdict.tbdl, `${where}: not TBDL`).toBe(false);
  }
}

beforeAll(async () => {
  const problem = pythonProblem();
  if (problem !== null) throw new Error(problem);
  dir = mkdtempSync(join(tmpdir(), 'tbdl-realjob-'));
  // 8 fresh runs: one process per seed running the 4 arms, the two seeds in parallel (CI: 2 cores)
  await Promise.all(SEEDS.map(async (seed) => {
    const r = await runJob(ARMS, [seed], join(dir, '{arm}.{seed}.jsonl'), ['--steps', String(STEPS)]);
    if (r.code !== 0) throw new Error(`finetune_digits seed ${seed} exited ${r.code}: ${r.stderr}`);
  }));
  for (const seed of SEEDS) for (const arm of ARMS) fresh.set(`${arm}.${seed}`, decide(readTrace(join(dir, `${arm}.${seed}.jsonl`))));
}, 240_000);

afterAll(() => { if (dir !== '') rmSync(dir, { recursive: true, force: true }); });

describe('tbdl_probe python helper', () => {
  it('passes its own unittest suite (integrations/python/tests)', async () => {
    const r = await runPython(['-m', 'unittest', 'discover', '-s', 'integrations/python/tests']);
    expect(r.stderr).toMatch(/\nOK\s*$/);
    expect(r.code).toBe(0);
  });
});

describe('real job, fresh runs (seeds 4 and 5, 300 steps)', () => {
  for (const arm of ARMS) {
    it(`${arm}: the detector's alarms and verdict match the arm`, () => {
      for (const seed of SEEDS) {
        const d = fresh.get(`${arm}.${seed}`);
        expect(d, `${arm} seed ${seed} ran`).toBeDefined();
        assertArm(arm, d as Decision, `${arm} seed ${seed}`);
        expect(d?.end?.type === 'end' && d.end.status).toBe('completed');
      }
    });
  }

  it('every probe round is the TypeScript sampler\'s draw from the logged seed', () => {
    for (const arm of ARMS) for (const seed of SEEDS) {
      const trace = readTrace(join(dir, `${arm}.${seed}.jsonl`));
      const probes = trace.filter((e) => e.type === 'probe');
      expect(probes.map((p) => p.seq)).toEqual(probes.map((_, i) => i + 1));
      expect(samplerMismatches(trace)).toEqual([]);
    }
  });
});

describe('real job, committed traces (fixtures/traces/real)', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.jsonl')).sort();
  it('has every arm x seeds 1-3 with the verdict in the name', () => {
    expect(files).toEqual(ARMS.flatMap((arm) => [1, 2, 3].map((s) =>
      `${arm}.digits.seed${s}.${arm === 'correct' ? 'learned' : arm === 'mask' ? 'benign' : 'tbdl'}.jsonl`)).sort());
  });
  for (const file of files) {
    it(`${file}: the detector agrees with the name`, () => {
      const arm = file.split('.')[0] as Arm;
      const trace = readTrace(join(FIXTURES, file));
      const d = decide(trace);
      assertArm(arm, d, file);
      expect(d.verdict.tbdl).toBe(file.endsWith('.tbdl.jsonl'));
      expect(samplerMismatches(trace)).toEqual([]);
    });
  }
});
