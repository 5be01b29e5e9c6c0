/**
 * The plain-PyTorch-loop guide of docs/integrations.md, run for real: Debian's python3-torch runs
 * integrations/python/examples/plain_loop.py (tbdl_probe.TBDLLoop in a hand-written loop) with
 * true and with permuted labels, and `tbdl replay` reads what it wrote. FAILS (not skips) when
 * /usr/bin/python3 lacks torch. One process per arm (about 5 s each on one core).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMonitorCli } from '../../src/monitor/cli-run.js';
import { captureIO } from '../monitor/cli-io.js';
import { pythonProblem, readTrace, runPython, ROOT, samplerMismatches } from './harness.js';

const EXAMPLE = join(ROOT, 'integrations', 'python', 'examples', 'plain_loop.py');
let dir = '';

beforeAll(async () => {
  const problem = pythonProblem();
  if (problem !== null) throw new Error(problem);
  dir = mkdtempSync(join(tmpdir(), 'tbdl-plainloop-'));
  await Promise.all(['true', 'permuted'].map(async (labels) => {
    const r = await runPython([EXAMPLE, '--labels', labels, '--out', join(dir, `${labels}.jsonl`)]);
    if (r.code !== 0) throw new Error(`plain_loop --labels ${labels} exited ${r.code}: ${r.stderr}`);
  }));
}, 180_000);

afterAll(() => { if (dir !== '') rmSync(dir, { recursive: true, force: true }); });

describe('plain PyTorch loop with TBDLLoop (real torch job)', () => {
  it('writes valid protocol-v1 telemetry whose probe rounds are the shared sampler\'s draws', () => {
    for (const labels of ['true', 'permuted']) {
      const trace = readTrace(join(dir, `${labels}.jsonl`));
      expect(trace.map((e) => e.type).filter((t, i, a) => a.indexOf(t) === i)).toEqual(['run', 'train', 'probe', 'eval', 'end']);
      expect(trace.filter((e) => e.type === 'probe')).toHaveLength(12); // 120 steps, every 10
      expect(samplerMismatches(trace)).toEqual([]);
    }
  });

  it('true labels: learned, no alarm, exit 0; permuted labels: alarms, TBDL, exit 1', async () => {
    const ok = captureIO();
    expect(await runMonitorCli('replay', [join(dir, 'true.jsonl'), '--json'], ok.io)).toBe(0);
    expect(ok.lines()).toEqual([expect.objectContaining({ type: 'verdict', train_pass: true, learned: true, tbdl: false, alarm: null })]);
    const bad = captureIO();
    expect(await runMonitorCli('replay', [join(dir, 'permuted.jsonl'), '--json'], bad.io)).toBe(1);
    const alarms = bad.lines().filter((l) => l.type === 'alarm').map((l) => l.alarm);
    expect(alarms).toContain('worse_than_base');
    expect(bad.lines().find((l) => l.type === 'verdict')).toMatchObject({ train_pass: true, learned: false, tbdl: true });
  });
});
