/**
 * Writers for analysis tables: Markdown (rounded, with a method header), CSV (full precision,
 * header as `#` comment lines) and Parquet (typed columns through DuckDB, the header stored as
 * Parquet key-value metadata `tbdl.title` / `tbdl.notes`). `writeAnalysis` writes all three per
 * table plus `README.md` (all tables) and `meta.json`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDb, sqlString } from './duckdb.js';
import { analysisErrors } from './errors.js';
import type { AnalysisMeta, AnalysisResult, AnalysisTable, Cell } from './table.js';

function fmt(v: Cell | undefined, digits: number): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return '';
    if (Number.isInteger(v)) return String(v);
    if (v !== 0 && Math.abs(v) < 1e-4) return v.toExponential(2);
    return v.toFixed(digits);
  }
  return String(v);
}

/** The method header lines of a table: its notes, then seeds, counts and bootstrap settings. */
export function headerLines(t: AnalysisTable, meta: AnalysisMeta): string[] {
  const seeds = meta.seeds.length > 12 ? `${meta.seeds.length} seeds (${meta.seeds[0]}..${meta.seeds[meta.seeds.length - 1]})` : `seeds ${meta.seeds.join(', ')}`;
  return [
    ...t.notes,
    `${seeds}; ${meta.agents.length} agents; ${meta.bases.length} bases; rows read: ${Object.entries(meta.counts).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `alpha ${meta.options.alpha}; bootstrap seed ${meta.options.seed}, ${meta.options.replicates} replicates; TOST epsilon ${meta.options.epsilon}; MDE power ${meta.options.power}; ${t.rows.length} rows`,
  ];
}

/**
 * A table as Markdown: title, method header as a bullet list, then the rows (numbers rounded).
 * @example tableToMarkdown(getTable(res, 'ranking')!, res.meta)
 */
export function tableToMarkdown(t: AnalysisTable, meta: AnalysisMeta, digits = 3): string {
  const head = `| ${t.columns.map((c) => c.label ?? c.name).join(' | ')} |`;
  const sep = `|${t.columns.map(() => '---').join('|')}|`;
  const body = t.rows.map((r) => `| ${t.columns.map((c) => fmt(r[c.name], digits).replaceAll('|', '\\|')).join(' | ')} |`);
  return [`## ${t.title}`, '', ...headerLines(t, meta).map((l) => `- ${l}`), '', head, sep, ...body, ''].join('\n');
}

function csvCell(v: Cell | undefined): string {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '';
  const s = String(v);
  return /[",\n#]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A table as CSV (RFC 4180 quoting), preceded by `# ` header lines when `meta` is given. */
export function tableToCsv(t: AnalysisTable, meta?: AnalysisMeta): string {
  const pre = meta ? [`# ${t.title}`, ...headerLines(t, meta).map((l) => `# ${l}`)] : [];
  return [...pre, t.columns.map((c) => c.name).join(','), ...t.rows.map((r) => t.columns.map((c) => csvCell(r[c.name])).join(','))].join('\n') + '\n';
}

/**
 * Writes every table as `<name>.md`, `<name>.csv`, `<name>.parquet`, plus `README.md` and
 * `meta.json`, into `outDir` (created). Returns the paths written. @throws io_error.
 */
export async function writeAnalysis(result: AnalysisResult, outDir: string): Promise<string[]> {
  try { mkdirSync(outDir, { recursive: true }); } catch (e) { throw analysisErrors.ioError(outDir, String(e)); }
  const written: string[] = [];
  const put = (name: string, text: string): void => { const p = join(outDir, name); writeFileSync(p, text); written.push(p); };
  const db = await openDb();
  try {
    for (const t of result.tables) {
      put(`${t.name}.md`, tableToMarkdown(t, result.meta));
      put(`${t.name}.csv`, tableToCsv(t, result.meta));
      await db.createTable(t.name, t.columns, t.rows as Record<string, unknown>[]);
      const p = join(outDir, `${t.name}.parquet`);
      const kv = `{'tbdl.title': ${sqlString(t.title)}, 'tbdl.notes': ${sqlString(headerLines(t, result.meta).join('\n'))}}`;
      try {
        await db.exec(`COPY "${t.name}" TO ${sqlString(p)} (FORMAT parquet, COMPRESSION zstd, KV_METADATA ${kv})`);
      } catch (e) { throw analysisErrors.ioError(p, e instanceof Error ? e.message : String(e)); }
      written.push(p);
    }
  } finally { db.close(); }
  put('README.md', [`# tbdl analysis`, '', `Tables read: ${result.meta.tablesRead.join(', ')}.`, '', ...(result.meta.notices ?? []).map((n) => `> **Notice:** ${n}`), ...((result.meta.notices ?? []).length > 0 ? [''] : []), ...result.meta.methods.map((m) => `- ${m}`), '', ...result.tables.map((t) => tableToMarkdown(t, result.meta))].join('\n'));
  put('meta.json', JSON.stringify(result.meta, null, 2) + '\n');
  return written;
}
