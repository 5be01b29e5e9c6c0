/**
 * State identity: the state store keys a source by device + inode + a hash of its first line, not
 * by its path. A new job's file at an old path is read from its start; a restart on stdin does not
 * count the monitor's own re-read as duplicates; a non-follow watch over a grown file finishes the
 * runs it can (with --state, runs that have not sent `end` stay open instead of being closed).
 */
import { describe, it, expect } from 'vitest';
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMonitorCli } from '../../src/monitor/cli-run.js';
import type { OutputLine } from '../../src/telemetry/schema.js';
import { captureIO, scratch } from './cli-io.js';
import { runLines } from './traces.js';

const text = (lines: string[]) => lines.join('\n') + '\n';
const verdicts = (out: OutputLine[]) => out.filter((l) => l.type === 'verdict');
/** Decided lines without the delivery counters. */
const evidence = (out: OutputLine[]) => out.filter((l) => l.type !== 'rejected').map(({ duplicates: _d, late: _l, ...rest }) => rest);

async function watch(args: string[], stdin = ''): Promise<{ code: number; out: OutputLine[]; err: string }> {
  const c = captureIO(stdin);
  const code = await runMonitorCli('watch', [...args, '--json'], c.io);
  return { code, out: c.lines(), err: c.stderr() };
}

async function alone(lines: string[]): Promise<OutputLine[]> {
  const dir = scratch('tbdl-ident-ref-');
  writeFileSync(join(dir, 'r.jsonl'), text(lines));
  const c = captureIO();
  await runMonitorCli('replay', [join(dir, 'r.jsonl'), '--json'], c.io);
  return c.lines();
}

describe('state identity', () => {
  it('a new job\'s file at the same path (replaced by rename) is read from its start', async () => {
    const dir = scratch('tbdl-ident-');
    const file = join(dir, 'job.jsonl'), state = join(dir, 's.duckdb');
    const old = runLines('correct', 2, { runId: 'old' });
    writeFileSync(file, text(old));
    expect((await watch([file, '--state', state])).code).toBe(0);
    const next = runLines('permute', 1, { runId: 'new' });
    writeFileSync(join(dir, 'tmp'), text(next));
    renameSync(join(dir, 'tmp'), file);
    const r = await watch([file, '--state', state]);
    expect(verdicts(r.out).map((v) => v.run)).toEqual(['new']);
    expect(r.code).toBe(1);
  });

  it('a file rewritten in place (same inode, other first line) is read from its start', async () => {
    const dir = scratch('tbdl-ident-');
    const file = join(dir, 'job.jsonl'), state = join(dir, 's.duckdb');
    writeFileSync(file, text(runLines('correct', 2, { runId: 'old' })));
    await watch([file, '--state', state]);
    writeFileSync(file, text(runLines('correct', 3, { runId: 'new' }))); // truncates: same inode
    const r = await watch([file, '--state', state]);
    expect(verdicts(r.out).map((v) => v.run)).toEqual(['new']);
  });

  it('a restart on stdin does not count the monitor\'s own re-read as duplicates', async () => {
    const dir = scratch('tbdl-ident-');
    const state = join(dir, 's.duckdb');
    const lines = runLines('noise', 3, { runId: 'job' });
    const half = lines.slice(0, Math.floor(lines.length / 2));
    const first = await watch(['-', '--state', state], text(half)); // the trainer dies half-way
    expect(verdicts(first.out)).toEqual([]);
    const second = await watch(['-', '--state', state], text(lines)); // restarted: re-sends everything
    const v = verdicts(second.out);
    expect(v).toHaveLength(1);
    expect(v[0]!.duplicates).toBe(0);
    expect(evidence(verdicts(second.out))).toEqual(evidence(verdicts(await alone(lines))));
  });

  it('a non-follow watch over a grown file finishes the runs it can, with the verdicts of one pass', async () => {
    const dir = scratch('tbdl-ident-');
    const file = join(dir, 'job.jsonl'), state = join(dir, 's.duckdb');
    const a = runLines('permute', 1, { runId: 'a' }), b = runLines('correct', 2, { runId: 'b' });
    const cut = Math.floor(a.length / 2);
    writeFileSync(file, text([...a.slice(0, cut), ...b]));
    const first = await watch([file, '--state', state]);
    expect(verdicts(first.out).map((v) => v.run)).toEqual(['b']);
    expect(first.err).toMatch(/1 run\(s\) have not ended/);
    appendFileSync(file, text(a.slice(cut)));
    const second = await watch([file, '--state', state]);
    expect(verdicts(second.out).map((v) => v.run)).toEqual(['a']);
    const ref = verdicts(await alone([...a, ...b])).filter((v) => v.run === 'a');
    expect(verdicts(second.out)).toEqual(ref); // duplicates included: the rerun counted none
    expect(second.code).toBe(1);
  });
});
