/**
 * Law: the fused per-item mixture loop (kernel-fused.ts, behind bettingUpdateMany) is
 * bit-identical to the generic loop (kernel.ts runItemsGeneric): every number of the state equal
 * under Object.is (so even the sign of a zero), for discrete, continuous and mixed y, any m and c,
 * fresh and resumed states, and streams built to hit every bet-clipping branch (plug-in bet at
 * lambdaMax early on, aGRAPA at lambdaMax or 0 on one-sided streams). fast-check, 200 runs per
 * property, seeded; plus seeded long streams (5 x 3000 items), streams crossing the end of the
 * memoised log1p(n + 1) table, and a non-integer / huge n (table bypassed).
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../../src/rng.js';
import { bettingInit, bettingUpdateMany, bettingUpdateRounds, type BettingState } from '../../src/eprocess/index.js';
import { cloneState, runItemsGeneric, type MutableBettingState } from '../../src/eprocess/kernel.js';
import { log1pIntTable, LOG1P_INT_MAX } from '../../src/eprocess/kernel-fused.js';

const cfg = { seed: 20261130, numRuns: 200 };
const nullMean = fc.oneof(fc.constantFrom(0, 0.5, 0.525), fc.double({ min: 0, max: 0.95, noNaN: true }));
const trunc = fc.oneof(fc.constantFrom(0.5, 0.95), fc.double({ min: 0.05, max: 0.95, noNaN: true }));
const discrete = fc.constantFrom(0, 0.5, 1);
const obs = fc.oneof(discrete, discrete, fc.constantFrom(-0, 0.25, 0.75, Number.MIN_VALUE), fc.double({ min: 0, max: 1, noNaN: true }));
const ysArb = fc.oneof(
  fc.array(obs, { maxLength: 150 }),
  fc.array(fc.constantFrom(0, 0.5), { maxLength: 150 }),
  fc.array(fc.constantFrom(0.5, 1), { maxLength: 150 }),
);
const roundsArb = fc.array(fc.record({ minus: fc.nat(40), zero: fc.nat(40), plus: fc.nat(40) }), { maxLength: 4 });

function generic(s0: BettingState, ys: readonly number[]): MutableBettingState {
  const s = cloneState(s0);
  runItemsGeneric(s, ys);
  return s;
}

/** Lists every field where the two states differ under Object.is (empty when bit-identical). */
function diff(a: BettingState, b: BettingState): string[] {
  const out: string[] = [];
  const keys = ['n', 's1', 's2', 'rounds', 'plugin', 'agrapa'] as const;
  for (const k of keys) if (!Object.is(a[k], b[k])) out.push(`${k}: ${a[k]} vs ${b[k]}`);
  if (a.grid.length !== b.grid.length) out.push('grid length');
  a.grid.forEach((g, j) => { if (!Object.is(g, b.grid[j])) out.push(`grid[${j}]: ${g} vs ${b.grid[j]}`); });
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push('json');
  return out;
}

describe('law: fused mixture loop == generic loop, bit for bit', () => {
  it('fresh and resumed (after rounds, after a JSON round-trip) mixture states, any y', () => {
    fc.assert(fc.property(nullMean, trunc, ysArb, roundsArb, fc.boolean(), (m, c, ys, rs, viaJson) => {
      let s0 = bettingUpdateRounds(bettingInit({ m, c }), rs);
      if (viaJson) s0 = JSON.parse(JSON.stringify(s0)) as BettingState;
      const d = diff(bettingUpdateMany(s0, ys), generic(s0, ys));
      if (d.length > 0) throw new Error(d.join('; '));
    }), cfg);
  });

  it('states holding -0 components keep the same signed zeros', () => {
    fc.assert(fc.property(nullMean, trunc, ysArb, (m, c, ys) => {
      const b = bettingInit({ m, c });
      const s0: BettingState = { ...b, plugin: -0, agrapa: -0, grid: b.grid.map(() => -0) };
      const d = diff(bettingUpdateMany(s0, ys), generic(s0, ys));
      if (d.length > 0) throw new Error(d.join('; '));
    }), cfg);
  });

  it('long seeded streams (paired, continuous, mixed; 3000 items each) in chunks of varying size', () => {
    const rng = createRng(7);
    const gens: (() => number)[] = [
      () => (Number(rng.next() < 0.6) - Number(rng.next() < 0.6) + 1) / 2,
      () => (Number(rng.next() < 0.3) - Number(rng.next() < 0.7) + 1) / 2,
      () => rng.next(),
      () => (rng.next() < 0.5 ? rng.next() : rng.int(3) / 2),
      () => (rng.next() < 0.9 ? 0.5 : 1),
    ];
    for (const gen of gens) {
      const ys = Array.from({ length: 3000 }, gen);
      let fused: BettingState = bettingInit({ m: 0.525 }), ref: BettingState = fused;
      for (let at = 0; at < ys.length;) {
        const len = 1 + rng.int(400), part = ys.slice(at, at + len);
        fused = bettingUpdateMany(fused, Float64Array.from(part));
        ref = generic(ref, part);
        at += len;
      }
      expect(diff(fused, ref)).toEqual([]);
      expect(fused.n).toBe(3000);
    }
  });

  it('across the end of the memoised log1p(n + 1) table (n = 65536) and with a non-integer n', () => {
    const rng = createRng(11);
    const ys = Array.from({ length: 4000 }, () => (rng.next() < 0.1 ? rng.next() : rng.int(3) / 2));
    const at = (n: number) => bettingUpdateMany(bettingInit({ m: 0.525 }), new Float64Array(n).fill(0.5));
    const start = at(LOG1P_INT_MAX - 2500);
    // a 2048-item chunk from n = 65536 - 2048 - d reaches t = 65536 - d: d = 0 just past the table, d = 1 its last entry
    const edges = [at(LOG1P_INT_MAX - 2048), at(LOG1P_INT_MAX - 2049)];
    for (const s0 of [start, ...edges, { ...start, n: 1234.5 }, { ...start, n: 2 ** 40 }] as BettingState[]) {
      expect(diff(bettingUpdateMany(s0, ys), generic(s0, ys))).toEqual([]);
      const paired = ys.map((y) => Math.round(2 * y) / 2);
      expect(diff(bettingUpdateMany(s0, paired), generic(s0, paired))).toEqual([]);
    }
  });

  it('the memoised table holds exactly Math.log1p(t)', () => {
    const t = log1pIntTable(LOG1P_INT_MAX);
    expect(t.length).toBe(LOG1P_INT_MAX);
    let bad = 0;
    for (let i = 0; i < t.length; i++) if (!Object.is(t[i], Math.log1p(i))) bad++;
    expect(bad).toBe(0);
  });
});
