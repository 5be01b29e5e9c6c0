import { describe, it, expect } from 'vitest';
import type { AlarmLine } from '../../src/telemetry/schema.js';
import { feed, makeRun, simulate, MU0 } from './sim.js';

const alarmsOf = (out: ReturnType<typeof feed>['out']) => out.filter((o): o is AlarmLine => o.type === 'alarm');

describe('alarms latch and fire once', () => {
  it('a permute run that stays bad fires each alarm at most once, with the docs/protocol.md fields', () => {
    const { state, out } = feed(simulate(makeRun(), (k) => (k < 4 ? MU0 : 0.04), 1));
    const al = alarmsOf(out);
    const names = al.map((a) => a.alarm);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('worse_than_base');
    for (const a of al) {
      expect(a.log_e).toBeGreaterThanOrEqual(a.threshold);
      expect(a).toMatchObject({ type: 'alarm', run: 'r1', base_accuracy: MU0, probe_accuracy_rule: 'round_mean' });
      for (const f of ['step', 'probe_accuracy', 'gpu_hours_saved', 'usd_saved', 'round', 'cs_lower', 'cs_upper', 'gpu_hours_spent', 'usd_spent']) {
        expect(typeof a[f]).toBe('number');
      }
    }
    expect(state.proc.alarms.A.fired).toBe(true);
    // latched: evidence later falls (the run recovers) but the alarm stays fired and is not re-emitted
    const { state: s2, out: o2 } = feed(simulate(makeRun(), (k) => (k < 4 ? MU0 : k < 8 ? 0.04 : 0.9), 1));
    expect(s2.proc.alarms.A.fired).toBe(true);
    expect(alarmsOf(o2).filter((a) => a.alarm === 'worse_than_base')).toHaveLength(1);
  });
  it('thresholds are log(1/alpha_A), log(1/alpha_B), log(K/alpha_C) of the design', () => {
    const { out } = feed(simulate(makeRun(), (k) => (k < 4 ? MU0 : 0.04), 2));
    const th = Object.fromEntries(alarmsOf(out).map((a) => [a.alarm, a.threshold]));
    expect(th.worse_than_base).toBeCloseTo(Math.log(1 / 0.02), 12);
    if (th.not_learned !== undefined) expect(th.not_learned).toBeCloseTo(Math.log(1 / 0.02), 12);
    if (th.collapse !== undefined) expect(th.collapse).toBeCloseTo(Math.log(30 / 0.01), 12);
  });
});

/**
 * Power (seeded simulation, 40 runs each; plan 300 steps, probe 64 items every 10 steps, mu0 0.328,
 * delta 0.05, warm-up step 100):
 *  - permute-like: accuracy mu0 for 3 rounds, then 0.04 -> A fires in every run, within 3 rounds
 *    of the drop in at least 90% of runs.
 *  - noise-like: accuracy stays at mu0 (E[D] = 0 < delta) -> B fires after the warm-up, before the
 *    end, in at least 70% of runs, and never before the warm-up step.
 *  - late collapse: learns to 0.78, collapses to 0.1 at round 20 -> C fires after round 20 in every run.
 */
describe('power on the traps', () => {
  const R = 40;
  it('permute-like: A fires quickly', () => {
    let caught = 0, quick = 0;
    for (let s = 0; s < R; s++) {
      const a = alarmsOf(feed(simulate(makeRun(), (k) => (k < 4 ? MU0 : 0.04), 100 + s)).out).find((x) => x.alarm === 'worse_than_base');
      if (a !== undefined) { caught++; if ((a.round as number) <= 6) quick++; }
    }
    expect(caught).toBe(R);
    expect(quick / R).toBeGreaterThanOrEqual(0.9);
  });
  it('noise-like: B fires after the warm-up', () => {
    let caught = 0;
    for (let s = 0; s < R; s++) {
      const a = alarmsOf(feed(simulate(makeRun(), () => MU0, 200 + s)).out).find((x) => x.alarm === 'not_learned');
      if (a !== undefined) { caught++; expect(a.step).toBeGreaterThanOrEqual(100); }
    }
    expect(caught / R).toBeGreaterThanOrEqual(0.7);
  });
  it('late collapse: C fires after the collapse', () => {
    for (let s = 0; s < R; s++) {
      const { out } = feed(simulate(makeRun(), (k) => (k < 20 ? Math.min(0.78, MU0 + 0.06 * k) : 0.1), 300 + s));
      const c = alarmsOf(out).find((x) => x.alarm === 'collapse');
      expect(c).toBeDefined();
      expect(c?.round as number).toBeGreaterThanOrEqual(20);
      expect(alarmsOf(out).every((x) => (x.round as number) >= 20)).toBe(true);
    }
  });
});
