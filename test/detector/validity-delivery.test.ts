import { describe, it, expect } from 'vitest';
import { createRng } from '../../src/rng.js';
import { detectorApply, detectorInit, sampleProbe } from '../../src/detector/index.js';
import type { ProbeEvent, RunEvent, TelemetryEvent, VerdictLine } from '../../src/telemetry/schema.js';
import { expectLevel, harnessRun, makePool, probeEvent, rates, runDetector, upper95 } from './harness.js';

/**
 * Validity harness, delivery mistakes (issue items 4-6): a repeated eval, a declared/actual probe
 * interval mismatch and lost rounds. Seeded Monte Carlo; the level check is each alarm's (or the
 * Learned claim's) exact one-sided 95% upper bound <= its alpha.
 */
const N = 1000;

/** n held-out pairs at gain = margin (p_b = 0.175, p_c = 0.125). */
function heldout(rng: ReturnType<typeof createRng>, n: number): ProbeEvent['items'] {
  return Array.from({ length: n }, (_, i) => {
    const u = rng.next();
    return u < 0.175 ? { id: `h${i}`, base: false, model: true } : u < 0.3 ? { id: `h${i}`, base: true, model: false } : { id: `h${i}`, base: u < 0.6, model: u < 0.6 };
  });
}

function learnedRun(rep: number, repeat: boolean, rule?: 'study'): VerdictLine {
  const rng = createRng(950_000 + rep);
  const run = harnessRun(`e${rep}`, { seed: 5 });
  const items = heldout(rng, 100);
  const evs: TelemetryEvent[] = [run, { v: 1, type: 'eval', run: run.run, step: 300, split: 'heldout', items }];
  if (repeat) evs.push({ v: 1, type: 'eval', run: run.run, step: 301, split: 'heldout', items: items.map((x) => ({ ...x })).reverse() });
  evs.push({ v: 1, type: 'end', run: run.run, step: 301, status: 'completed' });
  return lastVerdict(evs, rule);
}

/** The verdict line the detector writes on `end`. */
function lastVerdict(evs: TelemetryEvent[], rule?: 'study'): VerdictLine {
  const [first, ...rest] = evs;
  let st = detectorInit(first as RunEvent, undefined, rule === undefined ? {} : { learnedRule: rule });
  let v: VerdictLine | null = null;
  for (const ev of rest) {
    const r = detectorApply(st, ev);
    st = r.state;
    for (const o of r.out) if (o.type === 'verdict') v = o as VerdictLine;
  }
  return v as VerdictLine;
}

describe('a repeated eval counts once', () => {
  it('gain = margin, n = 100, the held-out split sent twice: the verdict equals the single delivery (study rule) and the default Learned rate holds alpha (1000 runs)', () => {
    let learnedDefault = 0;
    for (let rep = 0; rep < 1000; rep++) {
      const twice = learnedRun(rep, true, 'study'), once = learnedRun(rep, false, 'study');
      expect(twice.learned).toBe(once.learned);
      expect(twice.n).toBe(100);
      if (learnedRun(rep, true).learned === true) learnedDefault++;
    }
    expect(upper95(learnedDefault, 1000)).toBeLessThanOrEqual(0.05);
  }, 60_000);
  it('the repeat is rejected with one eval_repeated notice naming the split', () => {
    const rng = createRng(1);
    const run = harnessRun('r', { seed: 5 });
    const items = heldout(rng, 50);
    const evs: TelemetryEvent[] = [run, { v: 1, type: 'eval', run: 'r', step: 300, split: 'heldout', items },
      { v: 1, type: 'eval', run: 'r', step: 300, split: 'heldout', items: items.slice(0, 10).map((x) => ({ ...x, model: !x.model })) }];
    const [first, ...rest] = evs;
    let st = runDetector([first as TelemetryEvent]).state;
    const out: Record<string, unknown>[] = [];
    for (const ev of rest) { const r = detectorApply(st, ev); st = r.state; out.push(...(r.out as Record<string, unknown>[])); }
    expect(out).toEqual([expect.objectContaining({ type: 'notice', code: 'eval_repeated', split: 'heldout', repeated_items: 10 })]);
    expect(st.eval.rejected).toBe(1);
    expect(st.eval.splits[0]).toMatchObject({ split: 'heldout', events: 1 });
  });
  it('hostile split names (__proto__, constructor, toString) are ordinary splits; nothing reaches Object.prototype', () => {
    const run = harnessRun('x', { seed: 5 });
    const mk = (split: string, n: number, off: number): TelemetryEvent => ({ v: 1, type: 'eval', run: 'x', step: 300, split,
      items: Array.from({ length: n }, (_, i) => ({ id: `${split}${i + off}`, base: false, model: true })) });
    const evs = [run, mk('__proto__', 30, 0), mk('constructor', 20, 0), mk('toString', 5, 0), mk('__proto__', 10, 30), { v: 1, type: 'end', run: 'x', step: 300, status: 'completed' } as TelemetryEvent];
    const v = lastVerdict(evs);
    expect(v).toMatchObject({ eval_split: '__proto__', n: 40, b: 40 });
    expect(({} as Record<string, unknown>)['b']).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'a')).toBe(false);
    const { state } = runDetector(evs);
    expect(JSON.parse(JSON.stringify(state.eval)).splits.map((x: { split: string }) => x.split)).toEqual(['__proto__', 'constructor', 'toString']);
  });
});

/** A run that learns during warm-up: E[D] = 0 before step 100, = delta from step 100; probes every `every` steps. */
function warmupRun(rep: number, every: number, declared: number): TelemetryEvent[] {
  const rng = createRng(970_000 + rep);
  const run = harnessRun(`w${rep}`, { seed: 40 + rep, every: declared });
  const before = makePool(rng, N, 328, 328, 0.5), after = makePool(rng, N, 328, 378, 0.5);
  const evs: TelemetryEvent[] = [run];
  for (let k = 1; k * every <= 300; k++) {
    const step = k * every;
    evs.push(probeEvent(run, step < 100 ? before : after, k, step, sampleProbe({ poolSize: N, size: 64, seed: 40 + rep, round: k })));
  }
  return evs;
}

describe('rounds mapped by their actual steps', () => {
  it('declared every 10, probing every 5 (60 rounds): each alarm holds its level (1000 runs)', () => {
    const r = rates(1000, 0, (rep) => warmupRun(rep, 5, 10));
    expectLevel(r, 'declared 10, actual 5');
    expect(upper95(r.any, r.R)).toBeLessThanOrEqual(0.05);
  }, 60_000);
  it('B and C start at the first round at or after the warm-up step, with one probe_interval_mismatch notice', () => {
    const { state } = runDetector(warmupRun(1, 5, 10));
    const firstB = state.rounds.find((x) => x.log_e_b !== null);
    expect(firstB?.step).toBe(100);
    expect(firstB?.seq).toBe(20);
    expect(state.notices).toContain('probe_interval_mismatch');
  });
});

describe('lost rounds', () => {
  it('one lost round per run (seq 12), at the null: each alarm holds its level (1000 runs)', () => {
    const r = rates(1000, 990_000, (rep) => warmupRun(rep, 10, 10).filter((e) => !(e.type === 'probe' && e.seq === 12)));
    expectLevel(r, 'lost round 12');
  }, 60_000);
  it('a lost round no longer holds the alarms until the end: a permute-like run alarms within gapAfter rounds of the run without the loss', () => {
    const rng = createRng(3);
    const run = harnessRun('p', { seed: 9 });
    const bad = makePool(rng, N, 328, 60, 0.2), good = makePool(rng, N, 328, 330, 0.5);
    const evs: TelemetryEvent[] = [run];
    for (let k = 1; k <= 30; k++) evs.push(probeEvent(run, k < 5 ? good : bad, k, 10 * k, sampleProbe({ poolSize: N, size: 64, seed: 9, round: k })));
    const full = runDetector(evs).state, lost = runDetector(evs.filter((e) => !(e.type === 'probe' && e.seq === 6))).state;
    const a = full.proc.alarmRounds.A as number, b = lost.proc.alarmRounds.A as number;
    expect(a).toBeLessThan(15);
    expect(b).toBeLessThanOrEqual(a + 4);
    expect(lost.delivery.gapCount).toBe(1);
  });
});

describe('input-keyed tables in the detector', () => {
  it('a "__proto__" design override key is an unknown field (rejected), never the input\'s prototype', () => {
    const run = harnessRun('o', { seed: 5 });
    expect(() => detectorInit(run, JSON.parse('{"__proto__":{"delta":0.9}}') as never)).toThrow(/unknown field: __proto__/);
    expect(detectorInit(run, JSON.parse('{"delta":0.1}') as never).design.delta).toBe(0.1);
  });
});
