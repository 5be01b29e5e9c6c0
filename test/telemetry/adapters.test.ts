import { describe, it, expect } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  adaptHfTrainerState, adaptLightningCsv, adaptTorchtune, adaptMlflowMetrics, readMlflowRun, readAdapter,
  detectAdapter, detectAdapterFromHead, createRereadFilter, metricField, parsePythonJson, parseCsv, pyNumber,
} from '../../src/telemetry/index.js';
import type { TrainEvent } from '../../src/telemetry/index.js';

const FIX = join(import.meta.dirname, '../../fixtures/adapters');
type Row = { step: number; loss?: number; grad_norm?: number; lr?: number; eval_loss?: number; ts?: number };
const expected = JSON.parse(readFileSync(join(FIX, 'expected-trainer-logs.json'), 'utf8')) as Record<string, Row[]>;
const HF = join(FIX, 'hf/checkpoint-60/trainer_state.json');
const PL = join(FIX, 'lightning/lightning_logs/version_0/metrics.csv');
const PL_BEFORE = join(FIX, 'lightning/metrics.before-rewrite.csv');
const TT_TXT = join(FIX, 'torchtune/log_1764496800.txt');
const TT_JSONL = join(FIX, 'torchtune/log_1764496800.jsonl');
const MLRUN = join(FIX, 'mlflow/mlruns/0', readdirSync(join(FIX, 'mlflow/mlruns/0'))[0]!);

/** Compare adapter events with the Python-computed rows: same steps, same order, exact values. */
function expectRows(events: TrainEvent[], rows: Row[], run: string): void {
  expect(events.map((e) => e.step)).toEqual(rows.map((r) => r.step));
  events.forEach((e, i) => {
    const { ts, ...want } = rows[i]!;
    const got: Record<string, unknown> = { step: e.step };
    for (const k of ['loss', 'grad_norm', 'lr', 'eval_loss'] as const) if (e[k] !== undefined) got[k] = e[k];
    expect(got).toEqual(want);
    expect(e).toMatchObject({ v: 1, type: 'train', run });
    if (ts !== undefined) expect(e.ts).toBe(new Date(ts).toISOString());
  });
}

describe('Hugging Face trainer_state.json', () => {
  it('maps log_history loss, grad_norm, learning_rate and eval_loss per step, ignoring the run summary', () => {
    const { events, issues } = adaptHfTrainerState(readFileSync(HF, 'utf8'), { run: 'hf', file: HF });
    expect(issues).toEqual([]);
    expectRows(events, expected.hf!, 'hf');
  });
  it('reads Python NaN tokens as null and lists them in non_finite', () => {
    const text = '{"log_history": [{"epoch": 0.1, "grad_norm": NaN, "learning_rate": 1e-05, "loss": Infinity, "step": 5}]}';
    const { events } = adaptHfTrainerState(text, { run: 'r' });
    expect(events[0]).toMatchObject({ step: 5, lr: 1e-5, loss: null, grad_norm: null, non_finite: ['loss', 'grad_norm'] });
  });
  it('names the field of a bad entry and keeps the good ones', () => {
    const text = '{"log_history": [{"loss": "x", "step": 1}, {"loss": 1.5, "step": -2}, {"loss": 1e300, "step": 3}, {"loss": 2.5, "step": 4}]}';
    const { events, issues } = adaptHfTrainerState(text, { run: 'r', file: 'ts.json' });
    expect(issues.map((i) => [i.code, i.field, i.file])).toEqual([
      ['invalid_value', 'log_history[0].loss', 'ts.json'], ['invalid_value', 'log_history[1].step', 'ts.json'],
      ['invalid_value', 'loss', 'ts.json'],
    ]);
    expect(events.map((e) => [e.step, e.loss])).toEqual([[4, 2.5]]);
  });
  it('reports malformed JSON and a missing log_history with codes', () => {
    expect(adaptHfTrainerState('{"log_history": [', { run: 'r' }).issues[0]?.code).toBe('invalid_json');
    expect(adaptHfTrainerState('{"global_step": 3}', { run: 'r' }).issues[0]?.code).toBe('invalid_format');
  });
});

describe('Lightning metrics.csv', () => {
  it('merges the LR-monitor row, the training row and the validation row of each step', () => {
    const { events, issues } = adaptLightningCsv(readFileSync(PL, 'utf8'), { run: 'pl', file: PL });
    expect(issues).toEqual([]);
    expectRows(events, expected.lightning!, 'pl');
  });
  it('a rewrite with a wider header re-reads cleanly: the filter emits only new or changed steps', () => {
    const filter = createRereadFilter();
    const before = adaptLightningCsv(readFileSync(PL_BEFORE, 'utf8'), { run: 'pl' });
    expectRows(before.events, expected.lightning_before!, 'pl');
    expect(filter.update(before.events)).toHaveLength(before.events.length);
    expect(filter.update(before.events)).toEqual([]); // same snapshot again: nothing new
    const after = adaptLightningCsv(readFileSync(PL, 'utf8'), { run: 'pl' });
    const fresh = filter.update(after.events);
    const old = new Set(expected.lightning_before!.map((r) => r.step));
    expect(fresh.map((e) => e.step)).toEqual(expected.lightning!.map((r) => r.step).filter((s) => !old.has(s)));
    expect(filter.size).toBe(expected.lightning!.length);
  });
  it('a snapshot caught mid-write reports the cut row as truncated_record with its line', () => {
    const text = readFileSync(PL, 'utf8');
    const cut = text.slice(0, text.lastIndexOf(',', text.length - 3));
    const { issues } = adaptLightningCsv(cut, { run: 'pl', file: 'm.csv' });
    expect(issues.map((i) => [i.code, i.file])).toEqual([['truncated_record', 'm.csv']]);
    expect(issues[0]?.line).toBe(text.slice(0, cut.length).split('\r\n').length);
  });
  it('names file, line and column of a bad cell; reports a header without step', () => {
    const { issues } = adaptLightningCsv('epoch,step,train_loss\r\n0,1,abc\r\n', { run: 'r', file: 'm.csv' });
    expect(issues).toEqual([{ code: 'invalid_value', message: 'train_loss: abc (expected a number)', field: 'train_loss', file: 'm.csv', line: 2 }]);
    expect(adaptLightningCsv('a,b\r\n1,2\r\n', { run: 'r' }).issues[0]?.code).toBe('invalid_format');
  });
});

describe('torchtune DiskLogger', () => {
  it('txt format: "Step N | name:value ..."', () => {
    const { events, issues } = adaptTorchtune(readFileSync(TT_TXT, 'utf8'), { run: 'tt', file: TT_TXT });
    expect(issues).toEqual([]);
    expectRows(events, expected.torchtune!, 'tt');
  });
  it('jsonl format gives the same events', () => {
    const a = adaptTorchtune(readFileSync(TT_JSONL, 'utf8'), { run: 'tt' });
    const b = adaptTorchtune(readFileSync(TT_TXT, 'utf8'), { run: 'tt' });
    expect(a.issues).toEqual([]);
    expect(a.events).toEqual(b.events);
  });
  it('accepts str(tensor) values, NaN tokens, and names the line of bad input', () => {
    const text = "Step 1 | loss:tensor(2.5000, device='cuda:0') lr:2e-05 \n{\"step\": 2, \"loss\": NaN}\nStep x | loss:1\n{\"step\": 3, \"loss\": \"a\"}\n";
    const { events, issues } = adaptTorchtune(text, { run: 'r', file: 't.txt' });
    expect(events.map((e) => [e.step, e.loss])).toEqual([[1, 2.5], [2, null]]);
    expect(issues.map((i) => [i.code, i.line])).toEqual([['invalid_format', 3], ['invalid_value', 4]]);
  });
});

describe('MLflow file store', () => {
  it('reads every metric file of a run (nested keys included) and keeps the timestamp', async () => {
    const { events, issues } = await readMlflowRun(MLRUN, { run: 'ml' });
    expect(issues).toEqual([]);
    expectRows(events, expected.mlflow!, 'ml');
  });
  it('kernel: last value per step wins, two-field lines are step 0, bad lines are named', () => {
    const { events, issues } = adaptMlflowMetrics([
      { key: 'loss', text: '1000 2.5 1\n1001 2.4 1\n1002 nan 2\n1003 3.0\n1004 x 3\n', file: 'metrics/loss' },
      { key: 'accuracy', text: '1000 0.5 1\n' },
    ], { run: 'r' });
    expect(events.map((e) => [e.step, e.loss])).toEqual([[0, 3], [1, 2.4], [2, null]]);
    expect(issues.map((i) => [i.code, i.file, i.line])).toEqual([['invalid_value', 'metrics/loss', 5]]);
  });
});

describe('detectAdapter', () => {
  it('chooses each fixture by name and content', async () => {
    expect(await detectAdapter(HF)).toBe('hf_trainer_state');
    expect(await detectAdapter(PL)).toBe('lightning_csv');
    expect(await detectAdapter(TT_TXT)).toBe('torchtune');
    expect(await detectAdapter(TT_JSONL)).toBe('torchtune');
    expect(await detectAdapter(MLRUN)).toBe('mlflow');
    expect(await detectAdapter(join(MLRUN, 'metrics/loss'))).toBe('mlflow');
    const tb = join(FIX, 'tensorboard/hf-simple');
    expect(await detectAdapter(join(tb, readdirSync(tb)[0]!))).toBe('tensorboard');
  });
  it('recognises TFRecord content without the usual name, and refuses protocol telemetry', () => {
    const tb = join(FIX, 'tensorboard/hf-simple');
    expect(detectAdapterFromHead('x.bin', readFileSync(join(tb, readdirSync(tb)[0]!)))).toBe('tensorboard');
    expect(detectAdapterFromHead('a.jsonl', new TextEncoder().encode('{"v":1,"type":"train","run":"r","step":1}\n'))).toBeUndefined();
    expect(detectAdapterFromHead('notes.txt', new TextEncoder().encode('hello\n'))).toBeUndefined();
  });
  it('readAdapter uses the detected kind; unknown input is a coded failure', async () => {
    const r = await readAdapter(join(MLRUN, 'metrics/train/grad_norm'), { run: 'ml' });
    expect(r.kind).toBe('mlflow');
    expect(r.events.map((e) => e.grad_norm)).toEqual(expected.mlflow!.map((x) => x.grad_norm));
    await expect(readAdapter(join(FIX, 'make_trainer_logs.py'), { run: 'r' })).rejects.toMatchObject({ code: 'invalid_format' });
    await expect(readAdapter('/nonexistent/file.csv', { run: 'r' })).rejects.toMatchObject({ code: 'unreadable_input' });
  });
});

describe('helpers', () => {
  it('metricField maps the common names', () => {
    expect(['train/loss', 'loss', 'train/grad_norm', 'grad_norm', 'learning_rate', 'lr', 'lr-AdamW', 'val_loss', 'eval/loss', 'epoch', 'tokens_per_second'].map(metricField))
      .toEqual(['loss', 'loss', 'grad_norm', 'grad_norm', 'lr', 'lr', 'lr', 'eval_loss', 'eval_loss', 'epoch', undefined]);
  });
  it('parsePythonJson leaves NaN inside strings alone', () => {
    expect(parsePythonJson('{"a": "NaN Infinity", "b": -Infinity, "c": [NaN]}')).toEqual({ a: 'NaN Infinity', b: -Infinity, c: [NaN] });
  });
  it('parseCsv handles quotes, doubled quotes, CRLF and a missing final newline', () => {
    expect(parseCsv('a,"b,c"\r\n"x""y",\r\n1,2').records.map((r) => r.cells)).toEqual([['a', 'b,c'], ['x"y', ''], ['1', '2']]);
  });
  it('pyNumber reads Python float text', () => {
    expect(['2.5', '-inf', 'nan', '1e-05', 'abc', ''].map(pyNumber)).toEqual([2.5, -Infinity, NaN, 1e-5, undefined, undefined]);
  });
});
