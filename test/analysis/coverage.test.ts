/**
 * Statistical claims by seeded simulation (replications and tolerances stated in each test):
 * coverage of Wilson, Clopper-Pearson and Jeffreys; why clustering matters (stage-pooled naive
 * intervals under-cover when stages of an episode are correlated, the cluster bootstrap and CR1
 * do not); and that the seed-level aggregate covers the true rate.
 */
import { describe, expect, it } from 'vitest';
import { aggregateSeeds, type SeedCell } from '../../src/analysis/aggregate.js';
import { clusterBootstrap } from '../../src/analysis/bootstrap.js';
import { clopperPearson } from '../../src/analysis/clopper-pearson.js';
import { clusterMean, waldInterval } from '../../src/analysis/cluster-se.js';
import type { Interval } from '../../src/analysis/interval.js';
import { jeffreys } from '../../src/analysis/jeffreys.js';
import { wilson } from '../../src/analysis/wilson.js';
import { bernoulli, createRng, type Rng } from '../../src/rng.js';

function binomial(rng: Rng, n: number, p: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.next() < p) k++;
  return k;
}

function coverage(method: (k: number, n: number) => Interval, n: number, p: number, reps: number, rng: Rng): number {
  const cache = Array.from({ length: n + 1 }, (_, k) => method(k, n));
  let hit = 0;
  for (let r = 0; r < reps; r++) { const iv = cache[binomial(rng, n, p)]!; if (iv.lower <= p && p <= iv.upper) hit++; }
  return hit / reps;
}

describe('coverage of the proportion intervals (nominal 95%)', () => {
  // Grid: n in {12, 36, 100, 300} x p in {0.02, 0.1, 0.3, 0.5, 0.74, 0.95}; 4000 replications per cell.
  // Monte Carlo SE per cell <= sqrt(0.05*0.95/4000) = 0.0034.
  const ns = [12, 36, 100, 300], ps = [0.02, 0.1, 0.3, 0.5, 0.74, 0.95], R = 4000;
  it('Clopper-Pearson covers at least 95% in every cell (tolerance 3 MC SE = 0.0103)', () => {
    const rng = createRng(101);
    for (const n of ns) for (const p of ps) expect(coverage((k, m) => clopperPearson(k, m), n, p, R, rng)).toBeGreaterThanOrEqual(0.95 - 0.0103);
  });
  it('Wilson and Jeffreys: mean coverage over the grid within 0.95 +- 0.02, no cell below 0.85', () => {
    for (const [name, f] of [['wilson', wilson], ['jeffreys', jeffreys]] as const) {
      const rng = createRng(202);
      const cov = ns.flatMap((n) => ps.map((p) => coverage((k, m) => f(k, m), n, p, R, rng)));
      const mean = cov.reduce((a, b) => a + b, 0) / cov.length;
      expect(Math.abs(mean - 0.95), name).toBeLessThanOrEqual(0.02);
      expect(Math.min(...cov), name).toBeGreaterThanOrEqual(0.85);
    }
  });
});

/** Episodes of `stages` stages; with probability rho all stages share one draw (marginal p kept). */
function correlatedEpisodes(rng: Rng, episodes: number, stages: number, p: number, rho: number): { sums: Float64Array; counts: Float64Array; y: Float64Array; cl: Int32Array } {
  const sums = new Float64Array(episodes), counts = new Float64Array(episodes).fill(stages);
  const y = new Float64Array(episodes * stages), cl = new Int32Array(episodes * stages);
  for (let e = 0; e < episodes; e++) {
    const shared = bernoulli(rng, p), together = bernoulli(rng, rho);
    for (let s = 0; s < stages; s++) {
      const v = (together ? shared : bernoulli(rng, p)) ? 1 : 0;
      y[e * stages + s] = v; cl[e * stages + s] = e; sums[e] = sums[e]! + v;
    }
  }
  return { sums, counts, y, cl };
}

describe('why clustering matters: stages of one episode are correlated', () => {
  // 200 datasets of 60 episodes x 5 judgment stages, p = 0.7, rho = 0.8; 300 bootstrap replicates.
  it('naive (stage rows as independent) under-covers; the episode cluster bootstrap and CR1 do not', () => {
    const rng = createRng(303);
    const R = 200, p = 0.7;
    let naiveHit = 0, clusterHit = 0, crHit = 0, widthRatio = 0;
    for (let r = 0; r < R; r++) {
      const d = correlatedEpisodes(rng, 60, 5, p, 0.8);
      const cluster = clusterBootstrap(d.sums, d.counts, { rng, replicates: 300 });
      const naive = clusterBootstrap(d.y, new Float64Array(d.y.length).fill(1), { rng, replicates: 300 });
      const cr = waldInterval(clusterMean(d.y, d.cl));
      if (naive.lower <= p && p <= naive.upper) naiveHit++;
      if (cluster.lower <= p && p <= cluster.upper) clusterHit++;
      if (cr.lower <= p && p <= cr.upper) crHit++;
      widthRatio += (cluster.upper - cluster.lower) / (naive.upper - naive.lower) / R;
    }
    // design effect 1 + (m - 1) rho' with m = 5 stages: the naive interval is about half as wide
    expect(widthRatio).toBeGreaterThan(1.5);
    expect(naiveHit / R).toBeLessThan(0.8);
    expect(clusterHit / R).toBeGreaterThan(0.9);
    expect(crHit / R).toBeGreaterThan(0.9);
  });
  it('negative control: with independent stages the two agree (width ratio within 0.85..1.15)', () => {
    const rng = createRng(304);
    let ratio = 0;
    for (let r = 0; r < 50; r++) {
      const d = correlatedEpisodes(rng, 60, 5, 0.7, 0);
      const c = clusterBootstrap(d.sums, d.counts, { rng, replicates: 400 });
      const n = clusterBootstrap(d.y, new Float64Array(d.y.length).fill(1), { rng, replicates: 400 });
      ratio += (c.upper - c.lower) / (n.upper - n.lower) / 50;
    }
    expect(ratio).toBeGreaterThan(0.85);
    expect(ratio).toBeLessThan(1.15);
  });
});

describe('seed-level aggregate covers the true rate', () => {
  // 300 simulated sweeps: 3 bases (true rates 0.6, 0.7, 0.8; estimand = their equal-weight mean 0.7)
  // x 3 seeds x 30 episodes x 5 correlated stages (rho 0.5); 400 replicates; nominal 95%.
  it('coverage >= 0.90 with the within-seed stage; the plain seed bootstrap with 3 seeds under-covers', () => {
    const rng = createRng(505);
    const R = 300, truth = [0.6, 0.7, 0.8];
    let hit = 0, plainHit = 0;
    for (let r = 0; r < R; r++) {
      const cells: SeedCell[] = [];
      truth.forEach((p, b) => {
        for (let seed = 1; seed <= 3; seed++) {
          const d = correlatedEpisodes(rng, 30, 5, p, 0.5);
          let k = 0, skk = 0;
          d.sums.forEach((s) => { k += s; skk += s * s; });
          const n = 150, q = k / n;
          cells.push({ group: 'g', base: `b${b}`, seed, k, n, units: 30, ss: skk - 2 * q * k * 5 + q * q * 30 * 25 });
        }
      });
      const [a] = aggregateSeeds(cells, { rng, replicates: 400 });
      const [plain] = aggregateSeeds(cells, { rng, replicates: 400, withinSeed: false });
      if (a!.lower <= 0.7 && 0.7 <= a!.upper) hit++;
      if (plain!.lower <= 0.7 && 0.7 <= plain!.upper) plainHit++;
    }
    expect(hit / R).toBeGreaterThanOrEqual(0.9);
    expect(plainHit / R).toBeLessThan(hit / R);
  });
});
