import { describe, expect, it } from 'vitest';
import { median, parseJsonl, splitRuns, table1, table1Errors } from '../../src/table1/index.js';
import { clopperPearsonUpper } from '../../src/analysis/index.js';

describe('clopperPearsonUpper', () => {
  it('0/n gives 1 - 0.05^(1/n) (about 3/n)', () => {
    expect(clopperPearsonUpper(0, 200)).toBeCloseTo(1 - 0.05 ** (1 / 200), 14);
    expect(clopperPearsonUpper(0, 36)).toBeCloseTo(0.0798, 4);
  });
  it('matches reference values (scipy.stats.beta.ppf(0.95, x + 1, n - x))', () => {
    expect(clopperPearsonUpper(1, 10)).toBeCloseTo(0.3941633, 6);
    expect(clopperPearsonUpper(5, 100)).toBeCloseTo(0.1022534, 6);
  });
  it('solves P(X <= x; n, p_u) = 0.05 and grows with x', () => {
    let prev = 0;
    for (let x = 0; x < 20; x++) {
      const u = clopperPearsonUpper(x, 50);
      expect(u).toBeGreaterThan(prev);
      prev = u;
    }
    expect(clopperPearsonUpper(50, 50)).toBe(1);
    expect(() => clopperPearsonUpper(3, 2)).toThrow(/invalid/);
  });
});

describe('helpers', () => {
  it('median of odd and even lists, null when empty', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeNull();
  });
  it('parseJsonl keeps valid events and names file, line and field of the bad ones', () => {
    const text = [
      '{"v":1,"type":"run","run":"r","base":{"model":"m","pool_size":10,"pool_accuracy":0.3},"probe":{"size":2,"every":1,"sampling":"with_replacement"},"plan":{"steps":3,"gpus":1,"gpu_type":"H200","usd_per_gpu_hour":3}}',
      'not json',
      '{"v":1,"type":"probe","run":"r","step":1,"seq":1,"items":[{"id":"1","base":true,"model":"yes"}]}',
      '{"v":1,"type":"end","run":"r","step":3,"status":"completed"}',
    ].join('\n');
    const { events, skipped } = parseJsonl(text, 'x.jsonl');
    expect(events.map((e) => e.type)).toEqual(['run', 'end']);
    expect(skipped).toEqual([
      { file: 'x.jsonl', line: 2, reason: 'not JSON' },
      expect.objectContaining({ file: 'x.jsonl', line: 3, reason: expect.stringContaining('items.0.model') }),
    ]);
    expect(splitRuns(events).length).toBe(1);
  });
  it('table1 of nothing is a coded error', () => {
    try { table1([]); expect.unreachable(); } catch (e) { expect((e as { code: string }).code).toBe(table1Errors.noRuns().code); }
  });
});
