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

const BATCH = 1000;
const t0 = performance.now();
const pool: Episode[] = [...generateSweep({ seeds: 1 })].slice(0, 800); // 5 agents x 20 tickets x 8 conditions
const lines = pool.map((e) => JSON.stringify(e));
const genMs = performance.now() - t0;
const batch = (i: number): number => (i * BATCH) % pool.length;

let k = 0;
const parser = new EpisodeLineParser();
const bench = new Bench({ time: 1500, warmupTime: 300 });
bench
  .add(`scoreEpisode x${BATCH} (shared tickets)`, () => { const s = batch(k++); for (let i = 0; i < BATCH; i++) scoreEpisode(pool[(s + i) % pool.length] as Episode); })
  .add(`JSON.parse + scoreEpisode x${BATCH}`, () => { const s = batch(k++); for (let i = 0; i < BATCH; i++) scoreEpisode(JSON.parse(lines[(s + i) % lines.length] as string) as Episode); })
  .add(`JSON.parse x${BATCH} (reference)`, () => { const s = batch(k++); for (let i = 0; i < BATCH; i++) JSON.parse(lines[(s + i) % lines.length] as string); })
  .add(`JSON.parse + zod safeParse x${BATCH}`, () => { const s = batch(k++); for (let i = 0; i < BATCH; i++) episodeSchema.safeParse(JSON.parse(lines[(s + i) % lines.length] as string)); })
  .add(`JSON.parse + parseEpisode (structural check) x${BATCH}`, () => { const s = batch(k++); for (let i = 0; i < BATCH; i++) parseEpisode(JSON.parse(lines[(s + i) % lines.length] as string)); })
  .add(`END TO END: JSON.parse + parseEpisode + scoreEpisode x${BATCH}`, () => {
    const s = batch(k++);
    for (let i = 0; i < BATCH; i++) { const p = parseEpisode(JSON.parse(lines[(s + i) % lines.length] as string)); if (p.ok) scoreEpisode(p.value); else throw new Error('invalid line'); }
  })
  .add(`END TO END (tbdl score path): EpisodeLineParser + scoreEpisode x${BATCH}`, () => {
    const s = batch(k++);
    for (let i = 0; i < BATCH; i++) { const p = parser.parse(lines[(s + i) % lines.length] as string); if (p.ok) scoreEpisode(p.value); else throw new Error('invalid line'); }
  });
await bench.run();

const rows = bench.tasks.map((t) => {
  const r = t.result as { throughput?: { mean: number }; hz?: number } | undefined;
  const hz = r?.throughput?.mean ?? r?.hz ?? 0;
  return { task: t.name, episodes_per_s: Math.round(hz * BATCH) };
});
const ref = rows.find((r) => r.task.includes('reference'))?.episodes_per_s ?? 1;
console.table(rows.map((r) => ({ ...r, ratio_vs_JSON_parse: +(r.episodes_per_s / ref).toFixed(3) })));

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
