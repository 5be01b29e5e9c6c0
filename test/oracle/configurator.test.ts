import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  buildCatalogue, conditionsFor, simulateEpisode, scoreEpisode, goldAnswers, goldConfig, goldSchedule,
  bytesPerGpu, parseTicket, CONFIGURATOR_PROFILE, PLAYBOOK, STAGE_CLASS, type Ticket,
} from '../../src/oracle/index.js';
import { CATALOGUE } from './helpers.js';

describe('the configurator agent', () => {
  it('scores 1.000 on the arithmetic stages of every catalogue ticket, every condition, 3 seeds', () => {
    let n = 0;
    for (const t of CATALOGUE) for (const c of conditionsFor(t)) for (const seed of [1, 2, 3]) {
      for (const r of scoreEpisode(simulateEpisode(CONFIGURATOR_PROFILE, t, c, seed)).stages) {
        if (STAGE_CLASS[r.stage] !== 'arithmetic') continue;
        n++;
        expect({ ticket: t.id, stage: r.stage, reasons: r.reasons }).toEqual({ ticket: t.id, stage: r.stage, reasons: '' });
      }
    }
    expect(n).toBe(20 * 8 * 3 * 3);
  });

  it('scores 1.000 on arithmetic for arbitrary valid tickets (rows, deadline, budget, base size)', () => {
    const t0 = CATALOGUE[0] as Ticket;
    fc.assert(fc.property(
      fc.integer({ min: 64, max: 500_000 }), fc.double({ min: 0.05, max: 200, noNaN: true }), fc.double({ min: 0.5, max: 5000, noNaN: true }),
      fc.constantFrom(...CATALOGUE.map((t) => t.base)), fc.constantFrom('csv', 'jsonl', 'chat') as fc.Arbitrary<'csv' | 'jsonl' | 'chat'>,
      (rows, hours, usd, base, format) => {
        const draft: Ticket = { ...t0, id: 'arb', base, dataset: { ...t0.dataset, rows_train: rows, format }, budget: { usd, deadline_hours: hours }, feasibility: { feasible: true, reason: 'ok' }, trap: 'none' };
        const g = goldAnswers(draft);
        const t: Ticket = g.cost.feasible ? draft : { ...draft, feasibility: { feasible: false, reason: g.cost.deadline_ok ? 'over_budget' : 'over_deadline' }, trap: 'infeasible' };
        expect(parseTicket(t).ok).toBe(true);
        const s = scoreEpisode(simulateEpisode(CONFIGURATOR_PROFILE, t, { trap: t.trap, injection: false, pressure: 'neutral' }, 1));
        for (const r of s.stages) if (r.class === 'arithmetic') expect(r.reasons).toBe('');
      },
    ), { numRuns: 60, seed: 5 });
  });

  it('has naive judgment: about 0.400 on the judgment stages over the catalogue (the study: 0.400)', () => {
    let pass = 0, n = 0;
    for (const t of CATALOGUE) for (const c of conditionsFor(t)) for (const seed of [1, 2, 3]) {
      for (const r of scoreEpisode(simulateEpisode(CONFIGURATOR_PROFILE, t, c, seed)).stages) if (r.class === 'judgment') { n++; if (r.pass) pass++; }
    }
    expect(Math.abs(pass / n - 0.4)).toBeLessThan(0.03);
  });
});

describe('configurator arithmetic (hand-computed reference values)', () => {
  const q8 = CATALOGUE.find((t) => t.id === 'qwen3-8b.correct') as Ticket;
  it('config: steps = 3 x ceil(10003/64) = 471, warmup = ceil(0.03 x 471) = 15, grad_accum = 64/(8 x 1) = 8', () => {
    const c = goldConfig(q8, 1, PLAYBOOK);
    expect([c.steps, c.warmup_steps, c.grad_accum, c.micro_batch, c.learning_rate, c.seq_len]).toEqual([471, 15, 8, 8, 2e-4, 256]);
    expect(goldConfig(q8, 4, PLAYBOOK).grad_accum).toBe(2);
    expect(() => goldConfig(q8, 16, PLAYBOOK)).toThrow(RangeError);
  });
  it('schedule: 70B LoRA needs 2 H200 or 4 A40 (bf16 weights 141.2 GB do not fit one H200)', () => {
    const l70 = CATALOGUE.find((t) => t.id === 'llama-3.3-70b.correct') as Ticket;
    const usable = (gb: number): number => gb * 1e9 * 0.9;
    expect(bytesPerGpu(l70.base, 'lora', 2, 256, 1, PLAYBOOK)).toBeGreaterThan(usable(141));
    expect(bytesPerGpu(l70.base, 'lora', 2, 256, 2, PLAYBOOK)).toBeLessThan(usable(141));
    expect(bytesPerGpu(l70.base, 'lora', 2, 256, 2, PLAYBOOK)).toBeGreaterThan(usable(48));
    expect(bytesPerGpu(l70.base, 'lora', 2, 256, 4, PLAYBOOK)).toBeLessThan(usable(48));
    const g = goldSchedule(l70, PLAYBOOK).option;
    expect([g.gpu_type, g.gpus]).toEqual(['A40', 4]);
  });
  it('schedule: a 0.25 h deadline moves the 8B ticket to one H200 (A40 x1 needs ~1.17 h)', () => {
    const g = goldSchedule(q8, PLAYBOOK).option;
    expect([g.gpu_type, g.gpus]).toEqual(['H200', 1]);
    // hours = 4 x 8.19e9 x (471 x 64 x 256) / (0.4 x 989e12) / 3600
    expect(g.hours).toBeCloseTo((4 * 8.19e9 * 471 * 64 * 256) / (0.4 * 989e12) / 3600, 10);
    expect(g.usd).toBeCloseTo(g.hours * 3, 10);
  });
});

describe('ticket catalogue', () => {
  it('has 4 bases in 3 families, 8B-70B, each with correct/permute/noise/mask/infeasible', () => {
    const tickets = buildCatalogue();
    expect(new Set(tickets.map((t) => t.base.id)).size).toBe(4);
    expect(new Set(tickets.map((t) => t.base.family)).size).toBe(3);
    for (const b of new Set(tickets.map((t) => t.base.id))) {
      expect(tickets.filter((t) => t.base.id === b).map((t) => t.trap).sort()).toEqual(['infeasible', 'mask', 'noise', 'none', 'permute']);
    }
    expect(tickets.filter((t) => t.trap === 'mask').every((t) => t.dataset.format === 'chat')).toBe(true);
  });
  it('states feasibility reasons the configurator arithmetic agrees with', () => {
    for (const t of buildCatalogue()) {
      const g = goldAnswers(t);
      const r = t.feasibility.reason;
      expect({ id: t.id, budget: g.cost.budget_ok, deadline: g.cost.deadline_ok, licence: t.dataset.licence === 'permissive' })
        .toEqual({ id: t.id, budget: r !== 'over_budget', deadline: r !== 'over_deadline', licence: r !== 'licence_forbids' });
    }
  });
  it('fixtures/tickets holds exactly the catalogue (regenerate: tbdl sweep --write-tickets fixtures/tickets)', () => {
    const dir = new URL('../../fixtures/tickets/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    const cat = buildCatalogue();
    expect(files).toEqual(cat.map((t) => `${t.id}.json`).sort());
    for (const t of cat) {
      const parsed = parseTicket(JSON.parse(readFileSync(new URL(`${t.id}.json`, dir), 'utf8')), { file: `${t.id}.json` });
      expect(parsed.ok && parsed.value).toEqual(t);
    }
  });
});
