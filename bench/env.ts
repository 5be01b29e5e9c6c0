/**
 * Environment benchmark: `npx tsx bench/env.ts` (or `npm run bench -- env`).
 * - the full sweep through the environment, as `tbdl sweep` runs it: 5 policies x 20 tickets x
 *   3 seeds x 8 conditions = 2,400 episodes, each played tool call by tool call on the simulated
 *   cluster with the detector on every event; wall time, once (target: under 2 minutes);
 * - throughput (episodes/s) of envSweep against the reference measured in the same run: the
 *   scripted sweep (generateSweep: stage outcomes drawn from rates, no environment), on the same
 *   cells, median of 3 tinybench rounds.
 */
import { Bench } from 'tinybench';
import { buildCatalogue, generateSweep, PROFILES } from '../src/oracle/index.js';
import { envSweep } from '../src/env/index.js';
import { median } from './interleaved.js';

const t0 = performance.now();
let n = 0, steps = 0, calls = 0;
for await (const { transcript } of envSweep({ seeds: 3 })) {
  n++;
  calls += transcript.tool_calls;
  for (const r of transcript.runs) steps += r.steps;
}
const wall = (performance.now() - t0) / 1000;
process.stdout.write(`full sweep through the environment: ${n} episodes (${Object.keys(PROFILES).length} policies x 20 tickets x 3 seeds x 8 conditions), ${calls} tool calls, ${steps} simulated training steps\n`);
process.stdout.write(`  wall time ${wall.toFixed(1)} s (${(n / wall).toFixed(0)} episodes/s); target < 120 s: ${wall < 120 ? 'met' : 'NOT met'}\n\n`);

// Throughput against the scripted sweep on the same cells (one ticket of each variant, 1 seed).
const tickets = buildCatalogue().filter((t) => t.base.id === 'Qwen/Qwen3-8B');
const TASKS: [string, () => Promise<void> | void][] = [
  ['scripted sweep (generateSweep), 200 episodes (reference)', () => { for (const _ of generateSweep({ seeds: 1, tickets })) { /* drain */ } }],
  ['environment sweep (envSweep), 200 episodes', async () => { for await (const _ of envSweep({ seeds: 1, tickets })) { /* drain */ } }],
];
const ROUNDS = 3;
const rows = new Map<string, number[]>();
const ratios: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  const bench = new Bench({ time: 500, warmupTime: 0, iterations: 2, warmupIterations: 1 });
  for (const [name, fn] of TASKS) bench.add(name, fn);
  await bench.run();
  const v = bench.tasks.map((t) => {
    const res = t.result as { throughput?: { mean: number }; hz?: number } | undefined;
    return (res?.throughput?.mean ?? res?.hz ?? 0) * 200;
  });
  TASKS.forEach(([name], i) => { (rows.get(name) ?? rows.set(name, []).get(name)!).push(v[i] ?? 0); });
  ratios.push((v[1] ?? 0) / (v[0] ?? 1));
}
for (const [name, v] of rows) process.stdout.write(`${name.padEnd(60)} ${median(v).toFixed(0).padStart(8)} episodes/s\n`);
process.stdout.write(`environment / scripted: ${median(ratios).toFixed(4)}x (median of ${ROUNDS} rounds)\n`);
