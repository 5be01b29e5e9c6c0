import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  goldAnswers, scoreEpisode, simulateEpisode, mcnemarExactGreater, learnedFrom, GRADERS, gradeInput,
  PRESSURES, STAGES, PERFECT_PROFILE, PLAYBOOK, isReasonCode, type Episode,
} from '../../src/oracle/index.js';
import { CATALOGUE, deepFreeze, episodeArb, profileArb } from './helpers.js';

const RUNS = { numRuns: 150, seed: 42 };
const statuses = (e: Episode): string[] => scoreEpisode(e).stages.map((r) => `${r.stage}:${r.reasons}`);

describe('oracle laws', () => {
  it('pressure never changes a gold answer, nor any verdict on fixed artifacts and records', () => {
    fc.assert(fc.property(episodeArb, fc.constantFrom(...PRESSURES), (e, pressure) => {
      const moved: Episode = { ...e, ticket: structuredClone(e.ticket), condition: { ...e.condition, pressure } };
      expect(goldAnswers(moved.ticket)).toEqual(goldAnswers(e.ticket));
      expect(statuses(moved)).toEqual(statuses(e));
    }), RUNS);
  });

  it('config injection changes only what the config stage sees (common pairing: only the config artifact may differ)', () => {
    fc.assert(fc.property(profileArb, fc.constantFrom(...CATALOGUE), fc.integer({ min: 0, max: 1e6 }), fc.constantFrom(...PRESSURES), (p, t, seed, pressure) => {
      const common = { pairing: 'common' as const };
      const off = simulateEpisode(p, t, { trap: t.trap, injection: false, pressure }, seed, PLAYBOOK, common);
      const on = simulateEpisode(p, t, { trap: t.trap, injection: true, pressure }, seed, PLAYBOOK, common);
      const { config: c0, ...rest0 } = off.artifacts;
      const { config: c1, ...rest1 } = on.artifacts;
      expect(c1).toEqual(goldAnswers(t).config);
      if (JSON.stringify(c0) === JSON.stringify(c1)) {
        expect(on.records).toEqual(off.records);
        expect(statuses({ ...on, condition: off.condition })).toEqual(statuses(off));
      }
      // the intake and plan artifacts (judgment inputs) are identical either way
      expect([rest1.intake, rest1.plan, rest1.schedule]).toEqual([rest0.intake, rest0.plan, rest0.schedule]);
      // and flipping the flag alone, with everything else held, moves no verdict
      expect(statuses({ ...off, condition: { ...off.condition, injection: true } })).toEqual(statuses(off));
    }), RUNS);
  });

  it('independent pairing (the default): the do episode is its own draw, yet the config is gold and gold answers are unchanged', () => {
    fc.assert(fc.property(profileArb, fc.constantFrom(...CATALOGUE), fc.integer({ min: 0, max: 1e6 }), (p, t, seed) => {
      const on = simulateEpisode(p, t, { trap: t.trap, injection: true, pressure: 'neutral' }, seed);
      expect(on.artifacts.config).toEqual(goldAnswers(t).config);
      // deterministic: same inputs, same episode
      expect(simulateEpisode(p, t, { trap: t.trap, injection: true, pressure: 'neutral' }, seed)).toEqual(on);
    }), { numRuns: 60, seed: 7 });
    // the deterministic perfect agent is unaffected by the pairing mode
    for (const t of CATALOGUE) {
      const a = simulateEpisode(PERFECT_PROFILE, t, { trap: t.trap, injection: true, pressure: 'neutral' }, 3);
      const b = simulateEpisode(PERFECT_PROFILE, t, { trap: t.trap, injection: true, pressure: 'neutral' }, 3, PLAYBOOK, { pairing: 'common' });
      expect(statuses(a)).toEqual(statuses(b));
    }
  });

  it('graders are pure: deep-frozen inputs stay unchanged and the same input gives the same verdict', () => {
    fc.assert(fc.property(episodeArb, (e) => {
      const before = JSON.stringify(e);
      const frozen = deepFreeze(structuredClone(e));
      const a = scoreEpisode(frozen);
      const b = scoreEpisode(frozen);
      expect(a).toEqual(b);
      expect(JSON.stringify(frozen)).toBe(before);
      const x = gradeInput(frozen);
      for (const s of STAGES) expect(GRADERS[s](x)).toEqual(GRADERS[s](x));
    }), RUNS);
  });

  it('a misread intake fails intake whatever the downstream stages do', () => {
    fc.assert(fc.property(episodeArb, episodeArb, fc.nat(), (e, other, k) => {
      const wrong = e.ticket.dataset.columns.filter((c) => c.name !== e.ticket.dataset.label_column);
      const col = wrong[k % wrong.length]?.name ?? 'x';
      const intake = e.artifacts.intake ?? goldAnswers(e.ticket).intake;
      // downstream artifacts and records from any other episode (perfect or not)
      const mixed: Episode = { ...e, artifacts: { ...other.artifacts, intake: { ...intake, label_column: col } }, records: other.records };
      const v = scoreEpisode(mixed).verdicts.intake;
      expect(v.status === 'fail' && v.reasons.includes('misread_label_column')).toBe(true);
    }), RUNS);
  });

  it('every emitted reason belongs to the one documented vocabulary; failing verdicts carry at least one', () => {
    fc.assert(fc.property(episodeArb, (e) => {
      for (const v of Object.values(scoreEpisode(e).verdicts)) {
        if (v.status === 'fail') {
          expect(v.reasons.length).toBeGreaterThan(0);
          for (const r of v.reasons) expect(isReasonCode(r), r).toBe(true);
        }
      }
    }), RUNS);
  });

  it('the oracle-perfect agent passes every stage of every ticket under every condition', () => {
    fc.assert(fc.property(fc.constantFrom(...CATALOGUE), fc.integer({ min: 0, max: 1e6 }), fc.boolean(), fc.constantFrom(...PRESSURES), (t, seed, injection, pressure) => {
      const s = scoreEpisode(simulateEpisode(PERFECT_PROFILE, t, { trap: t.trap, injection, pressure }, seed));
      expect(s.stages.filter((r) => !r.pass).map((r) => `${r.stage}:${r.reasons}`)).toEqual([]);
    }), { numRuns: 100, seed: 7 });
  });
});

describe('McNemar kernel and the Learned wrapper', () => {
  it('matches exact reference values (binomial tails computed by hand)', () => {
    expect(mcnemarExactGreater(0, 10)).toBeCloseTo(2 ** -10, 15);
    expect(mcnemarExactGreater(5, 5)).toBeCloseTo(638 / 1024, 14); // P(X>=5 | 10, 1/2) = 638/1024
    expect(mcnemarExactGreater(3, 0)).toBe(1);
    expect(mcnemarExactGreater(0, 0)).toBe(1);
  });
  it('is monotone in c and complementary: p(b,c) + p(c,b) = 1 + P(X = c) when b = c, >= 1 always', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 2000 }), (b, c) => {
      expect(mcnemarExactGreater(b, c + 1)).toBeLessThanOrEqual(mcnemarExactGreater(b, c) + 1e-12);
      expect(mcnemarExactGreater(b, c) + mcnemarExactGreater(c, b)).toBeGreaterThanOrEqual(1 - 1e-9);
    }), { numRuns: 200, seed: 3 });
  });
  it('Learned needs both significance and the margin; swapping base and model flips it off', () => {
    const g = { split: 'test', n: 1000, base_correct: 300, model_correct: 420, b: 30, c: 150 };
    expect(learnedFrom(g, 0.05, 0.1).learned).toBe(true);
    expect(learnedFrom(g, 0.05, 0.13).learned).toBe(false);
    expect(learnedFrom({ ...g, base_correct: 420, model_correct: 300, b: 150, c: 30 }, 0.05, 0.1).learned).toBe(false);
  });
});
