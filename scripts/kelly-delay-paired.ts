/**
 * The B default after issues 10 and 15 together: the paired observation (valid whatever the
 * declared mu0) with the pre-registered prior, against the paired and the stratified Kelly bounds.
 * Usage: npx tsx scripts/kelly-delay-paired.ts [RUNS=500] [NULL_RUNS=2000]. Seeded, reproducible.
 */
import { createRng } from '../src/rng.js';
import { kellyDelay, type DelayCell } from '../src/sim/kelly-delay.js';
import type { BMethod } from '../src/detector/b-process.js';

const runs = Number(process.argv[2] ?? 500), nullRuns = Number(process.argv[3] ?? 2000);
const methods: Array<[string, Partial<BMethod>]> = [
  ['paired, no prior', { stratify: false, priorGaps: [] }],
  ['paired, gaps 0.025/0.05/0.1', { stratify: false, priorGaps: [0.025, 0.05, 0.1] }],
  ['**default**: paired, gaps 0.025/0.05/0.1/0.2', { stratify: false, priorGaps: [0.025, 0.05, 0.1, 0.2] }],
  ['stratified (trusts mu0), gaps 0.025/0.05/0.1', { stratify: true, priorGaps: [0.025, 0.05, 0.1] }],
];
const cells: Array<[string, DelayCell]> = [
  ['severe 0.04 vs 0.33+0.05, 64, kappa 0', { mu0: 0.33, acc: 0.04, delta: 0.05, size: 64, kappa: 0 }],
  ['mild 0.30 vs 0.33+0.05, 64, kappa 0', { mu0: 0.33, acc: 0.30, delta: 0.05, size: 64, kappa: 0 }],
  ['mild, kappa 0.6', { mu0: 0.33, acc: 0.30, delta: 0.05, size: 64, kappa: 0.6 }],
  ['noise 0.353 vs 0.328+0.05, 256, kappa 0.6', { mu0: 0.328, acc: 0.353, delta: 0.05, size: 256, kappa: 0.6 }],
];
console.log('| method | trap | mean delay +- s.e. | Kelly bound (stratified) | paired Kelly bound | ratio to paired bound | detected |');
console.log('|---|---|---|---|---|---|---|');
for (const [mName, m] of methods) {
  for (const [cName, c] of cells) {
    const r = kellyDelay({ ...c, runs, rng: createRng(7), bMethod: m });
    console.log(`| ${mName} | ${cName} | ${r.meanDelay.toFixed(2)} +- ${r.se.toFixed(2)} | ${r.kellyBound.toFixed(2)} | ${r.pairedKellyBound.toFixed(2)} | ${(r.meanDelay / r.pairedKellyBound).toFixed(2)}x | ${r.detected}/${runs} |`);
  }
  const n0 = kellyDelay({ mu0: 0.33, acc: 0.38, delta: 0.05, size: 64, kappa: 0, runs: nullRuns, rng: createRng(8), bMethod: m });
  const n6 = kellyDelay({ mu0: 0.328, acc: 0.378, delta: 0.05, size: 256, kappa: 0.6, runs: nullRuns, rng: createRng(9), bMethod: m });
  console.log(`| ${mName} | null boundary acc = theta, 100 rounds (64 kappa 0 / 256 kappa 0.6) | false alarms ${n0.detected}/${nullRuns} / ${n6.detected}/${nullRuns} (alpha_B 0.02) | | | | |`);
}
