/**
 * Test harness for the real training job (integrations/python/examples/finetune_digits.py):
 * spawning the job with Debian's /usr/bin/python3, reading its JSONL with the telemetry schema,
 * running the detector over a trace, and re-deriving probe draws with the TypeScript sampler.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectorApply, detectorFinish, detectorInit, sampleProbe } from '../../src/detector/index.js';
import { telemetryEventSchema, type AlarmLine, type OutputLine, type RunEvent, type TelemetryEvent, type VerdictLine } from '../../src/telemetry/schema.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PYTHON = '/usr/bin/python3';
export const EXAMPLE = join(ROOT, 'integrations', 'python', 'examples', 'finetune_digits.py');
export const ARMS = ['correct', 'permute', 'noise', 'mask'] as const;
export type Arm = (typeof ARMS)[number];

/** Null when /usr/bin/python3 can import torch, sklearn and numpy; else a message naming the fix. */
export function pythonProblem(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch, sklearn, numpy'], { encoding: 'utf8' });
  if (r.error) return `cannot run ${PYTHON}: ${r.error.message} (install python3)`;
  if (r.status !== 0) {
    return `${PYTHON} cannot import torch/sklearn/numpy: ${r.stderr.trim().split('\n').pop() ?? ''}\n` +
      'the real-job tests need Debian packages: apt-get install python3-torch python3-sklearn python3-numpy';
  }
  return null;
}

/** Runs a python command; resolves with its exit code and stderr (never rejects on a non-zero exit). */
export function runPython(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

/**
 * Runs the example job for the given arms and seeds in ONE process (the base is trained and
 * torch imported once), writing telemetry to `out` ({arm} and {seed} are filled in per run).
 */
export function runJob(arms: readonly Arm[], seeds: readonly number[], out: string, extra: string[] = []): Promise<{ code: number | null; stderr: string }> {
  return runPython([EXAMPLE, '--arm', arms.join(','), '--seed', seeds.join(','), '--out', out, '--threads', '1', ...extra]);
}

/** Parses a JSONL trace with the protocol-v1 schema; throws naming file, line and field. */
export function readTrace(file: string): TelemetryEvent[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const events: TelemetryEvent[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const r = telemetryEventSchema.safeParse(JSON.parse(line));
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new Error(`${file}:${i + 1}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    events.push(r.data);
  });
  return events;
}

/** What the detector decided on one trace. */
export interface Decision { run: RunEvent; alarms: AlarmLine[]; verdict: VerdictLine; end: TelemetryEvent | undefined }

/** Replays a whole trace through detectorInit / detectorApply / detectorFinish. */
export function decide(events: TelemetryEvent[]): Decision {
  const run = events[0];
  if (run === undefined || run.type !== 'run') throw new Error('trace does not start with a run event');
  let state = detectorInit(run);
  const out: OutputLine[] = [];
  for (const ev of events.slice(1)) {
    const r = detectorApply(state, ev);
    state = r.state;
    out.push(...r.out);
  }
  const fin = detectorFinish(state);
  out.push(...fin.out);
  const alarms = out.filter((o): o is AlarmLine => o.type === 'alarm');
  const verdict = out.find((o): o is VerdictLine => o.type === 'verdict');
  if (verdict === undefined) throw new Error(`no verdict for run ${run.run}`);
  return { run, alarms, verdict, end: events.find((e) => e.type === 'end') };
}

/**
 * Re-derives every probe round from the logged seed with the TypeScript sampler and returns the
 * seqs whose logged item ids differ from pool_ids[sampleProbe(...)] (empty when all agree).
 */
export function samplerMismatches(events: TelemetryEvent[]): number[] {
  const run = events[0] as RunEvent;
  const poolIds = (run.probe as { pool_ids?: unknown }).pool_ids;
  if (!Array.isArray(poolIds) || poolIds.length !== run.base.pool_size) throw new Error(`run ${run.run}: probe.pool_ids missing or not pool_size long`);
  const bad: number[] = [];
  for (const ev of events) {
    if (ev.type !== 'probe') continue;
    const pos = sampleProbe({ poolSize: run.base.pool_size, size: run.probe.size, seed: run.probe.seed ?? 0, round: ev.seq });
    const want = pos.map((p) => String(poolIds[p]));
    if (want.join(',') !== ev.items.map((it) => it.id).join(',')) bad.push(ev.seq);
  }
  return bad;
}
