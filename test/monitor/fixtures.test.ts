import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMonitorCli } from '../../src/monitor/cli-run.js';
import type { OutputLine } from '../../src/telemetry/schema.js';
import { captureIO } from './cli-io.js';
import { interleave } from './traces.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DIRS = ['fixtures/traces/sim', 'fixtures/traces/real'].map((d) => join(ROOT, d));

/**
 * run id -> the verdict word its fixture name states (`*.tbdl.jsonl`, `*.learned.jsonl`,
 * `*.benign.jsonl`) for the simulated traces, whose names state the simulator's ground truth (the
 * real traces' names state the arm's intent, which a real job need not meet).
 */
function labels(): Map<string, string> {
  const m = new Map<string, string>();
  for (const dir of DIRS.slice(0, 1)) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
      const first = JSON.parse(readFileSync(join(dir, f), 'utf8').split('\n')[0]!) as { run: string };
      m.set(first.run, f.split('.').at(-2)!);
    }
  }
  return m;
}

describe('replay over the bundled traces', () => {
  it('states the verdict the fixture name states, and watching the interleaved stream live gives the same lines', async () => {
    const want = labels();
    const rep = captureIO();
    await runMonitorCli('replay', [...DIRS, '--json'], rep.io);
    const verdicts = rep.lines().filter((l) => l.type === 'verdict');
    expect(rep.lines().filter((l) => l.type === 'rejected')).toEqual([]);
    const sim = verdicts.filter((v) => want.has(String(v.run)));
    expect(sim).toHaveLength(want.size);
    // the names state the simulator's label under the study's Learned rule, which every verdict carries as learned_study
    for (const v of sim) expect([v.run, v.train_pass === true && v.learned_study === false]).toEqual([v.run, want.get(String(v.run)) === 'tbdl']);

    // live: all runs interleaved line by line on stdin
    const files = DIRS.flatMap((d) => readdirSync(d).filter((n) => n.endsWith('.jsonl')).map((n) => join(d, n)));
    const stream = interleave(files.map((f) => readFileSync(f, 'utf8').split('\n').filter((l) => l !== '')));
    const live = captureIO(stream.join('\n') + '\n');
    await runMonitorCli('watch', ['--json'], live.io);
    const byRun = (ls: OutputLine[]) => ls.filter((l) => l.type !== 'rejected').map((l) => JSON.stringify(l)).sort();
    expect(byRun(live.lines())).toEqual(byRun(rep.lines()));
  });
});
