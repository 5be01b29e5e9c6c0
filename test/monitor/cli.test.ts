import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync, readdirSync, existsSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runMonitorCli } from '../../src/monitor/cli-run.js';
import { captureIO, scratch } from './cli-io.js';
import { interleave, runLines } from './traces.js';

const tmp = () => scratch('tbdl-cli-');
const ROOT = join(import.meta.dirname, '..', '..');
const jsonl = (lines: string[]) => lines.join('\n') + '\n';

describe('tbdl replay / watch (in process)', () => {
  it('exit status 0 without alarm, 1 with an alarm, 2 for usage errors and unreadable input', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'ok.jsonl'), jsonl(runLines('correct', 1)));
    writeFileSync(join(dir, 'bad.jsonl'), jsonl(runLines('permute', 2)));
    const a = captureIO();
    expect(await runMonitorCli('replay', [join(dir, 'ok.jsonl'), '--json'], a.io)).toBe(0);
    expect(a.lines().map((l) => l.type)).toEqual(['verdict']);
    const b = captureIO();
    expect(await runMonitorCli('replay', [join(dir, 'bad.jsonl'), '--json'], b.io)).toBe(1);
    expect(b.lines().some((l) => l.type === 'alarm')).toBe(true);
    const c = captureIO();
    expect(await runMonitorCli('replay', [join(dir, 'missing.jsonl')], c.io)).toBe(2);
    expect(c.stderr()).toMatch(/unreadable input/);
    for (const argv of [[], ['x', '--alpha', '1.5'], ['x', '--nope'], ['x', '--webhook', 'file:///etc/passwd'], ['x', '--follow']]) {
      const d = captureIO();
      expect(await runMonitorCli('replay', argv, d.io)).toBe(2);
    }
  });

  it('watch on stdin gives the same lines as replay of the same file; directories work too', async () => {
    const dir = tmp();
    const lines = interleave([runLines('permute', 3), runLines('correct', 4)]);
    writeFileSync(join(dir, 'a.jsonl'), jsonl(lines));
    const r = captureIO();
    await runMonitorCli('replay', [dir, '--json'], r.io);
    const w = captureIO(jsonl(lines));
    await runMonitorCli('watch', ['--json'], w.io);
    const strip = (ls: ReturnType<typeof r.lines>) => ls.map((l) => JSON.stringify(l));
    expect(strip(w.lines())).toEqual(strip(r.lines()));
    expect(r.lines().filter((l) => l.type === 'verdict')).toHaveLength(2);
  });

  it('human mode: plain lines and a final table when not a TTY; ANSI redraw on a TTY; run ids made printable', async () => {
    const lines = runLines('permute', 5, { runId: 'evil\u001b[2J\nrun' });
    const plain = captureIO(jsonl(lines));
    expect(await runMonitorCli('watch', [], plain.io)).toBe(1);
    expect(plain.stdout()).not.toMatch(/\u001b/);
    expect(plain.stdout()).toMatch(/ALARM evil\\x1b\[2J\\x0arun: /);
    expect(plain.stdout()).toMatch(/1 runs, \d alarms, 1 verdicts/);
    const tty = captureIO(jsonl(lines), { tty: true });
    await runMonitorCli('watch', [], tty.io);
    expect(tty.stdout()).toMatch(/\u001b\[\d+F\u001b\[J/);
    expect(tty.stdout()).not.toMatch(/\u001b\[2J/);
  });

  it('rejected lines carry line number and field path; oversize lines are rejected, not buffered', async () => {
    const good = runLines('correct', 6, { heldout: 50 });
    const big = JSON.stringify({ v: 1, type: 'train', run: 'r', step: 1, pad: 'x'.repeat(5000) });
    const input = [good[0]!, '{"v":1,"type":"probe","run":"x","step":1,"seq":1,"items":[{"id":"1","base":true,"model":3}]}', big, ...good.slice(1)];
    const c = captureIO(jsonl(input));
    expect(await runMonitorCli('watch', ['--json', '--max-line-bytes', '4096'], c.io)).toBe(0);
    const rej = c.lines().filter((l) => l.type === 'rejected');
    expect(rej).toHaveLength(2);
    expect(rej[0]).toMatchObject({ line: 2, reason: expect.stringMatching(/^probe\.items\[0\]\.model: /) });
    expect(rej[1]).toMatchObject({ line: 3 });
    expect(String(rej[1]!.reason)).toMatch(/4096/);
  });

  it('--follow picks up a growing file and stops on the signal', async () => {
    const dir = tmp();
    const file = join(dir, 'live.jsonl');
    const lines = runLines('permute', 7);
    writeFileSync(file, jsonl(lines.slice(0, 10)));
    const c = captureIO();
    const done = runMonitorCli('watch', [file, '--follow', '--json', '--poll-ms', '20'], c.io);
    await new Promise((r) => setTimeout(r, 150));
    appendFileSync(file, jsonl(lines.slice(10)));
    for (let i = 0; i < 200 && !c.lines().some((l) => l.type === 'verdict'); i++) await new Promise((r) => setTimeout(r, 25));
    c.abort();
    expect(await done).toBe(1);
    expect(c.lines().filter((l) => l.type === 'verdict')).toHaveLength(1);
  });

  it('--stop-file and --stop-dir write whole JSON sentinels with safe names for hostile run ids', async () => {
    const dir = tmp();
    const hostile = ['../../x', '$(touch pwned)', 'a\nb', '/etc/passwd', '..'];
    const lines = interleave(hostile.map((id, i) => runLines('permute', 10 + i, { runId: id })));
    const c = captureIO(jsonl(lines));
    const stopFile = join(dir, 'STOP');
    const stopDir = join(dir, 'stops');
    expect(await runMonitorCli('watch', ['--json', '--stop-file', stopFile, '--stop-dir', stopDir], c.io)).toBe(1);
    const s = JSON.parse(readFileSync(stopFile, 'utf8')) as { run: string; alarm: { type: string } };
    expect(hostile).toContain(s.run);
    expect(s.alarm.type).toBe('alarm');
    const names = readdirSync(stopDir);
    expect(names).toHaveLength(hostile.length);
    for (const n of names) expect(n).toMatch(/^[A-Za-z0-9_-]+-[0-9a-f]{16}\.json$/);
    expect(readdirSync(dir).sort()).toEqual(['STOP', 'stops']); // no temp files left, nothing climbed out
    expect(existsSync(join(dir, '..', 'x'))).toBe(false);
    const runs = names.map((n) => (JSON.parse(readFileSync(join(stopDir, n), 'utf8')) as { run: string }).run).sort();
    expect(runs).toEqual([...hostile].sort());
  });

  it('--adapter reads a trainer log as train events of --run beside the protocol telemetry', async () => {
    const dir = tmp();
    // the run's protocol telemetry without its train lines; the losses come from HF trainer_state.json
    const lines = runLines('correct', 8, { runId: 'hf-run', steps: 60 }).filter((l) => !l.includes('"type":"train"'));
    writeFileSync(join(dir, 'probe.jsonl'), jsonl(lines));
    const hf = join(ROOT, 'fixtures', 'adapters', 'hf', 'checkpoint-60', 'trainer_state.json');
    const c = captureIO();
    const res = join(dir, 'results');
    expect(await runMonitorCli('replay', [join(dir, 'probe.jsonl'), hf, '--adapter', 'auto', '--run', 'hf-run', '--json', '--results', res], c.io)).toBe(0);
    const v = c.lines().find((l) => l.type === 'verdict');
    expect(v).toMatchObject({ run: 'hf-run', train_pass: true });
    expect(c.lines().filter((l) => l.type === 'rejected')).toEqual([]);
    expect(readdirSync(res).sort()).toEqual(['baseline_alarms.parquet', 'detector_runs.parquet', 'detector_series.parquet']);
    const db = await DuckDBInstance.create(':memory:', { autoload_known_extensions: 'false', autoinstall_known_extensions: 'false' });
    const conn = await db.connect();
    const rows = (await conn.runAndReadAll(`SELECT run, train_pass, planned_steps FROM '${join(res, 'detector_runs.parquet')}'`)).getRowObjectsJS();
    const series = (await conn.runAndReadAll(`SELECT count(*) AS n FROM '${join(res, 'detector_series.parquet')}' WHERE loss IS NOT NULL`)).getRowObjectsJS();
    conn.closeSync(); db.closeSync();
    expect(rows).toEqual([{ run: 'hf-run', train_pass: true, planned_steps: 60n }]);
    expect(Number(series[0]!.n)).toBe(6); // the six HF log_history train steps
    const alone = captureIO(); // without --run the log is its own run, with a run event from the run settings
    expect(await runMonitorCli('replay', [hf, '--adapter', 'auto', '--json'], alone.io)).toBe(0);
    expect(alone.lines().find((l) => l.type === 'verdict')).toMatchObject({ run: 'hf', learned: null, learned_reason: 'no_probe_data' });
  });
});
