import { describe, it, expect } from 'vitest';
import { createRng } from '../../src/rng.js';
import { sampleProbe } from '../../src/detector/index.js';
import { bettingInit, bettingLogValue, bettingUpdateRound, pairedCounts } from '../../src/eprocess/index.js';
import type { ProbeEvent, TelemetryEvent } from '../../src/telemetry/schema.js';
import { feed, makeRun, probeItems, simulate, MU0 } from './sim.js';

const fixedIds = sampleProbe({ poolSize: 1000, size: 64, seed: 5, round: 1 });

describe('fixed probe: detected, never pooled', () => {
  it('declared sampling "fixed": A\'s combiner from A\'s warm-up round (3: the train gate\'s 30 steps) and one notice stating the cap', () => {
    const run = makeRun({ probe: { size: 64, every: 10, sampling: 'fixed', seed: 5 } });
    const { state, out } = feed(simulate(run, () => MU0 + 0.1, 1, { fixedIds }));
    const notices = out.filter((o) => o.type === 'notice' && o.code === 'fixed_probe');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ reason: 'declared', round: 1, probe_size: 64 });
    expect(String(notices[0]?.message)).toContain('capped by the probe size');
    expect(state.mode).toBe('fixed');
    expect(state.method.a_warmup_round).toBe(3);
    expect(state.proc.fixA?.k).toBe(28); // rounds 3..30
    expect(state.proc.fixB?.k).toBe(21); // from warm-up round 10
    expect(state.proc.C).toBeNull(); // SR needs independent rounds: off
    expect(state.rounds.every((r) => r.log_e_c === null)).toBe(true);
    expect(out.at(-1)).toMatchObject({ fixed_probe: true });
  });
  it('declared with_replacement but the same ids every round: switches at round 2', () => {
    const run = makeRun({ probe: { size: 64, every: 10, sampling: 'with_replacement', seed: 5 } }); // round 1 is seed 5's draw
    const { state, out } = feed(simulate(run, () => MU0 + 0.1, 2, { fixedIds }));
    const n = out.find((o) => o.code === 'fixed_probe');
    expect(n).toMatchObject({ reason: 'repeated_ids', round: 2, first_seen_round: 1 });
    expect(state.mode).toBe('fixed');
    expect(state.rounds[0]?.mode).toBe('pooled');
    expect(state.rounds.slice(1).every((r) => r.mode === 'fixed')).toBe(true);
    expect(state.proc.fixA?.k).toBe(28); // rebuilt at the switch from A's warm-up round 3
  });
  it('the same multiset in another order is the same probe', () => {
    const run = makeRun({ probe: { size: 64, every: 10, sampling: 'with_replacement', seed: 5 } });
    const rng = createRng(3);
    const evs: TelemetryEvent[] = [run];
    for (let k = 1; k <= 3; k++) {
      const ids = k === 2 ? [...fixedIds].reverse() : k === 3 ? sampleProbe({ poolSize: 1000, size: 64, seed: 9, round: 3 }) : fixedIds;
      evs.push({ v: 1, type: 'probe', run: 'r1', step: 10 * k, seq: k, items: probeItems(rng, run, k, MU0, ids) });
    }
    expect(feed(evs).state.fixed_since_round).toBe(2);
  });
  it('a permute-like fixed probe still alarms A, through the combiner', () => {
    const run = makeRun({ probe: { size: 64, every: 10, sampling: 'fixed', seed: 5 } });
    const { out } = feed(simulate(run, (k) => (k < 3 ? MU0 : 0.03), 3, { fixedIds }));
    expect(out.find((o) => o.type === 'alarm')).toMatchObject({ alarm: 'worse_than_base', evidence: 'fixed_probe_combiner' });
  });
});

/**
 * Negative control (spec section 6): pooling a reused fixed probe is invalid. At the composed null
 * boundary (acc = mu0 before warm-up, mu0 + delta after; each replicate draws its 64 fixed items
 * and the checkpoint's per-item correctness once per phase, so every round re-scores the same
 * outcomes), pooled betting on A's null must show a false-alarm rate far above alpha_A, while the
 * detector (which detects the repeat and switches) stays within alpha.
 * 300 replications; the detector's tolerance alpha + 3 sd = 0.05 + 0.038.
 */
describe('negative control: pooled betting on a reused probe fails, the detector does not', () => {
  it('300 replicates at the boundary', () => {
    const R = 300;
    let pooledFalse = 0, detectorFalse = 0;
    for (let rep = 0; rep < R; rep++) {
      const run = makeRun({ run: `f${rep}` });
      const rng = createRng(1000 + rep);
      const ids = sampleProbe({ poolSize: 1000, size: 64, seed: 10_000 + rep, round: 1 });
      const phase1 = probeItems(rng, run, 1, MU0, ids);
      const phase2 = probeItems(rng, run, 1, MU0 + 0.05, ids);
      const evs: TelemetryEvent[] = [run];
      let pooled = bettingInit({ m: 0.5 });
      let fired = false;
      for (let k = 1; k <= 30; k++) {
        const items = k < 10 ? phase1 : phase2;
        evs.push({ v: 1, type: 'probe', run: run.run, step: 10 * k, seq: k, items } as ProbeEvent);
        pooled = bettingUpdateRound(pooled, pairedCounts(items));
        if (bettingLogValue(pooled) >= Math.log(1 / 0.02)) fired = true;
      }
      if (fired) pooledFalse++;
      if (feed(evs).out.some((o) => o.type === 'alarm')) detectorFalse++;
    }
    expect(pooledFalse / R).toBeGreaterThan(0.1); // the invalid method: many false alarms
    expect(detectorFalse / R).toBeLessThanOrEqual(0.05 + 0.038);
  });
});
