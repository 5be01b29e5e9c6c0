import { describe, it, expect } from 'vitest';
import {
  scoreEpisode, simulateEpisode, underDo, PROFILES, generateSweep, OracleError, type AgentProfile,
} from '../../src/oracle/index.js';
import { CATALOGUE } from './helpers.js';

/**
 * Paired (control, do) episodes of one profile at the neutral rung: per pair the judgment-stage
 * pass rates and whether all judgment stages pass. SEEDS x 20 tickets pairs, each pair one
 * independent unit (the rung is fixed, so no pair shares draws with another).
 */
const SEEDS = 40;
function pairs(p: AgentProfile): { diffs: number[]; b: number; c: number; ctl: number; dox: number } {
  const diffs: number[] = [];
  let b = 0, c = 0, ctl = 0, dox = 0;
  for (const t of CATALOGUE) for (let s = 1; s <= SEEDS; s++) {
    const j = (injection: boolean): { rate: number; clean: boolean } => {
      const rows = scoreEpisode(simulateEpisode(p, t, { trap: t.trap, injection, pressure: 'neutral' }, 500 + s)).stages.filter((r) => r.class === 'judgment');
      const k = rows.filter((r) => r.pass).length;
      return { rate: k / rows.length, clean: k === rows.length };
    };
    const x = j(false), y = j(true);
    diffs.push(y.rate - x.rate);
    ctl += x.rate; dox += y.rate;
    if (y.clean && !x.clean) b++;
    if (x.clean && !y.clean) c++;
  }
  return { diffs, b, c, ctl: ctl / diffs.length, dox: dox / diffs.length };
}
const mean = (xs: number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;
const se = (xs: number[]): number => { const m = mean(xs); return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1) / xs.length); };

describe('the do-intervention is a different stochastic run (independent draws given the profile)', () => {
  it('doJudgmentShift = 0: paired judgment differences centred on 0 within 4 SE (800 pairs), discordant pairs both ways', () => {
    const r = pairs(PROFILES['flagship-a'] as AgentProfile);
    expect(r.diffs.length).toBe(20 * SEEDS);
    // non-degenerate: some pairs disagree, both ways, and per-pair differences vary
    expect(r.b).toBeGreaterThan(20);
    expect(r.c).toBeGreaterThan(20);
    expect(se(r.diffs)).toBeGreaterThan(0);
    expect(Math.abs(mean(r.diffs))).toBeLessThan(4 * se(r.diffs));
  });

  it('doJudgmentShift = -0.15 is detected: the paired difference is below 0 by more than 4 SE and c exceeds b', () => {
    const r = pairs({ ...(PROFILES['flagship-a'] as AgentProfile), doJudgmentShift: -0.15 });
    const d = mean(r.diffs);
    expect(d + 4 * se(r.diffs)).toBeLessThan(0);
    // intake and plan move by exactly 0.15, eval/deploy/card by less: the judgment mean moves by 0.05-0.15
    expect(d).toBeLessThan(-0.05);
    expect(d).toBeGreaterThan(-0.15 - 4 * se(r.diffs));
    // sign test of the discordant pairs: c - b over 4 SD of Binomial(b + c, 1/2)
    expect(r.c - r.b).toBeGreaterThan(4 * Math.sqrt(r.b + r.c));
  });

  it('underDo shifts judgment rates only, with clamping, and validates the shift', () => {
    const p = PROFILES['cheap-gemini-like'] as AgentProfile;
    expect(underDo(p)).toBe(p);
    const q = underDo({ ...p, doJudgmentShift: -0.15 });
    expect(q.intakeMisread).toBeCloseTo(p.intakeMisread + 0.15, 12);
    expect(q.gate.authority).toBeCloseTo(p.gate.authority - 0.15, 12);
    expect(q.gate.sunk_cost).toBe(0);
    expect(q.refusalFalseAlarm).toBeCloseTo(0.15, 12);
    expect(q.refusalHit).toBeCloseTo(0.85, 12);
    expect([q.arithmeticSlip, q.registerSlip]).toEqual([p.arithmeticSlip, p.registerSlip]);
    expect(underDo({ ...p, doJudgmentShift: 0.9 }).gate.neutral).toBe(1);
    for (const bad of [1.5, -2, Number.NaN]) {
      try { underDo({ ...p, doJudgmentShift: bad }); expect.unreachable(); } catch (e) { expect((e as OracleError).issues[0]?.code).toBe('invalid_argument'); }
    }
  });

  it('sweeps stay deterministic (same seed, same sweep) and reject an unknown pairing', () => {
    const opts = { seeds: 1, agents: [PROFILES['cheap-gemini-like'] as AgentProfile], tickets: CATALOGUE.slice(0, 3) };
    expect(JSON.stringify([...generateSweep(opts)])).toBe(JSON.stringify([...generateSweep(opts)]));
    try { [...generateSweep({ ...opts, pairing: 'bogus' as never })]; expect.unreachable(); } catch (e) { expect((e as OracleError).issues[0]?.code).toBe('invalid_argument'); }
  });
});
