import { describe, it, expect } from 'vitest';
import type { Rng } from '../../src/rng.js';
import { createRng as createRngFor } from '../../src/rng.js';
import { bettingInit, bettingLogValue, bettingUpdateRound, pairedCounts } from '../../src/eprocess/index.js';
import { sampleProbe } from '../../src/detector/index.js';
import type { ProbeEvent, TelemetryEvent } from '../../src/telemetry/schema.js';
import { expectLevel, harnessRun, makePool, probeEvent, rates, runDetector, upper95, type Pool } from './harness.js';

/**
 * Validity harness, probe draws (issue: "partial reuse, renamed ids, declared-fresh-but-fixed all
 * end on the valid path"). Every run sits at alarm B's null boundary for all 30 rounds (pool
 * accuracy exactly mu0 + delta = 0.378, base 0.328, coupling kappa 0.5, 64 items per round, every
 * item's outcomes fixed for the run), so any alarm is a false alarm. Each scenario: R = 1000
 * seeded replicates, the exact one-sided 95% upper bound of each alarm's rate <= its alpha
 * (A 0.02, B 0.02, C 0.01). Before the draw check every mistaken scenario pooled its rounds and
 * alarm B fired in about 25-30% of runs (the in-test negative control reproduces that with plain
 * pooled betting: its 95% lower bound must exceed alpha_B).
 */
const R = 1000, N = 1000, K = 30, SIZE = 64;

function pool(rng: Rng): Pool { return makePool(rng, N, 328, 378, 0.5); }

/** Round positions and ids of one replicate under a mistake. */
type Schedule = (k: number, rng: Rng, state: { fixed: number[] }) => { pos: number[]; ids?: string[] };

const randomDraw = (rng: Rng): number[] => Array.from({ length: SIZE }, () => rng.int(N));

const partialReuse: Schedule = (k, rng, st) => {
  if (k > 1) st.fixed[rng.int(SIZE)] = rng.int(N); // one id changes per round
  return { pos: [...st.fixed] };
};
const renamed: Schedule = (k, _rng, st) => ({ pos: st.fixed, ids: st.fixed.map((p, j) => `r${k}-${j}-${p}`) });
const fixedProbe: Schedule = (_k, _rng, st) => ({ pos: st.fixed });

function gen(schedule: Schedule, seeded: boolean): (rep: number, rng: Rng) => TelemetryEvent[] {
  return (rep, rng) => {
    const run = harnessRun(`d${rep}`, { seed: seeded ? 1000 + rep : null });
    const p = pool(rng);
    // a seeded job that makes the mistake still starts from its first seeded draw
    const st = { fixed: seeded ? sampleProbe({ poolSize: N, size: SIZE, seed: 1000 + rep, round: 1 }) : randomDraw(rng) };
    const evs: TelemetryEvent[] = [run];
    for (let k = 1; k <= K; k++) {
      const { pos, ids } = schedule(k, rng, st);
      evs.push(probeEvent(run, p, k, 10 * k, pos, ids));
    }
    return evs;
  };
}

/** Negative control: plain pooled betting on D vs E[D] >= delta from round 10 (what the detector did before). */
function pooledRate(schedule: Schedule, seed0: number): number {
  let fired = 0;
  for (let rep = 0; rep < R; rep++) {
    const evs = gen(schedule, false)(rep, createRngFor(seed0 + rep));
    let w = bettingInit({ m: 0.525 });
    let hit = false;
    for (const ev of evs) {
      if (ev.type !== 'probe' || ev.seq < 10) continue;
      w = bettingUpdateRound(w, pairedCounts((ev as ProbeEvent).items));
      if (bettingLogValue(w) >= Math.log(50)) hit = true;
    }
    if (hit) fired++;
  }
  return fired;
}



describe('probe-draw mistakes end on the valid path (1000 runs each, 95% exact upper bound <= alpha)', () => {
  const cases: [string, Schedule][] = [['partial reuse (1 id changes per round)', partialReuse], ['renamed ids (a fixed probe, new ids every round)', renamed], ['fixed probe declared as fresh draws', fixedProbe]];
  let seed = 510_000;
  for (const [name, sch] of cases) {
    for (const seeded of [true, false]) {
      const s0 = (seed += R);
      it(`${name}, ${seeded ? 'seeded (sampler check)' : 'unseeded (overlap test)'}`, () => {
        const r = rates(R, s0, gen(sch, seeded));
        expectLevel(r, name);
      }, 60_000);
    }
  }
  it('negative control: pooling those rounds fails (renamed ids and partial reuse: lower bound of the rate > alpha_B)', () => {
    for (const sch of [renamed, partialReuse]) {
      const f = pooledRate(sch, 530_000);
      expect(f / R - 1.645 * Math.sqrt((f / R) * (1 - f / R) / R)).toBeGreaterThan(0.02);
    }
  }, 60_000);
});

describe('honest draws: verified, pooled, and still at level', () => {
  it('seeded honest draws stay pooled with no notice; ids as pool_ids names also verify', () => {
    const rng = createRngFor(3);
    const p = pool(rng);
    const names = Array.from({ length: N }, (_, i) => `item-${i}`);
    const run = { ...harnessRun('h', { seed: 11 }) };
    (run.probe as Record<string, unknown>)['pool_ids'] = names;
    const evs: TelemetryEvent[] = [run];
    for (let k = 1; k <= K; k++) {
      const pos = sampleProbe({ poolSize: N, size: SIZE, seed: 11, round: k });
      evs.push(probeEvent(run, p, k, 10 * k, pos, pos.map((q) => names[q] as string)));
    }
    const { state } = runDetector(evs);
    expect(state.mode).toBe('pooled');
    expect(state.draws).toMatchObject({ rule: 'seeded', status: 'verified', id_form: 'pool_ids' });
  });
  it('seeded draws with named ids in draw order bind positions to ids; a renamed round fails from that round', () => {
    const rng = createRngFor(4);
    const p = pool(rng);
    const run = harnessRun('b', { seed: 12 });
    const evs: TelemetryEvent[] = [run];
    for (let k = 1; k <= K; k++) {
      const pos = sampleProbe({ poolSize: N, size: SIZE, seed: 12, round: k });
      evs.push(probeEvent(run, p, k, 10 * k, pos, pos.map((q) => (k === 20 ? `x${q}` : `q${q}`))));
    }
    const all = runDetector(evs);
    expect(all.state.draws).toMatchObject({ id_form: 'bound', status: 'failed', since_round: 20 });
    expect(all.state.fixed_since_round).toBe(20);
    expect(all.state.fixed_reason).toBe('draw_mismatch');
    const upTo19 = runDetector(evs.slice(0, 20));
    expect(upTo19.state.mode).toBe('pooled');
  });
  it('unseeded honest draws from 1000 items pass the overlap test by round 8 in >= 95% of 200 runs', () => {
    let passed = 0;
    for (let rep = 0; rep < 200; rep++) {
      const rng = createRngFor(77_000 + rep);
      const p = pool(rng);
      const run = harnessRun(`u${rep}`, { seed: null });
      const evs: TelemetryEvent[] = [run];
      for (let k = 1; k <= 8; k++) evs.push(probeEvent(run, p, k, 10 * k, randomDraw(rng)));
      if (runDetector(evs).state.mode === 'pooled') passed++;
    }
    expect(passed).toBeGreaterThanOrEqual(190);
  });
  it('unseeded honest draws at the boundary hold the level (the fixed phase credits pooled betting; 1000 runs)', () => {
    const r = rates(R, 560_000, (rep, rng) => {
      const run = harnessRun(`v${rep}`, { seed: null });
      const p = pool(rng);
      const evs: TelemetryEvent[] = [run];
      for (let k = 1; k <= K; k++) evs.push(probeEvent(run, p, k, 10 * k, randomDraw(rng)));
      return evs;
    });
    expectLevel(r, 'honest unseeded');
    expect(upper95(r.any, R)).toBeLessThanOrEqual(0.05);
  }, 60_000);
});
