/**
 * The stop file ends a live real job early: the job (permute arm) writes telemetry; this test
 * tails it like the monitor does, feeds each complete line to the detector and, at the first
 * alarm, writes the sentinel with the monitor's own atomic writer (src/monitor/stop-file.ts).
 * The job must notice it, stop before its planned end and write `end` with status "stopped".
 * A fixed sleep per step (--sleep-per-step 0.03) stands in for a slow GPU step so the job cannot
 * finish before the monitor reacts (300 steps >= 9 s; the alarm comes near step 100).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectorApply, detectorInit } from '../../src/detector/index.js';
import type { DetectorState } from '../../src/detector/index.js';
import { writeStopFile } from '../../src/monitor/stop-file.js';
import { telemetryEventSchema, type AlarmLine } from '../../src/telemetry/schema.js';
import { EXAMPLE, PYTHON, ROOT, pythonProblem, readTrace } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'tbdl-realjob-stop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('stop file', () => {
  it('a detector alarm written as the stop file stops the python job early', async () => {
    const problem = pythonProblem();
    if (problem !== null) throw new Error(problem);
    const out = join(dir, 'permute.jsonl');
    const stop = join(dir, 'permute.stop');
    const child = spawn(PYTHON, [EXAMPLE, '--arm', 'permute', '--seed', '1', '--steps', '300', '--out', out,
      '--stop-file', stop, '--sleep-per-step', '0.03', '--threads', '1'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let done = false;
    void exited.then(() => { done = true; });

    let state: DetectorState | null = null;
    let consumed = 0;
    let alarm: AlarmLine | null = null;
    while (!done && alarm === null) {
      await new Promise((r) => setTimeout(r, 50));
      if (!existsSync(out)) continue;
      const text = readFileSync(out, 'utf8');
      const lastNl = text.lastIndexOf('\n');
      if (lastNl < consumed) continue;
      const lines = text.slice(consumed, lastNl).split('\n').filter((l) => l.trim() !== '');
      consumed = lastNl + 1;
      for (const line of lines) {
        const ev = telemetryEventSchema.parse(JSON.parse(line));
        if (state === null) {
          if (ev.type !== 'run') throw new Error('first line is not a run event');
          state = detectorInit(ev);
          continue;
        }
        const r = detectorApply(state, ev);
        state = r.state;
        const a = r.out.find((o): o is AlarmLine => o.type === 'alarm');
        if (a !== undefined) { alarm = a; break; }
      }
    }
    expect(alarm, `the detector alarmed while the job ran (job stderr: ${stderr})`).not.toBeNull();
    const fired = alarm as AlarmLine;
    await writeStopFile(stop, fired, new Date());
    expect(await exited).toBe(0);

    const trace = readTrace(out);
    const end = trace[trace.length - 1];
    expect(end?.type).toBe('end');
    if (end?.type !== 'end') return;
    expect(end.status).toBe('stopped');
    expect(end.step).toBeGreaterThanOrEqual(fired.step);
    expect(end.step).toBeLessThan(300);
    expect((end as { reason?: { alarm?: { alarm?: string } } }).reason?.alarm?.alarm).toBe(fired.alarm);
    expect(trace.some((e) => e.type === 'eval')).toBe(false);
  }, 120_000);
});
