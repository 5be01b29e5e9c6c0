/**
 * `tbdl score`: scores episodes with the de-looped oracle and writes the stage_results and
 * episodes tables (docs/results-schema.md) as Parquet or DuckDB, plus a pass-rate summary on
 * stdout. Inputs: JSONL sweeps (one episode per line), single-episode JSON files from a real agent
 * (via the adapter), or directories of those. Invalid lines are reported (file:line, path) and
 * skipped. This file is the edge: rows are staged in column batches by score-writer.ts and loaded
 * by the analysis DuckDB adapter (openDb) into Parquet or DuckDB; src/oracle imports no DuckDB.
 * An episode id seen again is skipped with a notice (the first is kept), so analyze never counts it twice.
 * Exit codes: 0 all scored, 2 usage error, unreadable or empty input (no episode) or at least one invalid episode.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { argsErrorMessage, checkOutputPath } from './args.js';
import { lineBatches } from './line-batches.js';
import {
  adaptAgentEpisode, EpisodeLineParser, scoreEpisode, type EpisodeRow, type OracleIssue,
} from '../oracle/index.js';
import type { ScoreWriter } from './score-writer.js';
import type { StageOwn } from './score-rows.js';
import type { ScoredLine } from './score-codec.js';

const HELP = `usage: tbdl score EPISODES... [--out FILE.parquet|FILE.duckdb|DIR] [--quiet] [--workers N]

EPISODES: .jsonl sweeps (tbdl sweep), .json agent episodes (adapter), or directories of them.
  --out FILE.parquet   stage_results in FILE, episodes in <stem>.episodes.parquet
  --out FILE.duckdb    tables stage_results and episodes in a DuckDB file (replaced)
  --out DIR            DIR/stage_results.parquet and DIR/episodes.parquet
  --quiet              no summary on stdout
  --workers N          threads that parse and score .jsonl lines beside the main thread, which
                       keeps input order and writes (0: all in one thread; default: the cores
                       but one, at most 4, for .jsonl input of 128 MiB or more, else 0; on two
                       cores one worker paid at 283 MB of input, not at 141 MB)
A repeated episode_id keeps the first episode; later ones are skipped with a notice.
exit codes: 0 ok, 2 usage error, unreadable or empty input (no episode), or invalid episodes (valid ones are still written)`;

function listInputs(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      for (const f of readdirSync(p).sort()) if (f.endsWith('.jsonl') || f.endsWith('.json')) out.push(join(p, f));
    } else out.push(p);
  }
  return out;
}

/**
 * Input size from which `tbdl score` uses worker threads by default. Measured as processes on 2
 * cores (docs/perf.md): one worker is 0.1 s slower at 23 MB, even at 57 and 141 MB, about 10 %
 * faster at 283 MB.
 */
const WORKERS_FROM_BYTES = 128 * 1024 * 1024;

/** Runs `tbdl score`. */
export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string' }, quiet: { type: 'boolean' }, workers: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    process.stderr.write(`tbdl score: ${argsErrorMessage('score', err)}\n${HELP}\n`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  if (v.help === true) { process.stdout.write(HELP + '\n'); return 0; }
  if (positionals.length === 0) { process.stderr.write(`tbdl score: no EPISODES given\n${HELP}\n`); return 2; }
  let files: string[];
  try { files = listInputs(positionals); } catch (err) {
    process.stderr.write(`tbdl score: cannot read input: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  let workers: number | undefined;
  if (v.workers !== undefined) {
    workers = /^\d{1,3}$/.test(v.workers) ? Number(v.workers) : NaN;
    if (!(workers >= 0 && workers <= 64)) { process.stderr.write(`tbdl score: --workers: expected an integer from 0 to 64, got '${v.workers}'\n`); return 2; }
  }
  if (v.out !== undefined) {
    const ext = extname(v.out);
    const bad = checkOutputPath('--out', v.out, ext === '.parquet' || ext === '.duckdb' ? 'file' : 'dir');
    if (bad !== null) { process.stderr.write(`tbdl score: ${bad}\n`); return 2; }
  }
  // worker threads for large .jsonl input, started first so they boot while DuckDB loads (the main
  // thread keeps input order, duplicate ids, the summary and the writer)
  const jsonlBytes = files.reduce((n, f) => n + (f.endsWith('.json') ? 0 : statSync(f).size), 0);
  const threads = workers ?? (jsonlBytes >= WORKERS_FROM_BYTES ? Math.min(4, Math.max(1, availableParallelism() - 1)) : 0);
  let deliver: (items: readonly ScoredLine[], file: string) => void = () => undefined;
  const pool = threads === 0 ? null : new (await import('./score-pool.js')).ScorePool(threads, (items, file) => deliver(items, file));
  // DuckDB loads only when scores are written (not for --help, a usage error or a summary-only run)
  let writer: ScoreWriter | null;
  try {
    writer = v.out === undefined ? null : await (await import('./score-writer.js')).ScoreWriter.open(v.out);
  } catch (err) {
    await pool?.close();
    throw err;
  }
  const t0 = performance.now();
  const rates = new Map<string, Map<string, [number, number]>>();
  let scored = 0;
  let rejected = 0;
  const reject = (issues: readonly OracleIssue[]): void => {
    rejected++;
    if (rejected <= 20) for (const i of issues.slice(0, 3)) process.stderr.write(`tbdl score: ${i.message}\n`);
  };
  // An episode id scored twice would be counted twice by analyze: keep the first, skip later ones with a notice.
  const seen = new Map<string, string>();
  let duplicates = 0;
  const firstTime = (id: string, where: string): boolean => {
    const first = seen.get(id);
    if (first === undefined) { seen.set(id, where); return true; }
    duplicates++;
    if (duplicates <= 20) process.stderr.write(`tbdl score: ${where}: duplicate episode_id '${id}' (first at ${first}); kept the first, skipped this one\n`);
    return false;
  };
  const consume = (episode: EpisodeRow, stages: readonly StageOwn[]): void => {
    scored++;
    // pass counts by agent, then by class (no key string built per stage row; stage rows share their episode's agent)
    let byClass = rates.get(episode.agent);
    if (byClass === undefined) rates.set(episode.agent, byClass = new Map());
    for (const r of stages) {
      let x = byClass.get(r.class);
      if (x === undefined) byClass.set(r.class, x = [0, 0]);
      x[0] += r.pass ? 1 : 0; x[1]++;
    }
    let x = byClass.get('tbdl');
    if (x === undefined) byClass.set('tbdl', x = [0, 0]);
    x[0] += episode.tbdl ? 1 : 0; x[1]++;
  };
  const consumeScored = (s: ReturnType<typeof scoreEpisode>): void => {
    if (writer !== null) writer.add(s.stages, s.episode); // checks the stage rows repeat their episode
    consume(s.episode, s.stages);
  };
  deliver = (items, file) => {
    for (const it of items) {
      if ('issues' in it) { reject(it.issues); continue; }
      if (!firstTime(it.episode.episode_id, `${file}:${it.line}`)) continue;
      writer?.addOwn(it.episode, it.own);
      consume(it.episode, it.own);
    }
  };
  try {
    for (const f of files) {
      try {
        if (f.endsWith('.json')) {
          await pool?.drain(); // earlier .jsonl lines first
          let raw: unknown;
          try { raw = JSON.parse(readFileSync(f, 'utf8')); } catch (err) { reject([{ code: 'invalid_json', path: '', message: `${f}: invalid JSON: ${err instanceof Error ? err.message : String(err)}` }]); continue; }
          const p = adaptAgentEpisode(raw, { file: f });
          if (p.ok) { if (firstTime(p.value.episode_id, f)) consumeScored(scoreEpisode(p.value)); } else reject(p.issues);
          continue;
        }
        let line = 0;
        if (pool !== null) {
          for await (const batch of lineBatches(f)) { await pool.submit(f, line + 1, batch); line += batch.length; }
          await pool.drain(); // this file's errors are reported as this file's
          continue;
        }
        const parser = new EpisodeLineParser();
        for await (const batch of lineBatches(f)) {
          for (const text of batch) {
            line++;
            if (text.trim() === '') continue;
            const p = parser.parse(text, { file: f, line });
            if (p.ok) { if (firstTime(p.value.episode_id, `${f}:${line}`)) consumeScored(scoreEpisode(p.value)); } else reject(p.issues);
          }
        }
      } catch (err) {
        process.stderr.write(`tbdl score: cannot read ${f}: ${err instanceof Error ? err.message : String(err)}\n`);
        writer?.abort();
        return 2;
      }
    }
  } finally {
    await pool?.close();
  }
  if (scored === 0 && rejected === 0) {
    writer?.abort(); // nothing scored: close without writing outputs
    process.stderr.write(`tbdl score: no episodes in ${positionals.join(', ')} (expected .jsonl lines or .json episode files); nothing written\n`);
    return 2;
  }
  const written = writer === null ? [] : await writer.close();
  if (v.quiet !== true) {
    const lines = ['agent\tmeasure\trate\tk/n'];
    const flat: [string, [number, number]][] = [];
    for (const [agent, m] of rates) for (const [measure, x] of m) flat.push([`${agent}\t${measure}`, x]);
    for (const [k, [a, n]] of flat.sort()) lines.push(`${k}\t${(a / n).toFixed(3)}\t${a}/${n}`);
    process.stdout.write(lines.join('\n') + '\n');
  }
  const secs = (performance.now() - t0) / 1000;
  process.stderr.write(`tbdl score: ${scored} episodes scored, ${rejected} rejected${duplicates > 0 ? `, ${duplicates} duplicate ids skipped` : ''} in ${secs.toFixed(2)} s (${Math.round(scored / Math.max(secs, 1e-9))} episodes/s incl. writing)${written.length > 0 ? `; wrote ${written.join(', ')}` : ''}\n`);
  return rejected > 0 ? 2 : 0;
}
