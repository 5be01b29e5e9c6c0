/**
 * Oracle benchmark: `npx tsx bench/oracle.ts`.
 * - scoring throughput (episodes/s) of scoreEpisode on in-memory episodes that share ticket
 *   objects (as generateSweep yields them) and on episodes freshly JSON.parse'd (gold answers
 *   recomputed per episode), against the reference JSON.parse of the same lines;
 * - end to end parse + validate + score as `tbdl score` does it (EpisodeLineParser: ticket
 *   interning + the hand-written structural check, zod only on rejection), and the same with
 *   JSON.parse + parseEpisode (structural check, no interning) and with JSON.parse + zod;
 * - wall time to score a 100,000-episode sweep in memory.
 * Targets: >= 10,000 episodes/s for scoreEpisode and for parse + validate + score end to end.
 */
import { Bench } from 'tinybench';
import { generateSweep, scoreEpisode, parseEpisode, episodeSchema, EpisodeLineParser, type Episode } from '../src/oracle/index.js';
import { median } from './interleaved.js';

const BATCH = 1000;
const t0 = performance.now();
const pool: Episode[] = [...generateSweep({ seeds: 1 })].slice(0, 800); // 5 agents x 20 tickets x 8 conditions
const lines = pool.map((e) => JSON.stringify(e));
const genMs = performance.now() - t0;
const batch = (i: number): number => (i * BATCH) % pool.length;

let k = 0;
const parser = new EpisodeLineParser();
const line = (s: number, i: number): string => lines[(s + i) % lines.length] as string;
const TASKS: [string, () => void][] = [
  [`JSON.parse x${BATCH} (reference)`, () => { const s = batch(k++); for (let i = 0; i < BATCH; i++) JSON.parse(line(s, i)); }],
  [`scoreEpisode x${BATCH} (shared tickets)`, () => { const s = batch(k++); for (let i = 0; i < BATCH; i++) scoreEpisode(pool[(s + i) % pool.length] as Episode); }],
  [`JSON.parse + scoreEpisode, no validation x${BATCH}`, () => { const s = batch(k++); for (let i = 0; i < BATCH; i++) scoreEpisode(JSON.parse(line(s, i)) as Episode); }],
  [`JSON.parse + zod safeParse x${BATCH}`, () => { const s = batch(k++); for (let i = 0; i < BATCH; i++) episodeSchema.safeParse(JSON.parse(line(s, i))); }],
  [`JSON.parse + parseEpisode (structural check) x${BATCH}`, () => { const s = batch(k++); for (let i = 0; i < BATCH; i++) parseEpisode(JSON.parse(line(s, i))); }],
  [`END TO END: JSON.parse + zod + scoreEpisode x${BATCH}`, () => {
    const s = batch(k++);
    for (let i = 0; i < BATCH; i++) { const p = episodeSchema.safeParse(JSON.parse(line(s, i))); if (p.success) scoreEpisode(p.data); else throw new Error('invalid line'); }
  }],
  [`END TO END: JSON.parse + parseEpisode + scoreEpisode x${BATCH}`, () => {
    const s = batch(k++);
    for (let i = 0; i < BATCH; i++) { const p = parseEpisode(JSON.parse(line(s, i))); if (p.ok) scoreEpisode(p.value); else throw new Error('invalid line'); }
  }],
  [`END TO END (tbdl score path): EpisodeLineParser + scoreEpisode x${BATCH}`, () => {
    const s = batch(k++);
    for (let i = 0; i < BATCH; i++) { const p = parser.parse(line(s, i)); if (p.ok) scoreEpisode(p.value); else throw new Error('invalid line'); }
  }],
];

// The machine is shared and its load drifts: run ROUNDS rounds of every task, each round with
// its own JSON.parse reference, and report per task the median throughput and median ratio.
const ROUNDS = 3;
const eps = new Map<string, number[]>(), ratios = new Map<string, number[]>();
for (let r = 0; r < ROUNDS; r++) {
  const bench = new Bench({ time: 600, warmupTime: 150, iterations: 5, warmupIterations: 2 });
  for (const [name, fn] of TASKS) bench.add(name, fn);
  await bench.run();
  const hz = bench.tasks.map((t) => {
    const res = t.result as { throughput?: { mean: number }; hz?: number } | undefined;
    return { name: t.name, v: (res?.throughput?.mean ?? res?.hz ?? 0) * BATCH };
  });
  const ref = hz[0]?.v ?? 1;
  for (const { name, v } of hz) { (eps.get(name) ?? eps.set(name, []).get(name)!).push(v); (ratios.get(name) ?? ratios.set(name, []).get(name)!).push(v / ref); }
}
console.table(TASKS.map(([name]) => ({
  task: name, episodes_per_s: Math.round(median(eps.get(name) ?? [])), ratio_vs_JSON_parse: +median(ratios.get(name) ?? []).toFixed(3),
  rounds: (eps.get(name) ?? []).map((v) => Math.round(v)).join(' / '),
})));
console.log(`tbdl score path: ${parser.fast} lines fast, ${parser.slow} via zod`);

// 100,000 episodes in memory (shallow copies of the pool with fresh ids, sharing tickets)
const N = 100_000;
const sweep: Episode[] = new Array<Episode>(N);
for (let i = 0; i < N; i++) { const e = pool[i % pool.length] as Episode; sweep[i] = { ...e, episode_id: `${e.episode_id}#${i}` }; }
const t1 = performance.now();
let tbdl = 0;
for (const e of sweep) if (scoreEpisode(e).episode.tbdl) tbdl++;
const scoreMs = performance.now() - t1;
console.log(`generated ${pool.length} episodes in ${genMs.toFixed(0)} ms (${(genMs / pool.length).toFixed(2)} ms/episode)`);
console.log(`scored ${N} episodes in memory in ${(scoreMs / 1000).toFixed(2)} s (${Math.round(N / (scoreMs / 1000))} episodes/s; ${tbdl} TBDL)`);
