/**
 * `tbdl convert` as a user runs it (child process): protocol JSONL on stdout, notices on stderr
 * (or as JSON lines with --json), exit status 0 / 2, and its output replays as the same runs.
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { telemetryEventSchema } from '../../src/telemetry/schema.js';
import { runMonitorCli } from '../../src/monitor/cli-run.js';
import { captureIO, scratch } from '../monitor/cli-io.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = createRequire(import.meta.url).resolve('tsx/cli');
const tbdl = (args: string[]) => {
  const r = spawnSync(process.execPath, [TSX, join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const TB_FILE = 'fixtures/adapters/tensorboard/torch-tensor/events.out.tfevents.1764496800.fixturehost.4242.0';

describe('tbdl convert', () => {
  it('writes valid protocol-v1 lines, notices on stderr; --json puts them on stdout; the output replays', async () => {
    const r = tbdl(['convert', 'fixtures/adapters/tensorboard/logdir', TB_FILE, '--plan-steps', '100', '--gpu-type', 'H200']);
    expect(r.code).toBe(0);
    const events = r.out.trim().split('\n').map((l) => telemetryEventSchema.parse(JSON.parse(l)));
    expect(events.filter((e) => e.type === 'run').map((e) => e.run)).toEqual(['addscalars', 'lightning_logs/version_0', 'tutorial', 'torch-tensor']);
    expect(events.find((e) => e.type === 'run')).toMatchObject({ plan: { steps: 100, gpu_type: 'H200' }, settings: 'flags' });
    expect(r.err).toContain('images_per_sec');
    expect(r.err).toContain('tokens_per_second_per_gpu');
    const j = tbdl(['convert', TB_FILE, '--json']);
    const notices = j.out.trim().split('\n').map((l) => JSON.parse(l) as { type: string; tags?: string[] }).filter((l) => l.type === 'notice');
    expect(notices).toEqual([expect.objectContaining({ code: 'unmapped_tags', run: 'torch-tensor', tags: ['tokens_per_second_per_gpu'] })]);
    const dir = scratch('tbdl-conv-');
    writeFileSync(join(dir, 'all.jsonl'), r.out);
    const c = captureIO();
    expect(await runMonitorCli('replay', [join(dir, 'all.jsonl'), '--json'], c.io)).toBe(0);
    expect(c.lines().filter((l) => l.type === 'verdict').map((v) => v.run)).toEqual(['addscalars', 'lightning_logs/version_0', 'tutorial', 'torch-tensor']);
  });

  it('usage errors and inputs without runs exit 2 naming the problem', () => {
    expect(tbdl(['convert']).code).toBe(2);
    const m = tbdl(['convert', TB_FILE, '--map', 'oops']);
    expect(m.code).toBe(2);
    expect(m.err).toContain('invalid --map: "oops"');
    const n = tbdl(['convert', 'fixtures/oracle']);
    expect(n.code).toBe(2);
    expect(n.err).toContain('no runs found');
  });
});
