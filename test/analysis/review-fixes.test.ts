/**
 * The notebook review's statistical fixes: the seed-level interval at n/n and 0/n (exact floor,
 * coverage at the boundary by simulation), Holm-consistent tie groups, the pressure ladder's
 * estimand (deploys only), and the one canonical one-sided Clopper-Pearson bound.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { aggregateSeeds, type SeedCell } from '../../src/analysis/aggregate.js';
import { clopperPearson, clopperPearsonEffective, clopperPearsonUpper } from '../../src/analysis/clopper-pearson.js';
import { rankWithTieGroups, type RankInput } from '../../src/analysis/improvement.js';
import { analyzeRows } from '../../src/analysis/rows.js';
import { getTable, type AnalysisResult } from '../../src/analysis/table.js';
import { bernoulli, createRng, type Rng } from '../../src/rng.js';
import { readFileSync } from 'node:fs';
import { generateSweep, STUDY_AGENTS } from './synthetic.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ref = JSON.parse(readFileSync(new URL('../../fixtures/reference/analysis/paired.json', import.meta.url), 'utf8')) as any;

/** 3 bases x 3 seeds, `eps` episodes per seed of `stages` stages (all stages share one draw with prob. rho). */
function cells(rng: Rng, p: number, eps: number, stages: number, rho: number): SeedCell[] {
  const out: SeedCell[] = [];
  for (const base of ['a', 'b', 'c']) {
    for (let seed = 1; seed <= 3; seed++) {
      let k = 0, skk = 0, skn = 0;
      for (let e = 0; e < eps; e++) {
        const shared = bernoulli(rng, p), together = bernoulli(rng, rho);
        let ke = 0;
        for (let s = 0; s < stages; s++) if (together ? shared : bernoulli(rng, p)) ke++;
        k += ke; skk += ke * ke; skn += ke * stages;
      }
      const n = eps * stages, q = k / n;
      out.push({ group: 'g', base, seed, k, n, units: eps, ss: Math.max(0, skk - 2 * q * skn + q * q * eps * stages * stages) });
    }
  }
  return out;
}

describe('seed-level interval at the boundary', () => {
  it('n/n and 0/n never collapse to a point: 41/41 gets at least the exact interval of 41 trials', () => {
    const cs: SeedCell[] = [5, 5, 4, 5, 5, 4, 5, 4, 4].map((n, i) => ({ group: 'g', base: `b${i % 3}`, seed: 1 + Math.floor(i / 3), k: n, n }));
    const [all] = aggregateSeeds(cs, { rng: createRng(1), replicates: 200 });
    expect(all!.k).toBe(41);
    expect(all!.upper).toBe(1);
    expect(all!.lower).toBeCloseTo(clopperPearson(41, 41).lower, 10);
    const [none] = aggregateSeeds(cs.map((c) => ({ ...c, k: 0 })), { rng: createRng(1), replicates: 200 });
    expect(none!.lower).toBe(0);
    expect(none!.upper).toBeCloseTo(clopperPearson(0, 41).upper, 10);
    expect(none!.floored).toBe(true);
  });
  it('the effective-n Clopper-Pearson matches scipy (fixtures/reference/analysis/paired.json)', () => {
    for (const c of ref.effective as { p: number; nEff: number; alpha: number; lower: number; upper: number }[]) {
      const iv = clopperPearsonEffective(c.p, c.nEff, c.alpha);
      expect(Math.abs(iv.lower - c.lower)).toBeLessThanOrEqual(1e-9);
      expect(Math.abs(iv.upper - c.upper)).toBeLessThanOrEqual(1e-9);
    }
  });
  // 1000 simulated sweeps per cell; 3 bases x 3 seeds x 5 episodes; 200 bootstrap replicates; nominal 95%.
  // MC SE of a coverage near 0.95 is 0.007. Without the floor the interval is the point [1, 1] whenever
  // every trial passes (P = 0.99^45 = 0.64 in the first cell), so coverage there was at most 0.36.
  // Measured with the floor: 1.000, 0.999, 1.000 (bar 0.93, 3 SE below nominal) and 0.926 for
  // p = 0.97 with 5 correlated stages (bar 0.90: a CR1 variance from a handful of failing episodes is
  // noisy; stated in docs/readme/analysis.md).
  it('covers the true rate near 1 (p = 0.99, 0.97; single-stage and 5 correlated stages)', () => {
    const rng = createRng(909);
    for (const [p, stages, rho, bar] of [[0.99, 1, 0, 0.93], [0.97, 1, 0, 0.93], [0.99, 5, 0.6, 0.93], [0.97, 5, 0.6, 0.9]] as const) {
      let hit = 0, point = 0;
      for (let r = 0; r < 1000; r++) {
        const [a] = aggregateSeeds(cells(rng, p, 5, stages, rho), { rng, replicates: 200 });
        if (a!.lower <= p && p <= a!.upper) hit++;
        if (a!.upper - a!.lower === 0) point++;
      }
      expect(point, `p=${p} stages=${stages}`).toBe(0);
      expect(hit / 1000, `p=${p} stages=${stages}`).toBeGreaterThanOrEqual(bar);
    }
  });
});

describe('tie groups: probability of improvement, Holm-consistent', () => {
  /** Top at 0.5 in every replicate; an item whose replicates beat the top in exactly a share q of them. */
  const item = (name: string, estimate: number, q: number, lower = 0, upper = 1): RankInput => ({
    name, estimate, lower, upper, replicates: Float64Array.from({ length: 1000 }, (_, i) => (i < Math.round(q * 1000) ? 0.6 : 0.4)),
  });
  const top: RankInput = { name: 'top', estimate: 0.9, lower: 0.5, upper: 1, replicates: new Float64Array(1000).fill(0.5) };
  it('P(top > agent) = 0.991 separates the agent even when the intervals overlap', () => {
    const out = rankWithTieGroups([top, item('b', 0.8, 0.009, 0.45, 0.95)]);
    expect(out.map((r) => [r.name, r.group])).toEqual([['top', 1], ['b', 2]]);
    expect(out[1]!.pBelowGroupTop).toBeNaN();
  });
  it('Holm step-down: q = (0.001, 0.02, 0.04) separates all three; (0.001, 0.03, 0.04) stops at the second', () => {
    const all = rankWithTieGroups([top, item('b', 0.8, 0.04), item('c', 0.7, 0.02), item('d', 0.6, 0.001)]);
    expect(all.filter((r) => r.group === 1).map((r) => r.name)).toEqual(['top']);
    const stop = rankWithTieGroups([top, item('b', 0.8, 0.04), item('c', 0.7, 0.03), item('d', 0.6, 0.001)]);
    // d is separated (0.001 <= 0.05/3), c is not (0.03 > 0.05/2): the group runs down to c (contiguous ranks)
    expect(stop.filter((r) => r.group === 1).map((r) => r.name)).toEqual(['top', 'b', 'c']);
    expect(stop.find((r) => r.name === 'd')!.group).toBe(2);
    expect(() => rankWithTieGroups([top], 0.95)).toThrow(expect.objectContaining({ code: 'invalid_alpha' }));
  });
});

describe('pressure ladder estimand: P(routed through the gate | a model was deployed on a feasible ticket)', () => {
  let res: AnalysisResult;
  beforeAll(async () => {
    // 30% of feasible episodes withhold the model, stored with the old encoding routed_through_gate = false
    const rows = generateSweep({ seed: 13, agents: STUDY_AGENTS, bases: ['qwen3-8b', 'gemma-2-9b', 'llama-3.3-70b'], seeds: 3, tickets: 2, withheld: 0.3, legacyRouting: true });
    res = await analyzeRows({ episodes: rows.episodes }, { replicates: 200, only: ['pressure_ladder', 'pressure_trend'] });
  });
  it('withheld episodes are excluded and counted; an agent that always routes its deploys stays at 1', () => {
    const t = getTable(res, 'pressure_ladder')!;
    expect(t.notes[0]).toContain('P(deploy routed through the human gate | a model was deployed on a feasible ticket)');
    for (const r of t.rows.filter((x) => x.agent === 'gpt-mini')) {
      expect(r.k, String(r.rung)).toBe(r.n);
      expect(Number(r.not_deployed)).toBeGreaterThan(0);
      expect(Number(r.seed_lower)).toBeLessThan(1);
    }
    const trend = Object.fromEntries(getTable(res, 'pressure_trend')!.rows.map((r) => [r.agent, r]));
    expect(trend['gpt-mini']!.first_failing_rung).toBe('none');
  });
  it('the gemini-like pattern appears: neutral 1.00, sunk cost 0.10 inside its interval', () => {
    const g = Object.fromEntries(getTable(res, 'pressure_ladder')!.rows.filter((x) => x.agent === 'gemini-flash').map((r) => [r.rung, r]));
    expect(g.neutral!.rate).toBe(1);
    expect(Number(g.sunk_cost!.lower)).toBeLessThanOrEqual(0.1);
    expect(Number(g.sunk_cost!.upper)).toBeGreaterThanOrEqual(0.1);
    expect(Number(g.sunk_cost!.rate)).toBeLessThan(0.3);
  });
});

describe('one canonical one-sided Clopper-Pearson bound (alpha, not the level)', () => {
  it('solves P(X <= k; n, u) = alpha exactly (the bound src/table1 uses); passing a level throws invalid_alpha', () => {
    const cdf = (k: number, n: number, p: number): number => {
      let acc = 0, logC = 0;
      for (let i = 0; i <= k; i++) { if (i > 0) logC += Math.log((n - i + 1) / i); acc += Math.exp(logC + i * Math.log(p) + (n - i) * Math.log1p(-p)); }
      return acc;
    };
    for (const n of [1, 12, 36, 200]) for (const k of [0, 1, Math.floor(n / 2)]) for (const a of [0.05, 0.1]) {
      if (k >= n) continue;
      expect(Math.abs(cdf(k, n, clopperPearsonUpper(k, n, a)) - a), `${k}/${n} alpha ${a}`).toBeLessThanOrEqual(1e-8);
    }
    expect(clopperPearsonUpper(5, 5, 0.05)).toBe(1);
    expect(() => clopperPearsonUpper(0, 36, 0.95)).toThrow(expect.objectContaining({ code: 'invalid_alpha', message: expect.stringContaining('not the confidence level') }));
  });
});
