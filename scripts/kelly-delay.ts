/**
 * The power study of docs/power.md ("Betting closer to Kelly"): alarm B's mean detection delay on
 * the mild and severe traps beside the Kelly bound and the oracle, for the default B method and
 * the previous one, plus B's false-alarm rate at the null boundary. Seeded; about a minute.
 * Usage: npx tsx scripts/kelly-delay.ts [runs=500] [healthy=2000]
 */
import { createRng } from '../src/rng.js';
import { kellyDelay } from '../src/sim/kelly-delay.js';
import type { BMethod } from '../src/detector/b-process.js';

const runs = Number(process.argv[2] ?? 500), healthy = Number(process.argv[3] ?? 2000);
const methods: [string, Partial<BMethod>][] = [
  ['previous default (Jeffreys start, discount 0.8)', { priorGaps: [] }],
  ['default: prior gaps 0.025/0.05/0.1 x 128 items, discount 0.8', {}],
  ['one prior gap 0.05 x 128 items', { priorGaps: [0.05] }],
  ['prior gaps 0.025/0.05/0.1 x 256 items, discount 0.9', { priorItems: 256, discount: 0.9 }],
];
const traps = [
  { name: 'mild: 0.30 vs 0.33 + 0.05, kappa 0', mu0: 0.33, acc: 0.3, delta: 0.05, size: 64, kappa: 0 },
  { name: 'mild, kappa 0.6', mu0: 0.33, acc: 0.3, delta: 0.05, size: 64, kappa: 0.6 },
  { name: 'severe: 0.04 vs 0.33 + 0.05', mu0: 0.33, acc: 0.04, delta: 0.05, size: 64, kappa: 0 },
  { name: 'noise: 0.353 vs 0.328 + 0.05, 256 items, kappa 0.6', mu0: 0.328, acc: 0.353, delta: 0.05, size: 256, kappa: 0.6 },
];
console.log('| method | trap | mean delay (rounds) +- s.e. | Kelly bound | ratio | oracle SPRT mean delay | detected |');
console.log('|---|---|---|---|---|---|---|');
for (const [mname, bMethod] of methods) {
  for (const t of traps) {
    const r = kellyDelay({ ...t, runs, rng: createRng(1), bMethod });
    console.log(`| ${mname} | ${t.name} | ${r.meanDelay.toFixed(2)} +- ${r.se.toFixed(2)} | ${r.kellyBound.toFixed(2)} | **${r.ratio.toFixed(2)}x** | ${r.oracleMeanDelay.toFixed(2)} (${(r.oracleMeanDelay / r.kellyBound).toFixed(2)}x) | ${r.detected}/${r.runs} |`);
  }
  const fa = kellyDelay({ mu0: 0.33, acc: 0.38, delta: 0.05, size: 64, kappa: 0, runs: healthy, rng: createRng(2), bMethod, maxRounds: 100 });
  const fa2 = kellyDelay({ mu0: 0.33, acc: 0.38, delta: 0.05, size: 256, kappa: 0.6, runs: healthy, rng: createRng(3), bMethod, maxRounds: 100 });
  console.log(`| ${mname} | null boundary acc = theta = 0.38, 100 rounds (64 items kappa 0 / 256 items kappa 0.6) | false alarms ${fa.detected}/${healthy} / ${fa2.detected}/${healthy} (alpha_B 0.02) | | | | |`);
}
