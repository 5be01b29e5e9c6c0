import { describe, expect, it } from 'vitest';
import { createRng } from '../src/rng.js';

describe('createRng', () => {
  it('same seed, same stream; different seeds differ', () => {
    const a = createRng(7), b = createRng(7), c = createRng(8);
    const xa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xa);
  });
  it('resumes from a saved state', () => {
    const a = createRng(1);
    a.next();
    const b = createRng(a.state());
    expect(b.next()).toBe(a.next());
  });
  it('is uniform within Monte Carlo error (n = 200000, 5 sd tolerance)', () => {
    const r = createRng(3);
    const n = 200_000;
    let s = 0;
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < n; i++) { s += r.next(); counts[r.int(10)]!++; }
    expect(Math.abs(s / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    for (const k of counts) expect(Math.abs(k - n / 10)).toBeLessThan(5 * Math.sqrt(n * 0.09));
  });
});
