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
import { join, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { argsErrorMessage, checkOutputPath } from './args.js';
import { lineBatches } from './line-batches.js';
import {
  adaptAgentEpisode, EpisodeLineParser, scoreEpisode, type OracleIssue,
} from '../oracle/index.js';
import type { ScoreWriter } from './score-writer.js';

const HELP = `usage: tbdl score EPISODES... [--out FILE.parquet|FILE.duckdb|DIR] [--quiet]

EPISODES: .jsonl sweeps (tbdl sweep), .json agent episodes (adapter), or directories of them.
  --out FILE.parquet   stage_results in FILE, episodes in <stem>.episodes.parquet
  --out FILE.duckdb    tables stage_results and episodes in a DuckDB file (replaced)
  --out DIR            DIR/stage_results.parquet and DIR/episodes.parquet
  --quiet              no summary on stdout
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

/** Runs `tbdl score`. */
export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
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
  if (v.out !== undefined) {
    const ext = extname(v.out);
    const bad = checkOutputPath('--out', v.out, ext === '.parquet' || ext === '.duckdb' ? 'file' : 'dir');
    if (bad !== null) { process.stderr.write(`tbdl score: ${bad}\n`); return 2; }
  }
  // DuckDB loads only when scores are written (not for --help, a usage error or a summary-only run)
  const writer: ScoreWriter | null = v.out === undefined ? null : await (await import('./score-writer.js')).ScoreWriter.open(v.out);
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
  const consume = (s: ReturnType<typeof scoreEpisode>): void => {
    scored++;
    // pass counts by agent, then by class (no key string built per stage row)
    let byClass = rates.get(s.episode.agent);
    if (byClass === undefined) rates.set(s.episode.agent, byClass = new Map());
    for (const r of s.stages) {
      const m = r.agent === s.episode.agent ? byClass : (rates.get(r.agent) ?? rates.set(r.agent, new Map()).get(r.agent)!);
      let x = m.get(r.class);
      if (x === undefined) m.set(r.class, x = [0, 0]);
      x[0] += r.pass ? 1 : 0; x[1]++;
    }
    let x = byClass.get('tbdl');
    if (x === undefined) byClass.set('tbdl', x = [0, 0]);
    x[0] += s.episode.tbdl ? 1 : 0; x[1]++;
    if (writer !== null) writer.add(s.stages, s.episode);
  };
  for (const f of files) {
    try {
      if (f.endsWith('.json')) {
        let raw: unknown;
        try { raw = JSON.parse(readFileSync(f, 'utf8')); } catch (err) { reject([{ code: 'invalid_json', path: '', message: `${f}: invalid JSON: ${err instanceof Error ? err.message : String(err)}` }]); continue; }
        const p = adaptAgentEpisode(raw, { file: f });
        if (p.ok) { if (firstTime(p.value.episode_id, f)) consume(scoreEpisode(p.value)); } else reject(p.issues);
        continue;
      }
      const parser = new EpisodeLineParser();
      let line = 0;
      for await (const batch of lineBatches(f)) {
        for (const text of batch) {
          line++;
          if (text.trim() === '') continue;
          const p = parser.parse(text, { file: f, line });
          if (p.ok) { if (firstTime(p.value.episode_id, `${f}:${line}`)) consume(scoreEpisode(p.value)); } else reject(p.issues);
        }
      }
    } catch (err) {
      process.stderr.write(`tbdl score: cannot read ${f}: ${err instanceof Error ? err.message : String(err)}\n`);
      writer?.abort();
      return 2;
    }
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
