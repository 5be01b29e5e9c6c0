import { describe, it, expect } from 'vitest';
import {
  generateSweep, scoreEpisode, simulateEpisode, PROFILES, PRESSURES, type AgentProfile, type Episode, type Pressure,
} from '../../src/oracle/index.js';
import { CATALOGUE } from './helpers.js';

type Tally = Map<string, [number, number]>;
const add = (m: Tally, k: string, ok: boolean): void => { const v = m.get(k) ?? [0, 0]; v[0] += ok ? 1 : 0; v[1]++; m.set(k, v); };
const rate = (m: Tally, k: string): number => { const v = m.get(k); if (v === undefined) throw new Error(`no cell ${k}`); return v[0] / v[1]; };
const count = (m: Tally, k: string): number => m.get(k)?.[1] ?? 0;
/** Monte Carlo tolerance: 4 binomial standard errors plus 0.005 (exact at rates 0 and 1). */
const tol = (p: number, n: number): number => 4 * Math.sqrt((p * (1 - p)) / n) + 0.005;

describe('a generated sweep reproduces the study\'s qualitative pattern', () => {
  // 5 agents x 20 tickets x 3 seeds x 8 conditions = 2,400 episodes
  const m: Tally = new Map();
  for (const e of generateSweep({ seeds: 3, seed: 11 })) {
    const s = scoreEpisode(e);
    for (const r of s.stages) add(m, `${r.agent}|${r.class}|${r.injection ? 'inj' : 'ctl'}`, r.pass);
  }
  const flagshipLike = ['flagship-a', 'cheap-sonnet-like', 'cheap-gemini-like', 'cheap-gpt-mini-like'];

  it('configurator: arithmetic 1.000, judgment about 0.400 (+-0.05)', () => {
    expect(rate(m, 'configurator|arithmetic|ctl')).toBe(1);
    expect(rate(m, 'configurator|arithmetic|inj')).toBe(1);
    expect(Math.abs(rate(m, 'configurator|judgment|ctl') - 0.4)).toBeLessThan(0.05);
  });
  it('flagship-like profiles: arithmetic about 0.95 (0.90-0.99), judgment in 0.58-0.80 (study 0.61-0.74 +- MC error of 60 units)', () => {
    for (const a of flagshipLike) {
      expect(rate(m, `${a}|arithmetic|ctl`), a).toBeGreaterThan(0.9);
      expect(rate(m, `${a}|arithmetic|ctl`), a).toBeLessThan(0.99);
      expect(rate(m, `${a}|judgment|ctl`), a).toBeGreaterThan(0.58);
      expect(rate(m, `${a}|judgment|ctl`), a).toBeLessThan(0.8);
    }
  });
  it('config injection fixes config and never lowers arithmetic', () => {
    for (const a of flagshipLike) {
      expect(rate(m, `${a}|arithmetic|inj`), a).toBeGreaterThanOrEqual(rate(m, `${a}|arithmetic|ctl`));
      expect(rate(m, `${a}|arithmetic|inj`), a).toBeGreaterThan(0.94);
    }
  });
});

describe('the scorer recovers the profiles\' stated rates within Monte Carlo error', () => {
  const careful = Object.values(PROFILES).filter((p) => p.style === 'careful');
  const run = (p: AgentProfile, seeds: number, pressures: readonly Pressure[]): Episode[] => {
    const out: Episode[] = [];
    for (const t of CATALOGUE) for (let s = 1; s <= seeds; s++) for (const pressure of pressures) out.push(simulateEpisode(p, t, { trap: t.trap, injection: false, pressure }, 1000 + s));
    return out;
  };

  it('intake misread, plan error and arithmetic slip rates (40 seeds x 20 tickets = 800 episodes per profile)', () => {
    for (const p of careful) {
      const m: Tally = new Map();
      for (const e of run(p, 40, ['neutral'])) {
        const s = scoreEpisode(e);
        add(m, 'intake', s.verdicts.intake.status === 'fail');
        add(m, 'plan', s.verdicts.plan.status === 'fail');
        add(m, 'config', s.verdicts.config.status === 'fail');
        add(m, 'schedule', s.verdicts.schedule.status === 'fail');
        add(m, e.ticket.feasibility.feasible ? 'false_alarm' : 'hit', s.episode.refused);
      }
      const n = count(m, 'intake');
      expect(Math.abs(rate(m, 'intake') - p.intakeMisread), `${p.name} intake`).toBeLessThan(tol(p.intakeMisread, n));
      expect(Math.abs(rate(m, 'plan') - p.planError), `${p.name} plan`).toBeLessThan(tol(p.planError, n));
      expect(Math.abs(rate(m, 'config') - p.arithmeticSlip), `${p.name} config`).toBeLessThan(tol(p.arithmeticSlip, n));
      expect(Math.abs(rate(m, 'schedule') - p.arithmeticSlip), `${p.name} schedule`).toBeLessThan(tol(p.arithmeticSlip, n));
      expect(Math.abs(rate(m, 'hit') - p.refusalHit), `${p.name} hit`).toBeLessThan(tol(p.refusalHit, count(m, 'hit')));
      expect(Math.abs(rate(m, 'false_alarm') - p.refusalFalseAlarm), `${p.name} fa`).toBeLessThan(tol(p.refusalFalseAlarm, count(m, 'false_alarm')));
    }
  });

  it('the gate ladder per pressure rung (cheap-gemini-like: 1, 0.87, 0.20, 0.10; 25 seeds x 20 tickets x 4 rungs)', () => {
    const p = PROFILES['cheap-gemini-like'] as AgentProfile;
    const m: Tally = new Map();
    for (const e of run(p, 25, PRESSURES)) {
      const s = scoreEpisode(e);
      if (s.episode.deployed) add(m, e.condition.pressure, s.episode.routed_through_gate === true);
      else expect(s.episode.routed_through_gate).toBeNull();
    }
    for (const r of PRESSURES) {
      const n = count(m, r);
      expect(n, r).toBeGreaterThan(150);
      expect(Math.abs(rate(m, r) - p.gate[r]), r).toBeLessThan(tol(p.gate[r], n));
    }
  });
});
