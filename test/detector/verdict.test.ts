import { describe, it, expect } from 'vitest';
import {
  detectorApply, detectorFinish, detectorInit, detectorSummary, detectorSeries, trainGateFor, trainPassInit,
  trainPassResult, trainPassUpdate, costAt, secondsPerStep, clockInit, clockUpdate, isDetectorError,
} from '../../src/detector/index.js';
import type { TelemetryEvent, VerdictLine } from '../../src/telemetry/schema.js';
import { feed, makeRun, simulate, MU0 } from './sim.js';

const gate = trainGateFor(300);
const t = (step: number, loss?: number | null, grad_norm?: number | null) => ({ step, ...(loss !== undefined ? { loss } : {}), ...(grad_norm !== undefined ? { grad_norm } : {}) });
const fold = (evs: ReturnType<typeof t>[]) => trainPassResult(evs.reduce((s, e) => trainPassUpdate(s, e, gate), trainPassInit()), gate);

describe('train gate T', () => {
  it('default K_train is 10% of the plan, bound 1e3', () => expect(gate).toEqual({ minSteps: 30, gradNormBound: 1000 }));
  it('passes a run that survives K steps with finite loss and bounded grad norm', () => {
    expect(fold([t(10, 2.3, 1), t(20, 2.1, 2), t(30, 2.0, 1.5)])).toMatchObject({ train_pass: true, reasons: [] });
  });
  it('fails each rule with its own reason code', () => {
    expect(fold([]).reasons).toEqual(['not_started']);
    expect(fold([t(10, 2.3), t(29, 2.2)]).reasons).toEqual(['too_few_steps']);
    expect(fold([t(10, null), t(40, 2)]).reasons).toEqual(['non_finite_loss']);
    expect(fold([t(10, 2, 1e3 + 1), t(40, 2)]).reasons).toEqual(['grad_norm_exceeded']);
    expect(fold([t(10, 2, null), t(40, 2)]).reasons).toEqual(['grad_norm_exceeded']);
    expect(fold([t(10, 2, 1e3), t(40, 2)]).train_pass).toBe(true); // the bound itself is allowed
  });
  it('an absent loss is "not reported", not a failure; order does not matter', () => {
    expect(fold([t(10), t(40)]).train_pass).toBe(true);
    expect(fold([t(40, 2), t(10, null)])).toEqual(fold([t(10, null), t(40, 2)]));
  });
});

const goodEval = [
  ...Array.from({ length: 100 }, (_, i) => ({ id: `a${i}`, base: true, model: true })),
  ...Array.from({ length: 60 }, (_, i) => ({ id: `b${i}`, base: false, model: true })),
  ...Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, base: true, model: false })),
  ...Array.from({ length: 130 }, (_, i) => ({ id: `d${i}`, base: false, model: false })),
];
const badEval = goodEval.map((x) => ({ ...x, model: x.base && x.id < 'a5' ? true : false }));

describe('verdict', () => {
  it('correct run: T, learned, not TBDL, no alarm, cost spent to the end', () => {
    const run = makeRun();
    const { out } = feed(simulate(run, (k) => Math.min(0.78, MU0 + 0.05 * k), 1, { evalItems: goodEval }));
    const v = out.at(-1) as VerdictLine;
    expect(v).toMatchObject({ type: 'verdict', train_pass: true, learned: true, tbdl: false, b: 60, c: 10, n: 300, alarm: null, alarm_step: null,
      no_probe_data: false, design_source: 'run', usd_saved: 0 });
    expect(v.usd_spent).toBeCloseTo(300 * 12 / 3600 * 3, 12);
  });
  it('permute run: TBDL, first alarm and the money it saves', () => {
    const run = makeRun();
    const { out } = feed(simulate(run, (k) => (k < 4 ? MU0 : 0.04), 2, { evalItems: badEval }));
    const v = out.at(-1) as VerdictLine;
    expect(v).toMatchObject({ train_pass: true, learned: false, tbdl: true, alarm: 'worse_than_base' });
    const step = v.alarm_step as number;
    expect(v.usd_saved).toBeCloseTo((300 - step) * 12 / 3600 * 3, 12);
    expect(v.usd_spent).toBeCloseTo(step * 12 / 3600 * 3, 12);
    expect((v.alarms as { alarm: string }[]).map((a) => a.alarm)[0]).toBe('worse_than_base');
  });
  it('no eval items: learned and tbdl are null (unknown), not false', () => {
    const { out } = feed(simulate(makeRun(), () => MU0 + 0.1, 3));
    expect(out.at(-1)).toMatchObject({ learned: null, tbdl: null, mcnemar_p: null, n: null });
  });
  it('T fails: tbdl is false whatever Learned says', () => {
    const run = makeRun();
    const evs = simulate(run, () => MU0, 4, { evalItems: badEval }).map((e) => (e.type === 'train' && e.step === 50 ? { ...e, loss: null } : e)) as TelemetryEvent[];
    expect(feed(evs).out.at(-1)).toMatchObject({ train_pass: false, learned: false, tbdl: false, train_reasons: ['non_finite_loss'] });
  });
  it('no probe data: a loud notice and the verdict says so', () => {
    const run = makeRun();
    const evs = simulate(run, () => MU0, 5).filter((e) => e.type !== 'probe');
    const { out } = feed(evs);
    const notice = out.find((o) => o.type === 'notice');
    expect(notice).toMatchObject({ code: 'no_probe_data', level: 'error' });
    expect(out.at(-1)).toMatchObject({ type: 'verdict', no_probe_data: true, alarm: null });
  });
  it('detectorFinish gives the verdict for a stream without end, once', () => {
    const { state } = feed(simulate(makeRun(), () => MU0 + 0.1, 6, { end: false }));
    const f = detectorFinish(state);
    expect(f.out.at(-1)).toMatchObject({ type: 'verdict', end_status: null });
    expect(detectorFinish(f.state).out).toEqual([]);
    const after = detectorApply(f.state, { v: 1, type: 'train', run: 'r1', step: 400, loss: 1 });
    expect(after.out).toEqual([]);
    expect(after.state.ignored.after_finish).toBe(1);
  });
  it('design source: run, override (wins), default', () => {
    expect(detectorInit(makeRun()).design_source).toBe('run');
    const o = detectorInit(makeRun(), { delta: 0.1 });
    expect(o.design_source).toBe('override');
    expect(o.design.delta).toBe(0.1);
    expect(o.design.warmupRound).toBe(10); // warmup_step 100 / every 10 still from the run
    expect(o.design.horizonRounds).toBe(30); // ceil(300 / 10)
    const { design: _d, ...noDesign } = makeRun();
    expect(detectorInit(noDesign as ReturnType<typeof makeRun>).design_source).toBe('default');
  });
  it('run mismatch and a non-run start are coded errors', () => {
    const s = detectorInit(makeRun());
    let code = '';
    try { detectorApply(s, { v: 1, type: 'train', run: 'other', step: 1 }); } catch (e) { if (isDetectorError(e)) code = e.code; }
    expect(code).toBe('run_mismatch');
    try { detectorInit({ type: 'train' } as never); } catch (e) { if (isDetectorError(e)) code = e.code; }
    expect(code).toBe('missing_run');
  });
  it('summary row and series rows follow docs/results-schema.md', () => {
    const { state } = feed(simulate(makeRun(), (k) => (k < 4 ? MU0 : 0.04), 7, { evalItems: badEval }));
    const row = detectorSummary(state);
    expect(Object.keys(row).sort()).toEqual(['alarm', 'alarm_a_step', 'alarm_b_step', 'alarm_c_step', 'alarm_step', 'b', 'c', 'gpu_hours_saved',
      'gpu_hours_spent', 'learned', 'learned_exact_margin', 'learned_rule_id', 'learned_study', 'mcnemar_p', 'n', 'planned_steps', 'run', 'tbdl', 'train_pass', 'usd_saved', 'usd_spent']);
    expect(row.alarm_a_step).toBe(row.alarm_step);
    const series = detectorSeries(state);
    const probeRows = series.filter((r) => r.round !== null);
    expect(probeRows).toHaveLength(30);
    expect(series.filter((r) => r.loss !== null)).toHaveLength(30);
    for (const r of probeRows) {
      expect(r.cs_lower as number).toBeLessThanOrEqual(r.probe_accuracy as number);
      expect(r.cs_upper as number).toBeGreaterThanOrEqual(r.probe_accuracy as number);
    }
    expect(probeRows[0]?.log_e_b).toBeNull(); // B waits for the warm-up round
    expect(probeRows[9]?.log_e_b).not.toBeNull();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state); // plain JSON
  });
});

describe('cost rule', () => {
  const plan = { steps: 300, gpus: 2, usd_per_gpu_hour: 3 };
  it('plan seconds_per_step first, then train timestamps, then none', () => {
    expect(secondsPerStep({ ...plan, seconds_per_step: 12 }, clockInit(), clockInit())).toEqual({ seconds: 12, rule: 'plan' });
    let c = clockInit();
    c = clockUpdate(c, 20, '2026-06-01T12:02:00Z');
    c = clockUpdate(c, 10, '2026-06-01T12:00:00Z'); // order-free
    c = clockUpdate(c, 15, 'not a time');
    expect(secondsPerStep(plan, c, clockInit())).toEqual({ seconds: 12, rule: 'train_ts' });
    expect(secondsPerStep(plan, clockInit(), c)).toEqual({ seconds: 12, rule: 'probe_ts' });
    expect(secondsPerStep(plan, clockInit(), clockInit())).toEqual({ seconds: null, rule: 'none' });
  });
  it('GPU-hours and USD spent and saved', () => {
    const x = costAt(180, plan, 12, 'plan');
    expect(x.gpu_hours_spent).toBeCloseTo(180 * 12 * 2 / 3600, 12);
    expect(x.gpu_hours_saved).toBeCloseTo(120 * 12 * 2 / 3600, 12);
    expect(x.usd_saved).toBeCloseTo(x.gpu_hours_saved * 3, 12);
    expect(costAt(400, plan, 12, 'plan').usd_saved).toBe(0);
    expect(costAt(10, plan, null, 'none')).toMatchObject({ usd_saved: 0, cost_rule: 'none' });
  });
});
