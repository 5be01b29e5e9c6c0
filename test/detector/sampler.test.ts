import { describe, it, expect } from 'vitest';
import { sampleProbe, probeRoundSeed, isDetectorError } from '../../src/detector/index.js';

describe('sampleProbe: fresh seeded draws with replacement', () => {
  it('same (seed, round) gives the same draw; other rounds and seeds differ', () => {
    const a = sampleProbe({ poolSize: 1000, size: 64, seed: 7, round: 1 });
    expect(sampleProbe({ poolSize: 1000, size: 64, seed: 7, round: 1 })).toEqual(a);
    expect(sampleProbe({ poolSize: 1000, size: 64, seed: 7, round: 2 })).not.toEqual(a);
    expect(sampleProbe({ poolSize: 1000, size: 64, seed: 8, round: 1 })).not.toEqual(a);
    expect(probeRoundSeed(2 ** 40 + 7, 1)).not.toBe(probeRoundSeed(7, 1)); // high seed bits matter
  });
  it('indices are integers in [0, poolSize), duplicates allowed (with replacement)', () => {
    const d = sampleProbe({ poolSize: 5, size: 200, seed: 1, round: 3 });
    expect(d.every((i) => Number.isInteger(i) && i >= 0 && i < 5)).toBe(true);
    expect(new Set(d).size).toBeLessThan(d.length);
  });
  it('is uniform over the pool: chi-square over 20 cells, 20,000 draws across 500 rounds', () => {
    const counts = new Array<number>(20).fill(0);
    for (let r = 1; r <= 500; r++) for (const i of sampleProbe({ poolSize: 20, size: 40, seed: 99, round: r })) counts[i] = (counts[i] as number) + 1;
    const e = 20000 / 20;
    const chi2 = counts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(43.8); // chi2(19) 0.999 quantile: fails by chance with prob 0.001
  });
  it('consecutive rounds are not correlated: same-position agreement near 1/poolSize', () => {
    let same = 0, total = 0;
    for (let r = 1; r < 300; r++) {
      const a = sampleProbe({ poolSize: 10, size: 64, seed: 3, round: r });
      const b = sampleProbe({ poolSize: 10, size: 64, seed: 3, round: r + 1 });
      a.forEach((x, i) => { if (x === b[i]) same++; total++; });
    }
    // expected 0.1 with sd sqrt(0.09 / 19136) = 0.0022; tolerance 5 sd
    expect(Math.abs(same / total - 0.1)).toBeLessThan(0.011);
  });
  it('rejects bad input with a code naming the field', () => {
    for (const bad of [{ poolSize: 0 }, { size: 1.5 }, { round: 0 }, { seed: 0.5 }]) {
      try { sampleProbe({ poolSize: 10, size: 4, seed: 1, round: 1, ...bad }); expect.unreachable(); } catch (e) {
        expect(isDetectorError(e) && e.code).toBe('invalid_sampler');
        expect((e as Error).message).toContain(Object.keys(bad)[0] as string);
      }
    }
  });
});
