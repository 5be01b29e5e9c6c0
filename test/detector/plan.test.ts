import { describe, it, expect } from 'vitest';
import { createRng } from '../../src/rng.js';
import { planProbe, isDetectorError } from '../../src/detector/index.js';

/**
 * planProbe: the probe size is chosen by simulating the real detector (replicates stated per
 * test). Claims: the chosen size meets the target power; a larger shortfall needs no more items
 * than a smaller one; power rises with size (allowing Monte Carlo error: 150 replicates, s.e.
 * <= 0.041, so a drop of more than 0.12 would be a real failure); bad input is a coded error.
 */
const base = { mu0: 0.328, delta: 0.05, rounds: 30, targetPower: 0.8 };

describe('planProbe', () => {
  it('returns the smallest listed size meeting the target, with the table of sizes tried', () => {
    const r = planProbe({ ...base, expectedGap: 0.05, rng: createRng(1), reps: 150, sizes: [16, 64, 256, 1024] });
    expect(r.size).not.toBeNull();
    expect(r.power!).toBeGreaterThanOrEqual(0.8);
    expect(r.table.at(-1)!.size).toBe(r.size);
    for (const row of r.table.slice(0, -1)) expect(row.power).toBeLessThan(0.8);
    for (let i = 1; i < r.table.length; i++) expect(r.table[i]!.power).toBeGreaterThanOrEqual(r.table[i - 1]!.power - 0.12);
    expect(r.effect).toBeCloseTo(0, 12);
  }, 60_000);

  it('a run further below the margin needs no more items', () => {
    const sizes = [32, 64, 128, 256, 512];
    const far = planProbe({ ...base, expectedGap: 0.06, rng: createRng(2), reps: 150, sizes });
    const near = planProbe({ ...base, expectedGap: 0.025, rng: createRng(3), reps: 150, sizes });
    expect(far.size).not.toBeNull();
    expect(near.size ?? Infinity).toBeGreaterThanOrEqual(far.size!);
    // the oracle (Kelly) delay shrinks with the probe size and grows as the gap shrinks
    expect(near.table[0]!.kellyRounds).toBeGreaterThan(far.table[0]!.kellyRounds);
  }, 60_000);

  it('invalid input is a coded error naming the field', () => {
    for (const bad of [{ mu0: 1.2 }, { expectedGap: 0 }, { rounds: 0 }, { targetPower: 1 }, { sizes: [0] }, { warmupRound: 40 }]) {
      try {
        planProbe({ ...base, expectedGap: 0.03, rng: createRng(1), reps: 1, ...bad });
        expect.unreachable();
      } catch (e) {
        expect(isDetectorError(e)).toBe(true);
        expect((e as { code: string }).code).toBe('invalid_design');
        expect((e as Error).message).toContain(Object.keys(bad)[0]!);
      }
    }
  });
});
