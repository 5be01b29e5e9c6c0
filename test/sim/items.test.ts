import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/rng.js';
import { coupledAccuracies, isSimError, makeItems, probit, realizeCheckpoint, simulateRun, BASES, baseBySlug, asArm } from '../../src/sim/index.js';

describe('item model', () => {
  it('coupled accuracies keep the marginal: mu0 p1 + (1 - mu0) p0 = acc, both in [0, 1]', () => {
    fc.assert(fc.property(
      fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
      (acc, mu0, kappa) => {
        const { p1, p0 } = coupledAccuracies(acc, mu0, kappa);
        expect(p1).toBeGreaterThanOrEqual(0); expect(p1).toBeLessThanOrEqual(1);
        expect(p0).toBeGreaterThanOrEqual(0); expect(p0).toBeLessThanOrEqual(1);
        expect(mu0 * p1 + (1 - mu0) * p0).toBeCloseTo(acc, 9);
        expect(p1).toBeGreaterThanOrEqual(p0 - 1e-12); // never anti-correlated with the base
      }));
  });

  it('probit matches reference quantiles (R qnorm) to 1e-8', () => {
    const ref: [number, number][] = [[0.975, 1.959963984540054], [0.5, 0], [0.01, -2.326347874040841], [1e-6, -4.753424308822899], [0.9999, 3.719016485455709]];
    for (const [p, q] of ref) expect(Math.abs(probit(p) - q)).toBeLessThan(1e-8);
  });

  it('a pool has exactly round(mu0 n) base-correct items, so pool accuracy = mu0', () => {
    for (const b of BASES) {
      const items = makeItems(createRng(9), 1000, b.mu0);
      expect(items.base.filter(Boolean).length / 1000).toBe(b.mu0);
    }
  });

  it('a checkpoint realizes its target accuracy and agreement within MC error (20 checkpoints x 1000 items, 4 sd)', () => {
    const rng = createRng(11);
    const items = makeItems(rng, 1000, 0.328);
    for (const acc of [0.04, 0.328, 0.78]) {
      let right = 0, rightOnBaseRight = 0;
      for (let k = 0; k < 20; k++) {
        const c = realizeCheckpoint(rng, items, acc, 0.328);
        c.forEach((x, i) => { if (x) { right++; if (items.base[i]) rightOnBaseRight++; } });
      }
      const n = 20000;
      // the pool's fixed latent ease adds a run-level offset: allow 4 sd of 1000 (not 20000) items
      expect(Math.abs(right / n - acc)).toBeLessThan(4 * Math.sqrt((acc * (1 - acc)) / 1000));
      const { p1 } = coupledAccuracies(acc, 0.328, 0.6);
      expect(Math.abs(rightOnBaseRight / (20 * 328) - p1)).toBeLessThan(4 * Math.sqrt((p1 * (1 - p1)) / 328) + 1e-9);
    }
  });

  it('invalid inputs throw coded errors', () => {
    const spec = { arm: 'correct' as const, base: BASES[0]!, seed: 1 };
    const codeOf = (f: () => unknown): string | undefined => { try { f(); } catch (e) { return isSimError(e) ? e.code : 'other'; } return undefined; };
    expect(codeOf(() => simulateRun(createRng(1), { ...spec, size: 0 }))).toBe('invalid_sim_param');
    expect(codeOf(() => simulateRun(createRng(1), { ...spec, kappa: 2 }))).toBe('invalid_sim_param');
    expect(codeOf(() => baseBySlug('gpt-2'))).toBe('unknown_base');
    expect(codeOf(() => asArm('relabel'))).toBe('unknown_arm');
    expect(baseBySlug('Qwen3-32B').mu0).toBe(0.307);
  });
});
