/** design() / safeDesign(): defaults, frozen result, derived thresholds, and coded errors. */
import { describe, it, expect } from 'vitest';
import { design, safeDesign, DesignError, designBettingInit, designAlarms, type DesignInput } from '../../src/eprocess/index.js';

function codeOf(input: unknown): string[] {
  const r = safeDesign(input as DesignInput);
  return r.success ? [] : r.issues.map((i) => i.code);
}

describe('design', () => {
  it('defaults: alpha 0.05 = 0.02 + 0.02 + 0.01, delta 0.05, k0 10, K 100, c 0.5, mixture; frozen', () => {
    const d = design();
    expect(d).toMatchObject({ alpha: 0.05, alphaSplit: { A: 0.02, B: 0.02, C: 0.01 }, delta: 0.05, warmupRound: 10, horizonRounds: 100, truncation: 0.5, strategy: 'mixture' });
    expect(d.nullMean).toEqual({ A: 0.5, B: 0.525, C: 0.525 });
    expect(d.logThreshold.A).toBeCloseTo(Math.log(50), 12);
    expect(d.logThreshold.C).toBeCloseTo(Math.log(100 / 0.01), 12);
    expect(Object.isFrozen(d) && Object.isFrozen(d.alphaSplit)).toBe(true);
    expect(() => { (d as { alpha: number }).alpha = 0.5; }).toThrow();
  });
  it('alpha alone scales the split 40/40/20 %', () => {
    const d = design({ alpha: 0.1 });
    expect(d.alphaSplit.A + d.alphaSplit.B + d.alphaSplit.C).toBeCloseTo(0.1, 15);
    expect(d.alphaSplit.C).toBeCloseTo(0.02, 15);
  });
  it.each([
    [{ alpha: 0 }, 'invalid_alpha'], [{ alpha: 1.2 }, 'invalid_alpha'], [{ alpha: Number.NaN }, 'invalid_alpha'],
    [{ alphaSplit: { A: 0.03 } }, 'alpha_split_mismatch'], [{ alphaSplit: { A: -0.01, B: 0.04, C: 0.02 } }, 'invalid_alpha_split'],
    [{ delta: 1 }, 'invalid_delta'], [{ delta: -0.1 }, 'invalid_delta'],
    [{ warmupRound: 0 }, 'invalid_warmup'], [{ warmupRound: 2.5 }, 'invalid_warmup'],
    [{ horizonRounds: 0 }, 'invalid_horizon'], [{ truncation: 1 }, 'invalid_truncation'], [{ truncation: 0 }, 'invalid_truncation'],
    [{ strategy: 'kelly' }, 'invalid_strategy'], [{ alpa: 0.05 }, 'unknown_field'],
  ])('%j -> %s', (input, code) => {
    expect(codeOf(input)).toContain(code);
    try { design(input as DesignInput); expect.fail('design() should throw'); } catch (e) {
      expect(e).toBeInstanceOf(DesignError);
      expect((e as DesignError).code).toBe(codeOf(input)[0]);
      expect((e as DesignError).issues.map((i) => i.code)).toContain(code);
    }
  });
  it('reports every issue at once, with field names and one-voice messages', () => {
    const r = safeDesign({ alpha: 2, delta: 3, truncation: 7 });
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.issues.map((i) => i.field)).toEqual(['alpha', 'alphaSplit.A', 'alphaSplit.B', 'alphaSplit.C', 'delta', 'truncation'].filter((f) => r.issues.some((i) => i.field === f)));
      expect(r.issues[0]?.message).toBe('invalid alpha: 2 (expected 0 < alpha < 1)');
    }
  });
  it('builds alarm processes from the design', () => {
    const d = design({ delta: 0.1, strategy: 'ons', truncation: 0.3 });
    const b = designBettingInit(d, 'B');
    expect(b.m).toBeCloseTo(0.55, 15);
    expect(b.strategy).toBe('ons');
    expect(b.lambdaMax).toBeCloseTo(0.3 / 0.45, 15);
    expect(designAlarms(d).C.threshold).toBeCloseTo(Math.log(100 / 0.01), 12);
  });
});
