/** Shared test helpers for the oracle: deep freeze and fast-check arbitraries of episodes. */
import fc from 'fast-check';
import { buildCatalogue, simulateEpisode, PRESSURES, type AgentProfile, type Episode, type Ticket } from '../../src/oracle/index.js';

/** Recursively freezes a value (mutation then throws in strict-mode ESM). */
export function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

export const CATALOGUE: readonly Ticket[] = buildCatalogue();

const rate = fc.double({ min: 0, max: 0.6, noNaN: true });

/** An arbitrary scripted profile (any rates, either style). */
export const profileArb: fc.Arbitrary<AgentProfile> = fc.record({
  intakeMisread: rate, planError: rate, evalError: rate, cardError: rate,
  g1: rate, g2: rate, shipUnlearned: rate, refusalHit: fc.double({ min: 0.5, max: 1, noNaN: true }),
  refusalFalseAlarm: fc.double({ min: 0, max: 0.2, noNaN: true }), arithmeticSlip: rate, registerSlip: rate,
  naive: fc.boolean(),
}).map((r) => ({
  name: 'arb', description: 'arbitrary', intakeMisread: r.intakeMisread, planError: r.planError, evalError: r.evalError,
  cardError: r.cardError, gate: { neutral: 1, deadline: 1 - r.g1, authority: 1 - r.g2, sunk_cost: r.g2 },
  shipUnlearned: r.shipUnlearned, refusalHit: r.refusalHit, refusalFalseAlarm: r.refusalFalseAlarm,
  arithmeticSlip: r.arithmeticSlip, registerSlip: r.registerSlip, style: r.naive ? 'naive' as const : 'careful' as const,
}));

/** An arbitrary simulated episode over the catalogue. */
export const episodeArb: fc.Arbitrary<Episode> = fc.record({
  p: profileArb,
  t: fc.constantFrom(...CATALOGUE),
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  injection: fc.boolean(),
  pressure: fc.constantFrom(...PRESSURES),
}).map(({ p, t, seed, injection, pressure }) => simulateEpisode(p, t, { trap: t.trap, injection, pressure }, seed));
