/**
 * Discovery, `tbdl convert` and trainer logs in `tbdl replay` (issue: attach to real training
 * runs with zero configuration). Fixtures come from the repository's format-faithful writers
 * (fixtures/adapters/tensorboard/make_event_files.py, fixtures/adapters/make_trainer_logs.py);
 * expected values are computed by those Python scripts, never by the code under test.
 */
import { describe, it, expect } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { convertInputs, type ConvertItem } from '../../src/telemetry/convert.js';
import { discoverRuns } from '../../src/telemetry/discover.js';
import { inputLines } from '../../src/telemetry/inputs.js';
import { createTagMap, parseMapOption } from '../../src/telemetry/adapters/tag-map.js';
import { trainerLogOptions } from '../../src/telemetry/cli-trainer-options.js';
import { runMonitorCli } from '../../src/monitor/cli-run.js';
import { captureIO, scratch } from '../monitor/cli-io.js';
import { runLines } from '../monitor/traces.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FIX = join(ROOT, 'fixtures', 'adapters');
const LOGDIR = join(FIX, 'tensorboard', 'logdir');
type Ev = Record<string, unknown> & { type: string; run: string; step: number };

async function convert(inputs: string[], opts: Partial<Parameters<typeof convertInputs>[1]> = {}) {
  const log: string[] = [];
  const counts = { runs: 0, events: 0, failed: 0 };
  const items: ConvertItem[] = [];
  for await (const it of convertInputs(inputs, { log: (m) => log.push(m), ...opts }, counts)) items.push(it);
  const lines = items.filter((i) => i.kind === 'line').map((i) => JSON.parse((i as { text: string }).text) as Ev);
  const notices = items.flatMap((i) => (i.kind === 'notice' ? [{ run: i.notice.run, tags: i.notice.tags as string[] }] : []));
  return { lines, notices, log, counts };
}

/** Every expected field of every expected event, at its step, in the run's events. */
function expectEvents(events: Ev[], expected: Array<Record<string, number>>, fields: readonly string[]): void {
  const byStep = new Map(events.map((e) => [e.step, e]));
  expect(events.map((e) => e.step)).toEqual(expected.map((e) => e.step));
  for (const x of expected) {
    const got = byStep.get(x.step as number)!;
    for (const f of fields) {
      if (x[f] === undefined) { expect(got[f], `${f} at step ${x.step}`).toBeUndefined(); continue; }
      expect(got[f] as number, `${f} at step ${x.step}`).toBeCloseTo(x[f] as number, 12);
    }
  }
}

describe('discovery', () => {
  it('finds one run per writer in a logdir; add_scalars sub-runs join their parent as series', async () => {
    const d = await discoverRuns(LOGDIR);
    expect(d.runs.map((r) => r.id)).toEqual(['addscalars', 'lightning_logs/version_0', 'tutorial']);
    const add = d.runs[0]!;
    expect(add.sources.map((s) => s.series ?? null)).toEqual([null, 'loss_train', 'loss_val']);
  });

  it('finds the runs of every real writer in a folder of trainer logs, ids relative to the argument', async () => {
    const d = await discoverRuns(FIX);
    expect(d.runs.map((r) => `${r.id}:${r.sources.map((s) => s.kind).join('+')}`)).toEqual([
      'hf:hf_trainer_state', 'lightning/lightning_logs/version_0:lightning_csv', 'mlflow/mlruns/0/3f9a1c2b7d4e4f6a8b0c1d2e3f4a5b6c:mlflow',
      'tensorboard/hf-simple:tensorboard', 'tensorboard/logdir/addscalars:tensorboard+tensorboard+tensorboard',
      'tensorboard/logdir/lightning_logs/version_0:tensorboard', 'tensorboard/logdir/tutorial:tensorboard',
      'tensorboard/tf2-content:tensorboard', 'tensorboard/torch-tensor:tensorboard',
      'torchtune/log_1764496800.jsonl:torchtune', 'torchtune/log_1764496800.txt:torchtune',
    ]);
  });

  it('an HF output_dir uses its newest checkpoint, and its top-level trainer_state.json when there is one', async () => {
    const dir = scratch('tbdl-hf-');
    const src = join(FIX, 'hf', 'checkpoint-60', 'trainer_state.json');
    for (const c of ['checkpoint-9', 'checkpoint-60', 'checkpoint-10']) { mkdirSync(join(dir, 'out', c), { recursive: true }); copyFileSync(src, join(dir, 'out', c, 'trainer_state.json')); }
    expect((await discoverRuns(dir)).runs.map((r) => [r.id, r.sources[0]!.path])).toEqual([['out', join(dir, 'out', 'checkpoint-60', 'trainer_state.json')]]);
    copyFileSync(src, join(dir, 'out', 'trainer_state.json'));
    expect((await discoverRuns(dir)).runs[0]!.sources[0]!.path).toBe(join(dir, 'out', 'trainer_state.json'));
  });
});

describe('tbdl convert (library)', () => {
  it('a logdir of several writers: values exact at their steps, sub-runs as series, unmapped tags named', async () => {
    const expected = JSON.parse(readFileSync(join(FIX, 'tensorboard', 'expected-logdir.json'), 'utf8')) as Record<string, { events: Array<Record<string, number>>; unmapped: string[] }>;
    const { lines, notices, counts } = await convert([LOGDIR]);
    expect(counts).toMatchObject({ runs: 3, failed: 0 });
    for (const [id, exp] of Object.entries(expected)) {
      const run = lines.filter((l) => l.run === id);
      expect(run[0]).toMatchObject({ type: 'run', run: id, plan: { steps: 60 }, settings: 'defaults' });
      expectEvents(run.filter((l) => l.type === 'train'), exp.events, ['loss', 'lr', 'eval_loss', 'eval_accuracy', 'epoch', 'grad_norm']);
      expect(notices.find((n) => n.run === id)!.tags).toEqual(exp.unmapped);
    }
  });

  it('regression: the validation sub-run (loss_val) is eval loss, never training loss', async () => {
    const { lines } = await convert([join(LOGDIR, 'addscalars')]);
    const train = lines.filter((l) => l.type === 'train');
    expect(train).toHaveLength(6);
    for (const e of train) expect(e.eval_loss as number).toBeGreaterThan(e.loss as number); // val = 1.5 train + 0.2 in the writer
    expect(new Set(lines.map((l) => l.run))).toEqual(new Set(['addscalars'])); // one run, not one per sub-run
  });

  it('a folder of real writers\' logs: every loss, lr, grad_norm and eval loss at its step', async () => {
    const exp = JSON.parse(readFileSync(join(FIX, 'expected-trainer-logs.json'), 'utf8')) as Record<string, Array<Record<string, number>>>;
    const tb = JSON.parse(readFileSync(join(FIX, 'tensorboard', 'expected.json'), 'utf8')) as Record<string, Array<{ tag: string; step: number; value: number }>>;
    const { lines, notices } = await convert([FIX]);
    const of = (id: string) => lines.filter((l) => l.run === id && l.type === 'train');
    const fields = ['loss', 'lr', 'grad_norm', 'eval_loss'];
    expectEvents(of('hf'), exp.hf!, fields);
    expectEvents(of('lightning/lightning_logs/version_0'), exp.lightning!, fields);
    expectEvents(of('torchtune/log_1764496800.txt'), exp.torchtune!, fields);
    expectEvents(of('torchtune/log_1764496800.jsonl'), exp.torchtune!, fields);
    expectEvents(of('mlflow/mlruns/0/3f9a1c2b7d4e4f6a8b0c1d2e3f4a5b6c'), exp.mlflow!, fields);
    const tag2field: Record<string, string> = { 'train/loss': 'loss', 'loss': 'loss', 'train/grad_norm': 'grad_norm', 'grad_norm': 'grad_norm',
      'train/learning_rate': 'lr', 'learning_rate': 'lr', 'lr': 'lr', 'eval/loss': 'eval_loss', 'train/epoch': 'epoch' };
    for (const [file, scalars] of Object.entries(tb)) {
      const events = of(`tensorboard/${file.split('/')[0]}`);
      for (const s of scalars) {
        const f = tag2field[s.tag];
        const ev = events.find((e) => e.step === s.step);
        if (f === undefined) continue;
        expect(ev?.[f], `${file} ${s.tag}@${s.step}`).toBe(s.value);
      }
    }
    expect(notices.find((n) => n.run === 'tensorboard/torch-tensor')!.tags).toEqual(['tokens_per_second_per_gpu']);
    expect(notices.find((n) => n.run === 'hf')!.tags).toContain('train_loss'); // the run summary is named, not read as loss
    expect(notices).toHaveLength(new Set(lines.map((l) => l.run)).size); // one notice per run
  });

  it('--map adds a name, overrides one, or drops one without a notice', async () => {
    const m = trainerLogOptions({ map: ['images_per_sec=ignore', 'Accuracy/test=accuracy'] });
    if (typeof m === 'string') throw new Error(m);
    const { lines, notices } = await convert([join(LOGDIR, 'tutorial')], { tags: m.tags });
    expect(notices[0]!.tags).toEqual([]);
    const at20 = lines.find((l) => l.type === 'train' && l.step === 20)!;
    expect(at20.accuracy).toBeCloseTo(0.6, 6);
    expect(at20.eval_accuracy).toBeUndefined();
    expect(parseMapOption('nofield')).toMatch(/expected TAG=FIELD/);
    expect(parseMapOption('x=bogus')).toMatch(/invalid --map: "x=bogus"/);
    expect(createTagMap({ 'My/Dev CE': 'eval_loss' }).field('my/dev ce')).toBe('eval_loss');
  });

  it('run settings from flags and --run-config (flags win); bad values name the flag or the file and field', () => {
    const dir = scratch('tbdl-rc-');
    const rc = join(dir, 'rc.json');
    writeFileSync(rc, JSON.stringify({ base_accuracy: 0.3, plan_steps: 500, gpus: 8, gpu_type: 'H200', usd_per_gpu_hour: 3 }));
    const o = trainerLogOptions({ 'run-config': rc, 'plan-steps': '600' });
    expect(o).toMatchObject({ settings: { base_accuracy: 0.3, plan_steps: 600, gpus: 8, gpu_type: 'H200', usd_per_gpu_hour: 3 }, settingsSource: 'run_config+flags' });
    expect(trainerLogOptions({ 'base-accuracy': '1.5' })).toBe('invalid --base-accuracy: "1.5" (expected a number with 0 < x < 1)');
    writeFileSync(rc, JSON.stringify({ pool_size: -3 }));
    expect(trainerLogOptions({ 'run-config': rc })).toBe(`${rc}: pool_size: -3 (expected an integer in [1, 1e9])`);
    writeFileSync(rc, JSON.stringify({ poolsize: 3 }));
    expect(trainerLogOptions({ 'run-config': rc })).toMatch(/unknown setting "poolsize"/);
    expect(trainerLogOptions({ 'run-config': join(dir, 'none.json') })).toMatch(/^unreadable --run-config/);
  });
});

describe('trainer logs in tbdl replay', () => {
  for (const extra of [[], ['--adapter', 'auto']]) it(`regression (silent logdir verdict): a logdir gives one verdict per run, learning not measured, baselines applied ${extra.join(' ')}`, async () => {
    const c = captureIO();
    const code = await runMonitorCli('replay', [LOGDIR, '--json', ...extra], c.io);
    const verdicts = c.lines().filter((l) => l.type === 'verdict');
    expect(verdicts.map((v) => v.run).sort()).toEqual(['addscalars', 'lightning_logs/version_0', 'tutorial']);
    for (const v of verdicts) {
      expect(v).toMatchObject({ train_pass: true, learned: null, tbdl: null, learned_reason: 'no_probe_data', no_probe_data: true });
      expect((v.baseline_rules as Array<{ rule: string }>).map((r) => r.rule)).toContain('sm_loss_not_decreasing');
    }
    expect(c.lines().filter((l) => l.type === 'notice' && l.code === 'no_probe_data')).toHaveLength(3);
    expect(c.lines().filter((l) => l.type === 'rejected')).toEqual([]);
    expect(code).toBe(0);
  });

  it('the train gate uses --plan-steps: 60 logged steps of a 1000-step plan are too few', async () => {
    const c = captureIO();
    await runMonitorCli('replay', [join(LOGDIR, 'tutorial'), '--json', '--plan-steps', '1000'], c.io);
    expect(c.lines().find((l) => l.type === 'verdict')).toMatchObject({ train_pass: false, train_reasons: ['too_few_steps'] });
  });

  it('a folder with no runs and an unrecognised binary file exit 2 with a hint, not line-by-line JSON rejections', async () => {
    const dir = scratch('tbdl-none-');
    mkdirSync(join(dir, 'empty'));
    const a = captureIO();
    expect(await runMonitorCli('replay', [join(dir, 'empty'), '--json'], a.io)).toBe(2);
    expect(a.stderr()).toContain('no runs found');
    writeFileSync(join(dir, 'weird.bin'), Buffer.from([1, 0, 0, 0, 0, 0, 0, 0, 9, 9, 9, 9, 0, 0xff, 10, 0]));
    const b = captureIO();
    expect(await runMonitorCli('replay', [join(dir, 'weird.bin'), '--json'], b.io)).toBe(2);
    expect(b.stderr()).toMatch(/binary file .* --adapter tensorboard/);
    expect(b.lines().filter((l) => l.type === 'rejected')).toEqual([]);
    // an event file under another name is recognised by its checksummed TFRecord header, no flag needed
    copyFileSync(join(FIX, 'tensorboard', 'hf-simple', 'events.out.tfevents.1764496800.fixturehost.4242.0'), join(dir, 'log.bin'));
    const t = captureIO();
    expect(await runMonitorCli('replay', [join(dir, 'log.bin'), '--json'], t.io)).toBe(0);
    expect(t.lines().filter((l) => l.type === 'verdict')).toEqual([expect.objectContaining({ train_pass: true, learned_reason: 'no_probe_data' })]);
  });

  it('regression (explicit adapter): --adapter applies to trainer logs only; protocol JSONL beside them is read as JSONL', async () => {
    const dir = scratch('tbdl-mix-');
    const lines = runLines('correct', 8, { runId: 'r1', steps: 60 }).filter((l) => !l.includes('"type":"train"'));
    writeFileSync(join(dir, 'run.jsonl'), lines.join('\n') + '\n');
    const events = join(FIX, 'tensorboard', 'hf-simple', 'events.out.tfevents.1764496800.fixturehost.4242.0');
    const c = captureIO();
    const code = await runMonitorCli('replay', [join(dir, 'run.jsonl'), events, '--adapter', 'tensorboard', '--run', 'r1', '--json'], c.io);
    expect(c.stderr()).not.toContain('corrupt record');
    expect(code).not.toBe(2);
    expect(c.lines().filter((l) => l.type === 'verdict').map((v) => [v.run, v.train_pass])).toEqual([['r1', true]]);
  });

  it('protocol JSONL, a trainer-log file and a folder mixed on one command line', async () => {
    const dir = scratch('tbdl-mix2-');
    writeFileSync(join(dir, 'p.jsonl'), runLines('correct', 3, { runId: 'proto' }).join('\n') + '\n');
    const hf = join(FIX, 'hf', 'checkpoint-60', 'trainer_state.json');
    const c = captureIO();
    await runMonitorCli('replay', [join(dir, 'p.jsonl'), hf, join(LOGDIR, 'tutorial'), '--json'], c.io);
    const v = c.lines().filter((l) => l.type === 'verdict');
    expect(v.map((x) => x.run).sort()).toEqual(['hf', 'proto', 'tutorial']);
    expect(v.find((x) => x.run === 'proto')).toMatchObject({ no_probe_data: false });
    expect(v.find((x) => x.run === 'proto')!.baseline_rules).toBeUndefined();
  });

  it('inputLines puts the synthesized run event first, then the merged train events in step order', async () => {
    const counts = { failed: 0, runs: 0 };
    const got: string[] = [];
    for await (const l of inputLines([join(LOGDIR, 'addscalars')], { log: () => undefined }, counts)) got.push(l.text);
    const evs = got.map((t) => JSON.parse(t) as Ev);
    expect(evs.map((e) => e.type)).toEqual(['run', 'train', 'train', 'train', 'train', 'train', 'train']);
    expect(evs.slice(1).map((e) => e.step)).toEqual([10, 20, 30, 40, 50, 60]);
  });
});
