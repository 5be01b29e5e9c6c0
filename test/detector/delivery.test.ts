import { describe, it, expect } from 'vitest';
import { createRng } from '../../src/rng.js';
import { detectorApply, detectorInit, type DetectorState } from '../../src/detector/index.js';
import type { OutputLine, TelemetryEvent } from '../../src/telemetry/schema.js';
import { feed, makeRun, simulate, MU0 } from './sim.js';

const permute = (k: number) => (k < 6 ? MU0 : 0.05);
const noise = () => MU0;

function shuffle<T>(xs: T[], seed: number): T[] {
  const rng = createRng(seed);
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) { const j = rng.int(i + 1); [a[i], a[j]] = [a[j] as T, a[i] as T]; }
  return a;
}
/** Evidence-bearing part of a state (delivery counters differ by design between deliveries). */
const evidence = (s: DetectorState) => ({ rounds: s.rounds, proc: s.proc, mode: s.mode, train: s.train, eval: s.eval, series: s.train_series });

describe('exactly-once by seq', () => {
  for (const [name, acc] of [['permute', permute], ['noise', noise]] as const) {
    it(`${name}: every duplicated event is ignored and counted; evidence and lines unchanged`, () => {
      const evs = simulate(makeRun(), acc, 21);
      const ref = feed(evs);
      const doubled: TelemetryEvent[] = [evs[0] as TelemetryEvent];
      for (const e of evs.slice(1, -1)) doubled.push(e, e);
      doubled.push(evs.at(-1) as TelemetryEvent);
      const dup = feed(doubled);
      expect(evidence(dup.state)).toEqual(evidence(ref.state));
      expect(dup.state.delivery.duplicates).toBe(30);
      const { duplicates: _a, ...refV } = ref.out.at(-1) as Record<string, unknown>;
      const { duplicates: _b, ...dupV } = dup.out.at(-1) as Record<string, unknown>;
      expect(dupV).toEqual(refV);
      expect(dup.out.slice(0, -1)).toEqual(ref.out.slice(0, -1));
    });
    for (const seed of [1, 2, 3]) {
      it(`${name}: shuffled delivery (seed ${seed}) gives the same final state and output lines as in order (gapAfter above the run's rounds)`, () => {
        const evs = simulate(makeRun(), acc, 30 + seed);
        const ref = feed(evs, undefined, { gapAfter: 64 });
        const mixed = [evs[0] as TelemetryEvent, ...shuffle(evs.slice(1, -1), seed), evs.at(-1) as TelemetryEvent];
        const got = feed(mixed, undefined, { gapAfter: 64 });
        expect(got.state).toEqual(ref.state);
        expect(got.out).toEqual(ref.out);
      });
    }
  }
  it(`${'bounded lateness'}: rounds at most 3 rounds late (default gapAfter 4) give the same state and lines as in order`, () => {
    const evs = simulate(makeRun(), permute, 35);
    const ref = feed(evs);
    const probes = evs.filter((e) => e.type === 'probe');
    const late: TelemetryEvent[] = [];
    for (let i = 0; i < probes.length; i += 4) late.push(...probes.slice(i, i + 4).reverse()); // each block of 4 reversed
    const got = feed([evs[0] as TelemetryEvent, ...late, ...evs.filter((e) => e.type !== 'probe' && e.type !== 'run')]);
    expect(got.state.rounds).toEqual(ref.state.rounds);
    expect(got.state.delivery.gapCount).toBe(0);
  });
  it('a replayed stream after a checkpoint (JSON round-trip) changes nothing', () => {
    const evs = simulate(makeRun(), permute, 40, { end: false });
    let s = detectorInit(evs[0] as never);
    const out: OutputLine[] = [];
    for (const e of evs.slice(1, 30)) { const r = detectorApply(s, e); s = r.state; out.push(...r.out); }
    s = JSON.parse(JSON.stringify(s)) as DetectorState;
    for (const e of evs.slice(1)) { const r = detectorApply(s, e); s = r.state; out.push(...r.out); } // redelivery from the start
    const ref = feed(evs);
    expect(evidence(s)).toEqual(evidence(ref.state));
    expect(out).toEqual(ref.out);
  });
  it('does not modify the input state (pure)', () => {
    const evs = simulate(makeRun(), permute, 41);
    const s0 = feed(evs.slice(0, 15)).state;
    const snap = JSON.stringify(s0);
    for (const e of evs.slice(15)) detectorApply(s0, e);
    expect(JSON.stringify(s0)).toBe(snap);
  });
  it('a missing round: buffered rounds wait; at the buffer bound a gap is declared and reported', () => {
    const run = makeRun();
    const evs = simulate(run, noise, 42).filter((e) => !(e.type === 'probe' && e.seq === 3));
    const s0 = detectorInit(run, undefined, { maxPending: 5 });
    let s = s0;
    const out: OutputLine[] = [];
    for (const e of evs.slice(1)) { const r = detectorApply(s, e); s = r.state; out.push(...r.out); }
    const gap = out.find((o) => o.type === 'notice' && o.code === 'probe_gap');
    expect(gap).toMatchObject({ missing_seqs: [3], missing_count: 1 });
    expect(s.rounds.map((r) => r.seq)).toEqual([1, 2, ...Array.from({ length: 27 }, (_, i) => i + 4)]);
    expect(out.at(-1)).toMatchObject({ gaps: 1 });
  });
  it('the end event flushes buffered rounds as gaps (never silently drops them)', () => {
    const run = makeRun();
    const evs = simulate(run, noise, 43).filter((e) => !(e.type === 'probe' && e.seq === 28));
    const { state, out } = feed(evs);
    expect(state.rounds).toHaveLength(29);
    expect(out.filter((o) => o.code === 'probe_gap')).toHaveLength(1);
  });
  it('a round arriving after its seq was given up is counted late, not applied', () => {
    const run = makeRun();
    const evs = simulate(run, noise, 44);
    const r3 = evs.find((e) => e.type === 'probe' && e.seq === 3) as TelemetryEvent;
    const rest = evs.filter((e) => e !== r3);
    let s = detectorInit(run, undefined, { maxPending: 2 });
    for (const e of rest.slice(1, 12)) s = detectorApply(s, e).state;
    s = detectorApply(s, r3).state;
    expect(s.delivery.late).toBe(1);
    expect(s.rounds.some((r) => r.seq === 3)).toBe(false);
  });
});

describe('eval events and the horizon', () => {
  const items = [
    ...Array.from({ length: 50 }, (_, i) => ({ id: `x${i}`, base: false, model: true })),
    ...Array.from({ length: 5 }, (_, i) => ({ id: `y${i}`, base: true, model: false })),
  ];
  it('a redelivered eval event counts once; eval chunks add up', () => {
    const run = makeRun();
    const base = simulate(run, noise, 50, { end: false });
    const ev1 = { v: 1, type: 'eval', run: 'r1', step: 300, split: 'heldout', items: items.slice(0, 30) } as TelemetryEvent;
    const ev2 = { v: 1, type: 'eval', run: 'r1', step: 300, split: 'heldout', items: items.slice(30) } as TelemetryEvent;
    const once = feed([...base, ev1, ev2]).state;
    const twice = feed([...base, ev2, ev1, ev1, ev2]).state;
    expect(twice.eval).toEqual(once.eval);
    expect(twice.eval_duplicates).toBe(2);
    expect(once.eval.splits.find((x) => x.split === 'heldout')).toMatchObject({ b: 50, c: 5, events: 2 });
  });
  it('rounds past the planned horizon K stop alarm C, with a notice', () => {
    const run = makeRun({ plan: { steps: 150, gpus: 1, gpu_type: 'H200', usd_per_gpu_hour: 3, seconds_per_step: 12 } });
    // K = 15 rounds planned, 30 delivered
    const evs = simulate(makeRun(), () => MU0 + 0.1, 51).map((e) => (e.type === 'run' ? run : e));
    const { state, out } = feed(evs);
    expect(state.design.horizonRounds).toBe(15);
    expect(out.filter((o) => o.code === 'horizon_exceeded')).toHaveLength(1);
    expect(state.proc.C?.k).toBe(15 - 10 + 1);
    expect(state.rounds.at(-1)?.log_e_c).toBe(state.rounds[14]?.log_e_c);
  });
});
