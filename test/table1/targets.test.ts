import { describe, expect, it } from 'vitest';
import { healthyRuns, studyRuns, type SimRun } from '../../src/sim/index.js';
import { formatTable1, table1, type Table1Result, type TraceInput } from '../../src/table1/index.js';
import type { TelemetryEvent } from '../../src/telemetry/schema.js';

const asTrace = (r: SimRun): TraceInput => ({ events: r.events as unknown as TelemetryEvent[] });

// Issue 3's targets, measured on the 60 simulated study runs (master seed 1) and 200 healthy runs,
// with the detector at the runs' own pre-registration (alpha 0.05 split 0.02/0.02/0.01, margin 0.05,
// warm-up step 100 = round 10) and its defaults (alarm B: stratified Kelly; alarm A: tolerance 0.02
// from the train-gate round 3). The simulated runs use the recommended probe of 256 fresh items per
// round (DEFAULT_PROBE_SIZE, docs/power.md); the study's 64-item probe is measured as a variant on
// the same runs (the probe size changes only the probe draws, not the runs' truth).
const study = studyRuns({ seed: 1 });
const res: Table1Result = table1(study.map(asTrace), { healthy: healthyRuns(200, { seed: 1 }).map(asTrace) });
const res64: Table1Result = table1(studyRuns({ seed: 1, run: { size: 64 } }).map(asTrace));
const runsOf = (arm: string) => res.runs.filter((r) => r.arm === arm);

describe('Table 1 targets on the simulated study', () => {
  it('permute: caught online 12/12, median first alarm at most 3 probe rounds after true accuracy first falls 0.1 below base', () => {
    expect(res.targets.permute.runs).toBe(12);
    expect(res.targets.permute.caught).toBe(12);
    expect(res.targets.permute.delays_rounds.length).toBe(12);
    expect(res.targets.permute.median_delay_rounds!).toBeLessThanOrEqual(3);
  });

  it('late collapse: caught online in every run', () => {
    expect(res.targets.collapse.runs).toBe(12);
    expect(res.targets.collapse.caught).toBe(12);
  });

  it('noise (256-item probe): caught before step 300 in at least 10/12 runs (issue 3 target)', () => {
    expect(res.targets.noise.runs).toBe(12);
    expect(res.targets.noise.caught).toBeGreaterThanOrEqual(10);
    expect(res.targets.noise.caught_tbdl).toBe(res.targets.noise.tbdl); // every TBDL noise run
  });

  it('64-item variant (the study\'s probe) on the same runs: permute and collapse 12/12, no alarm on correct or mask, noise caught no more often than with 256 items', () => {
    const t = res64.targets;
    expect(t.permute.caught).toBe(12);
    expect(t.permute.median_delay_rounds!).toBeLessThanOrEqual(3);
    expect(t.collapse.caught).toBe(12);
    for (const r of res64.runs.filter((x) => x.arm === 'correct' || x.arm === 'mask')) expect(r.alarm_step, r.run).toBeNull();
    expect(t.noise.caught).toBeLessThanOrEqual(res.targets.noise.caught);
    expect(t.noise.caught).toBeLessThan(10); // the reason for the bigger probe (measured 7/12, docs/power.md)
  });

  it('noise: every TBDL noise run whose true late probe accuracy is no better than base (at least the full margin 0.05 below mu0 + 0.05) is caught before step 300', () => {
    let eligible = 0;
    for (const r of runsOf('noise')) {
      const sim = study.find((s) => s.runId === r.run)!;
      const late = sim.trueAccuracy.slice(9);
      const m = late.reduce((a, b) => a + b, 0) / late.length;
      if (r.tbdl === true && m <= sim.base.mu0) {
        eligible += 1;
        expect(r.caught, `${r.run} (late true accuracy ${m.toFixed(3)}, mu0 ${sim.base.mu0})`).toBe(true);
      }
    }
    expect(eligible).toBeGreaterThanOrEqual(4);
  });

  it('no alarm on any correct or mask study run, and 0 false alarms over 200 healthy runs with the exact 95% bound 1 - 0.05^(1/200)', () => {
    for (const r of [...runsOf('correct'), ...runsOf('mask')]) expect(r.alarm_step, r.run).toBeNull();
    const h = res.targets.healthy!;
    expect(h.runs).toBe(200);
    expect(h.false_alarms).toBe(0);
    expect(h.upper95).toBeCloseTo(1 - 0.05 ** (1 / 200), 12);
  });

  it('T passes on every run (TBDL = T and not Learned), while the loss-based baselines fire on correct runs too', () => {
    expect(res.runs.every((r) => r.train_pass)).toBe(true);
    const correct = runsOf('correct');
    const permute = runsOf('permute');
    expect(correct.every((r) => !r.baselines.train_gate!.fired)).toBe(true);
    // a rule that separated permute from correct would fire on (nearly) all permute and no correct runs
    for (const rule of res.rules) {
      const onCorrect = correct.filter((r) => r.baselines[rule]!.fired).length;
      const onPermute = permute.filter((r) => r.baselines[rule]!.fired).length;
      expect(onPermute - onCorrect, rule).toBeLessThan(6);
    }
  });

  it('renders the study table with one row per arm x base plus arm totals', () => {
    expect(res.rows.length).toBe(5 * 5);
    const text = formatTable1(res);
    expect(text.split('\n')[0]).toContain('| arm | base | runs | TBDL |');
    expect(text).toContain('permute caught 12/12');
  });
});
