/**
 * `tbdl watch PATH --follow` over trainer logs grown during the test: TensorBoard records appended
 * one by one and a new event file after a restart, a Lightning metrics.csv rewritten with a wider
 * header, an HF trainer_state.json rewritten into a newer checkpoint, a torchtune log appended
 * line by line, and a run folder that appears while following. Waits poll for the expected lines
 * (generous deadline); nothing here measures time.
 */
import { describe, it, expect } from 'vitest';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { followTrainerRuns } from '../../src/telemetry/follow-inputs.js';
import { runMonitorCli } from '../../src/monitor/cli-run.js';
import { captureIO, scratch } from '../monitor/cli-io.js';
import { eventBytes, simpleValue, tfRecord } from './tb-encode.js';

type Ev = { type: string; run: string; step: number; [k: string]: unknown };

async function until(what: string, cond: () => boolean, deadlineMs = 20_000): Promise<void> {
  for (let waited = 0; !cond(); waited += 10) {
    if (waited > deadlineMs) throw new Error(`gave up waiting for ${what}`);
    await sleep(10);
  }
}

const tbRecord = (step: number, tag: string, x: number): Uint8Array => tfRecord(eventBytes(1764496800 + step, step, [simpleValue(tag, x)]));
const f32 = (x: number): number => Math.fround(x);
const hfState = (entries: Array<Record<string, number>>): string => JSON.stringify({ global_step: entries.at(-1)?.step ?? 0, log_history: entries }, null, 2);

const LOGDIR = join(import.meta.dirname, '..', '..', 'fixtures', 'adapters', 'tensorboard', 'logdir');

describe('following trainer logs', () => {
  it('the logdir of several writers: each run found, values exact (expected-logdir.json, written in Python)', async () => {
    const expected = JSON.parse(readFileSync(join(LOGDIR, '..', 'expected-logdir.json'), 'utf8')) as Record<string, { events: Array<Record<string, number>> }>;
    const total = Object.values(expected).reduce((n, r) => n + r.events.length, 0);
    const ac = new AbortController();
    const got: Ev[] = [];
    const consumer = (async () => {
      for await (const l of followTrainerRuns(LOGDIR, { signal: ac.signal, pollMs: 10, log: () => undefined })) got.push(JSON.parse(l.text) as Ev);
    })();
    await until('every train event', () => got.filter((e) => e.type === 'train').length >= total);
    ac.abort();
    await consumer;
    for (const [id, exp] of Object.entries(expected)) {
      const train = got.filter((e) => e.run === id && e.type === 'train');
      expect(train.map((e) => e.step)).toEqual(exp.events.map((e) => e.step));
      for (const x of exp.events) {
        const e = train.find((t) => t.step === x.step)!;
        for (const [k, v] of Object.entries(x)) expect(e[k], `${id} ${k}@${x.step}`).toBe(v);
      }
    }
  }, 60_000);

  it('emits each new record, rewritten file and new run once, with exact values', async () => {
    const dir = scratch('tbdl-follow-');
    const ac = new AbortController();
    const got: Ev[] = [];
    const logs: string[] = [];
    const synthesized = new Set<string>();
    const tb = join(dir, 'tb', 'exp1');
    mkdirSync(tb, { recursive: true });
    const ev1 = join(tb, 'events.out.tfevents.1764496800.host.1.0');
    writeFileSync(ev1, tbRecord(1, 'train/loss', 2.5));
    const consumer = (async () => {
      for await (const l of followTrainerRuns(dir, { signal: ac.signal, pollMs: 10, log: (m) => logs.push(m), synthesized })) got.push(JSON.parse(l.text) as Ev);
    })();
    const train = (run: string) => got.filter((e) => e.run === run && e.type === 'train');
    await until('first TB record', () => train('tb/exp1').length === 1);
    expect(got[0]).toMatchObject({ type: 'run', run: 'tb/exp1' });

    // appended records, one at a time, the second cut in half first (a writer mid-record)
    const r2 = tbRecord(2, 'train/loss', 2.25);
    appendFileSync(ev1, r2.subarray(0, 9));
    await sleep(30);
    appendFileSync(ev1, r2.subarray(9));
    await until('second TB record', () => train('tb/exp1').length === 2);
    appendFileSync(ev1, tbRecord(3, 'train/loss', 2.0));
    await until('third TB record', () => train('tb/exp1').length === 3);
    // restart: a new event file in the same folder
    writeFileSync(join(tb, 'events.out.tfevents.1764497000.host.2.0'), tbRecord(4, 'train/loss', 1.75));
    await until('record of the new event file', () => train('tb/exp1').length === 4);
    expect(train('tb/exp1').map((e) => [e.step, e.loss])).toEqual([[1, 2.5], [2, 2.25], [3, 2], [4, 1.75]]);

    // Lightning CSV: written, then rewritten with a wider header (val_loss appears)
    const lv = join(dir, 'lightning_logs', 'version_0');
    mkdirSync(lv, { recursive: true });
    writeFileSync(join(lv, 'metrics.csv'), 'epoch,step,train_loss_step\r\n0,4,1.5\r\n');
    await until('Lightning step 4', () => train('lightning_logs/version_0').length === 1);
    writeFileSync(join(lv, 'metrics.csv'), 'epoch,step,train_loss_step,val_loss\r\n0,4,1.5,\r\n0,9,1.25,\r\n0,9,,1.375\r\n');
    await until('Lightning step 9', () => train('lightning_logs/version_0').length === 2);

    // HF: checkpoint-10, then a newer checkpoint-20 (rewritten history, old steps not repeated)
    mkdirSync(join(dir, 'out', 'checkpoint-10'), { recursive: true });
    writeFileSync(join(dir, 'out', 'checkpoint-10', 'trainer_state.json'), hfState([{ loss: 3.5, step: 10 }]));
    await until('HF step 10', () => train('out').length === 1);
    mkdirSync(join(dir, 'out', 'checkpoint-20'), { recursive: true });
    writeFileSync(join(dir, 'out', 'checkpoint-20', 'trainer_state.json'), hfState([{ loss: 3.5, step: 10 }, { loss: 3.0, step: 20, eval_loss: 3.25 }]));
    await until('HF step 20', () => train('out').length === 2);

    // torchtune: lines appended one by one, the last one without its newline yet
    mkdirSync(join(dir, 'tt'));
    const tt = join(dir, 'tt', 'log_1.txt');
    writeFileSync(tt, 'Step 1 | loss:4.0 lr:2e-05 \n');
    await until('torchtune step 1', () => train('tt').length === 1);
    appendFileSync(tt, 'Step 2 | loss:3.5 lr:2e-05 \nStep 3 | loss:3.');
    await until('torchtune step 2', () => train('tt').length >= 2);
    appendFileSync(tt, '25 lr:2e-05 \n');
    await until('torchtune step 3', () => train('tt').some((e) => e.step === 3 && e.loss === 3.25));

    // a new run folder while following
    mkdirSync(join(dir, 'tb', 'exp2'));
    writeFileSync(join(dir, 'tb', 'exp2', 'events.out.tfevents.1.host.3.0'), tbRecord(7, 'Loss/test', 0.5));
    await until('new run folder', () => train('tb/exp2').length === 1);

    ac.abort();
    await consumer;
    expect(train('lightning_logs/version_0').map((e) => [e.step, e.loss, e.eval_loss])).toEqual([[4, 1.5, undefined], [9, 1.25, 1.375]]);
    expect(train('out').map((e) => [e.step, e.loss, e.eval_loss])).toEqual([[10, 3.5, undefined], [20, 3, 3.25]]);
    expect(train('tb/exp2')).toEqual([expect.objectContaining({ step: 7, eval_loss: f32(0.5) })]);
    // each run announced once, first; each step of an unchanged history emitted once
    expect(got.filter((e) => e.type === 'run').map((e) => e.run).sort()).toEqual(['lightning_logs/version_0', 'out', 'tb/exp1', 'tb/exp2', 'tt']);
    for (const run of synthesized) expect(got.find((e) => e.run === run)?.type).toBe('run');
    const tt3 = train('tt').filter((e) => e.step === 3);
    expect(tt3.at(-1)?.loss).toBe(3.25);
    expect(logs.filter((m) => m.includes('corrupt'))).toEqual([]);
  }, 60_000);

  it('tbdl watch DIR --follow monitors the trainer-log runs and protocol files of a folder together', async () => {
    const dir = scratch('tbdl-watchf-');
    mkdirSync(join(dir, 'exp1'));
    const ev = join(dir, 'exp1', 'events.out.tfevents.1.host.1.0');
    writeFileSync(ev, tbRecord(1, 'training loss', 1.0));
    const c = captureIO();
    const done = runMonitorCli('watch', [dir, '--follow', '--poll-ms', '10', '--plan-steps', '10'], c.io);
    for (let s = 2; s <= 5; s++) { await sleep(20); appendFileSync(ev, tbRecord(s, 'training loss', 1 / s)); }
    mkdirSync(join(dir, 'exp2'));
    // its unmapped tag makes a notice, printed before the run's lines are handed on: the cue to stop
    writeFileSync(join(dir, 'exp2', 'events.out.tfevents.1.host.2.0'), Buffer.concat([tbRecord(1, 'Learning Rate', 0.001), tbRecord(1, 'zzz', 1)]));
    await until('the notice of the new run', () => /notice exp2: .*zzz/.test(c.stdout()));
    c.abort();
    expect(await done).toBe(0);
    expect(c.stdout()).toMatch(/2 runs, 0 alarms, 0 verdicts; 8 lines, 8 events, 0 rejected/); // 2 run events + 5 + 1 train events
    expect(c.stderr()).toBe('');
  }, 60_000);
});
