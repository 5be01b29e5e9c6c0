import { describe, it, expect } from 'vitest';
import { createRng } from '../../src/rng.js';
import { detectorApply, detectorInit, sampleProbe } from '../../src/detector/index.js';
import { idsKey } from '../../src/detector/index.js';
import type { ProbeEvent } from '../../src/telemetry/schema.js';
import { makeRun } from './sim.js';

/**
 * Regression (fixed-probe key): ids used to be hashed through `id.length`, so non-string ids (raw
 * numbers from a caller that skips schema parsing) all hashed like the empty string, every round
 * of one size got the same key, and round 2 was wrongly taken for a fixed probe.
 */
describe('idsKey: order-free key of the id multiset, ids coerced to strings', () => {
  it('numeric ids: different multisets give different keys, equal multisets equal keys in any order', () => {
    expect(idsKey([1, 2, 3])).not.toBe(idsKey([1, 2, 4]));
    expect(idsKey([1, 2, 3])).toBe(idsKey([3, 1, 2]));
    expect(idsKey([7, 8])).toBe(idsKey(['7', '8'])); // coerced: 7 and "7" are the same item
    expect(idsKey([1, 1, 2])).not.toBe(idsKey([1, 2, 2])); // a multiset, not a set
    expect(idsKey(['ab', 'c'])).not.toBe(idsKey(['a', 'bc']));
  });
  it('no collisions among 2000 fresh 64-item draws (numeric ids), and each key is stable under shuffling', () => {
    const keys = new Set<string>();
    const rng = createRng(11);
    for (let r = 1; r <= 2000; r++) {
      const ids = sampleProbe({ poolSize: 1000, size: 64, seed: 3, round: r });
      const k = idsKey(ids);
      keys.add(k);
      const shuffled = [...ids];
      for (let i = shuffled.length - 1; i > 0; i--) { const j = rng.int(i + 1); [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!]; }
      expect(idsKey(shuffled)).toBe(k);
    }
    expect(keys.size).toBe(2000);
  });
  it('the detector stays pooled on fresh draws with numeric ids, and switches on a repeated numeric probe', () => {
    const run = makeRun({ probe: { size: 64, every: 10, sampling: 'with_replacement', seed: 5 } });
    const rng = createRng(4);
    const probe = (k: number, ids: number[]) => ({
      v: 1, type: 'probe', run: 'r1', step: 10 * k, seq: k,
      items: ids.map((i) => ({ id: i as unknown as string, base: i < 328, model: rng.next() < 0.4 })),
    }) as ProbeEvent;
    let fresh = detectorInit(run);
    let fixed = detectorInit(run);
    const same = sampleProbe({ poolSize: 1000, size: 64, seed: 5, round: 1 });
    for (let k = 1; k <= 5; k++) {
      fresh = detectorApply(fresh, probe(k, sampleProbe({ poolSize: 1000, size: 64, seed: 5, round: k }))).state;
      fixed = detectorApply(fixed, probe(k, same)).state;
    }
    expect(fresh.mode).toBe('pooled');
    expect(fresh.notices).not.toContain('fixed_probe');
    expect(fixed.mode).toBe('fixed');
    expect(fixed.fixed_since_round).toBe(2);
  });
  it('forking a state or restoring it from JSON gives the same fixed-probe decisions as one linear fold (the hidden key index is rebuilt, never shared wrongly)', () => {
    const run = makeRun({ probe: { size: 64, every: 10, sampling: 'with_replacement', seed: 8 } });
    const rng = createRng(9);
    const ids = (r: number) => sampleProbe({ poolSize: 1000, size: 64, seed: 8, round: r });
    const ev = (k: number, r: number) => ({ v: 1, type: 'probe', run: 'r1', step: 10 * k, seq: k,
      items: ids(r).map((i) => ({ id: String(i), base: i < 328, model: rng.next() < 0.4 })) }) as ProbeEvent;
    const s1 = detectorApply(detectorInit(run), ev(1, 1)).state;
    const a2 = detectorApply(s1, ev(2, 2)).state; // branch a: fresh draw
    const b2 = detectorApply(s1, ev(2, 1)).state; // branch b from the same state: repeats round 1
    expect(a2.mode).toBe('pooled');
    expect(b2.mode).toBe('fixed');
    const a3 = detectorApply(a2, ev(3, 1)).state; // repeats round 1 after a fresh round 2
    expect(a3.mode).toBe('fixed');
    expect(a3.fixed_since_round).toBe(3);
    const c3 = detectorApply(JSON.parse(JSON.stringify(a2)), ev(3, 3)).state; // restored: a fresh draw stays pooled
    expect(c3.mode).toBe('pooled');
    const d3 = detectorApply(JSON.parse(JSON.stringify(a2)), ev(3, 2)).state; // restored: repeats round 2
    expect(d3.mode).toBe('fixed');
    expect(d3.notices).toContain('fixed_probe');
  });
});
