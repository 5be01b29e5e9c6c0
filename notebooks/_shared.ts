/**
 * Notebook plumbing (no statistics): the `--out DIR` argument, writing tables as Markdown + CSV,
 * writing figures as vega-lite JSON + SVG + PNG (validated first), printing key numbers in one
 * greppable shape, and `sweepResults` (generate + score + write Parquet, what `tbdl sweep` and
 * `tbdl score` do, shared by notebooks 02-04). Like every notebook it imports only the public API
 * (`../src/index.js`) and node builtins; test/notebooks/notebooks.test.ts enforces that.
 *
 * Printed key lines look like `  ▸ permute.caught = 12/12 = 1.000 [0.735, 1.000]` so a reader
 * sees the interval next to the estimate and the test can check them against the tables.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  EPISODE_COLUMNS, STAGE_COLUMNS, generateSweep, openDb, renderSvg, scoreEpisodes, svgToPng, tableToCsv, tableToMarkdown, validateSpec,
} from '../src/index.js';
import type { AnalysisMeta, AnalysisTable, SqlType } from '../src/index.js';

/** The repository root (notebooks resolve fixtures and the default output folder from it, not from the cwd). */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A notebook's output folder and the list of files it wrote. */
export interface NotebookOut {
  readonly dir: string;
  readonly written: string[];
}

/**
 * Parses `--out DIR` (default `out/notebooks/<name>`), creates the folder and returns it.
 * @param name the notebook name, e.g. '01-detector'. @param argv process arguments after the script.
 */
export function notebookOut(name: string, argv: readonly string[]): NotebookOut {
  const { values } = parseArgs({ args: [...argv], options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help === true) {
    process.stdout.write(`usage: npx tsx notebooks/${name}.ts [--out DIR]   (default out/notebooks/${name})\n`);
    process.exit(0);
  }
  const dir = values.out ?? join(REPO_ROOT, 'out', 'notebooks', name);
  mkdirSync(dir, { recursive: true });
  // a rerun into the same folder first removes what the previous run listed in files.txt (only those)
  const list = join(dir, 'files.txt');
  if (existsSync(list)) {
    for (const f of readFileSync(list, 'utf8').split('\n')) if (f !== '' && !f.split(/[\\/]/).includes('..')) rmSync(join(dir, f), { force: true });
  }
  return { dir, written: [] };
}

/** Writes `text` to `out.dir/file` and records it. */
export function put(out: NotebookOut, file: string, text: string | Buffer): string {
  const p = join(out.dir, file);
  writeFileSync(p, text);
  out.written.push(p);
  return p;
}

/** A minimal AnalysisMeta for tables a notebook builds itself (so the library writers can print them). */
export function notebookMeta(meta: Partial<AnalysisMeta> & Pick<AnalysisMeta, 'options'>): AnalysisMeta {
  return { tablesRead: [], counts: {}, seeds: [], agents: [], bases: [], methods: [], ...meta };
}

/** Writes a table as `<name>.md` (rounded, method header) and `<name>.csv` (full precision). */
export function writeTable(out: NotebookOut, t: AnalysisTable, meta: AnalysisMeta): void {
  put(out, `${t.name}.md`, tableToMarkdown(t, meta));
  put(out, `${t.name}.csv`, tableToCsv(t, meta));
}

/**
 * Validates a vega-lite spec against the schema, then writes `<id>.vl.json`, `<id>.svg`, `<id>.png`.
 * @throws Error when the spec does not validate (a notebook must not ship a broken figure).
 */
export async function writeFigure(out: NotebookOut, id: string, spec: object): Promise<void> {
  const v = validateSpec(spec);
  if (!v.ok) throw new Error(`figure ${id} does not validate: ${v.errors.join('; ')}`);
  put(out, `${id}.vl.json`, JSON.stringify(spec, null, 2) + '\n');
  const svg = await renderSvg(spec as Parameters<typeof renderSvg>[0]);
  put(out, `${id}.svg`, svg);
  put(out, `${id}.png`, svgToPng(svg));
}

const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : 'NA');

/**
 * Prints one key number: `  ▸ key = [k/n = ]estimate [lower, upper]`.
 * @param key dotted name (no spaces). @param estimate the number. @param iv optional interval.
 * @param kn optional `k/n` text printed before the estimate.
 */
export function key(key: string, estimate: number, iv?: { lower: number; upper: number } | null, kn?: string): void {
  const ci = iv ? ` [${f3(iv.lower)}, ${f3(iv.upper)}]` : '';
  process.stdout.write(`  ▸ ${key} = ${kn !== undefined ? `${kn} = ` : ''}${f3(estimate)}${ci}\n`);
}

/** Prints a section heading (the markdown cell's title, so the console reads like the notebook). */
export function heading(text: string): void {
  process.stdout.write(`\n## ${text}\n`);
}

/** Number from a table cell (NaN when missing or not numeric). */
export function num(v: unknown): number {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'string' && v !== '' ? Number(v) : Number.NaN;
}

/** SQL types of the oracle's result columns (docs/results-schema.md, stage_results and episodes). */
const RESULT_TYPES: Readonly<Record<string, SqlType>> = {
  episode_id: 'VARCHAR', agent: 'VARCHAR', base: 'VARCHAR', family: 'VARCHAR', params_b: 'DOUBLE', seed: 'INTEGER',
  ticket_id: 'VARCHAR', trap: 'VARCHAR', injection: 'BOOLEAN', pressure: 'VARCHAR', feasible: 'BOOLEAN',
  stage: 'VARCHAR', stage_index: 'INTEGER', class: 'VARCHAR', pass: 'BOOLEAN', reasons: 'VARCHAR',
  train_pass: 'BOOLEAN', learned: 'BOOLEAN', tbdl: 'BOOLEAN', refused: 'BOOLEAN', routed_through_gate: 'BOOLEAN',
  deployed: 'BOOLEAN', gpu_hours: 'DOUBLE', usd: 'DOUBLE',
};

/**
 * Generates a seeded oracle sweep, scores it and writes `stage_results.parquet` and
 * `episodes.parquet` (through an in-memory DuckDB) into `dir`, what `tbdl sweep` + `tbdl score` do.
 * @param dir results folder (created). @param seeds replicates per cell (>= 1). @param firstSeed first seed.
 * @returns the folder and the row counts.
 */
export async function sweepResults(dir: string, seeds: number, firstSeed = 1): Promise<{ dir: string; episodes: number; stages: number }> {
  mkdirSync(dir, { recursive: true });
  const scored = scoreEpisodes(generateSweep({ seeds, seed: firstSeed }));
  const db = await openDb();
  try {
    for (const [name, cols, rows] of [['stage_results', STAGE_COLUMNS, scored.stages], ['episodes', EPISODE_COLUMNS, scored.episodes]] as const) {
      await db.createTable(name, cols.map((c) => ({ name: c, type: RESULT_TYPES[c] ?? 'VARCHAR' })), rows as unknown as Record<string, unknown>[]);
      await db.toParquet(name, join(dir, `${name}.parquet`));
    }
  } finally {
    db.close();
  }
  return { dir, episodes: scored.episodes.length, stages: scored.stages.length };
}

/** Writes `files.txt` (every file this run wrote, relative to the folder) and prints where they are. */
export function finish(out: NotebookOut): void {
  put(out, 'files.txt', out.written.map((p) => p.slice(out.dir.length + 1)).join('\n') + '\n');
  process.stdout.write(`\nwrote ${out.written.length} files to ${out.dir}\n`);
}
