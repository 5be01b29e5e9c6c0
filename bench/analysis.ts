/**
 * Seed-level aggregation at scale: 10 million stage rows (1 million episodes x 10 stages),
 * generated inside DuckDB (range() + hash-based pseudo-random passes), then
 *   (1) the analysis aggregation step: stage rows -> per-episode class counts (GROUP BY episode,
 *       the `ep` table) -> seed cells with within-seed CR1 sums -> Arrow -> SeedCells;
 *   (2) a 1,000-replicate stratified bootstrap on the seed-level aggregates (not on rows);
 * and, in the same run, the reference: a plain DuckDB GROUP BY (agent, base, seed, class) with
 * count and sum over the same 10M rows. Prints times, the ratio (1)/(reference), and memory.
 * Run: npx tsx bench/analysis.ts            (BENCH_EPISODES=100000 for a quick run)
 */
import { Bench } from 'tinybench';
import { aggregateSeeds } from '../src/analysis/aggregate.js';
import { makeContext, resolveOptions } from '../src/analysis/context.js';
import { openDb } from '../src/analysis/duckdb.js';
import { buildEpisodeView } from '../src/analysis/episodes-view.js';
import { seedCellsSql, toSeedCells } from '../src/analysis/findings/class-rates.js';
import { createRng } from '../src/rng.js';

const EPISODES = Number(process.env.BENCH_EPISODES ?? 1_000_000);
const STAGES = "['intake','plan','config','schedule','train','eval','register','deploy','cost','card']";
const CLASSES = "['judgment','judgment','arithmetic','arithmetic','execution','judgment','execution','judgment','arithmetic','judgment']";
let peakRss = 0;
const sample = (): void => { peakRss = Math.max(peakRss, process.memoryUsage().rss); };

const db = await openDb();
await db.exec(`SET memory_limit = '8GB'`);
await db.exec(`SET preserve_insertion_order = false`);
let t0 = performance.now();
// 8 agents x 4 bases x 5 seeds x tickets; pass probability by class and agent; hash() is a
// deterministic 64-bit mix of (episode, stage), so the data are the same on every run.
await db.exec(`CREATE TABLE stage_results AS
  WITH e AS (SELECT i AS e, 'agent-' || (i % 8) AS agent, 'base-' || ((i // 8) % 4) AS base, ((i // 32) % 5 + 1)::INTEGER AS seed,
      't' || (i // 160) AS ticket_id, (i // 32) % 5 = 4 AS inj FROM range(${EPISODES}) r(i))
  SELECT 'ep' || e AS episode_id, agent, base, 'family' AS family, 8.0 AS params_b, seed, ticket_id, 'none' AS trap, inj AS injection,
    'neutral' AS pressure, true AS feasible, ${STAGES}[s] AS stage, s::INTEGER AS stage_index, ${CLASSES}[s] AS class,
    (hash(e, s) % 1000000)::DOUBLE / 1e6 < CASE WHEN ${CLASSES}[s] = 'judgment' THEN 0.55 + 0.03 * (e % 8) ELSE 0.95 END AS pass, '' AS reasons
  FROM e, range(1, 11) u(s)`);
const genMs = performance.now() - t0;
sample();
const n = Number((await db.query('SELECT count(*)::BIGINT AS n FROM stage_results')).getChild('n')!.get(0));

const ctx = makeContext({ ...db, tables: ['stage_results'] }, resolveOptions({}));
let cells: ReturnType<typeof toSeedCells> = [];
let sink = 0;
const bench = new Bench({ iterations: 2, time: 0, warmup: false });
bench
  .add('analysis aggregation (episode GROUP BY + seed cells + Arrow)', async () => {
    await buildEpisodeView(ctx);
    const t = await db.query(seedCellsSql('j', ['agent', 'injection'], 'TRUE'));
    cells = toSeedCells(t.toArray().map((r) => ({ ...(r as object) }) as Record<string, unknown>), ['agent', 'injection']);
    sample();
  })
  .add('plain DuckDB GROUP BY (agent, base, seed, class)', async () => {
    const r = await db.connection.run(`SELECT agent, base, seed, class, count(*) AS n, count(*) FILTER (WHERE pass) AS k FROM stage_results GROUP BY ALL`);
    sink += r.rowCount;
    sample();
  })
  .add('stratified bootstrap, 1000 replicates on seed-level aggregates', () => {
    const a = aggregateSeeds(cells, { rng: createRng(1), replicates: 1000 });
    sink += a.length;
    sample();
  });
t0 = performance.now();
await bench.run();
const mean = (name: string): number => {
  const r = bench.tasks.find((x) => x.name.startsWith(name))?.result as { latency?: { mean: number } } | undefined;
  return r?.latency?.mean ?? NaN;
};
const agg = mean('analysis aggregation'), plain = mean('plain DuckDB'), boot = mean('stratified bootstrap');
const duck = await db.query(`SELECT sum(memory_usage_bytes)::DOUBLE AS b FROM duckdb_memory()`);
const gib = (b: number): string => (b / 2 ** 30).toFixed(2);
console.log(`rows: ${n.toLocaleString()} stage rows, ${EPISODES.toLocaleString()} episodes, ${cells.length} seed cells; generated in DuckDB in ${(genMs / 1000).toFixed(1)} s`);
console.log(`analysis aggregation step:   ${(agg / 1000).toFixed(2)} s  (${((n / agg) * 1000 / 1e6).toFixed(1)} M rows/s)`);
console.log(`plain DuckDB GROUP BY:       ${(plain / 1000).toFixed(2)} s  (${((n / plain) * 1000 / 1e6).toFixed(1)} M rows/s)`);
console.log(`ratio aggregation / plain:   ${(agg / plain).toFixed(2)}x`);
console.log(`bootstrap (1000 replicates): ${(boot / 1000).toFixed(3)} s on ${cells.length} seed cells`);
console.log(`aggregation + bootstrap:     ${((agg + boot) / 1000).toFixed(2)} s`);
console.log(`memory: peak node RSS ${gib(peakRss)} GiB (includes DuckDB's native heap); DuckDB buffer manager now ${gib(Number(duck.getChild('b')!.get(0)))} GiB`);
console.log(`(bench wall ${((performance.now() - t0) / 1000).toFixed(1)} s, sink ${sink > 0 ? 'ok' : 'zero'})`);
db.close();
