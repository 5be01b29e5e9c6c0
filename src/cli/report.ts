/** `tbdl report RESULTS --out DIR`: the self-contained HTML report with figures (SVG, PNG, vega-lite JSON). */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import type { buildReport } from '../report/build.js';
import type { writeReport } from '../report/write.js';
import { argsErrorMessage, joinNegativeValues } from './args.js';
import { checkOutDir, claimOutDir } from './out-dir.js';

const HELP = `usage: tbdl report RESULTS --out DIR [--seed N] [--replicates N] [--no-png]
  RESULTS        a results directory (Parquet per docs/results-schema.md) or a .duckdb file
  --out DIR      where to write index.html and figures/ (default out/report): a missing or empty
                 folder, or one tbdl wrote before (its .tbdl-out marker); else exit 2, nothing touched
  --seed N       bootstrap seed (default 20260101); --replicates N (default 2000)
  --no-png       skip PNG rendering (SVG and vega-lite JSON are always written)
exit codes: 0 ok, 2 usage error or unreadable results`;

export async function run(argv: string[]): Promise<number> {
  let a;
  try {
    a = parseArgs({ args: joinNegativeValues(argv, ['seed', 'replicates']), allowPositionals: true, options: {
      out: { type: 'string', default: 'out/report' }, seed: { type: 'string' }, replicates: { type: 'string' },
      'no-png': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
  } catch (e) {
    process.stderr.write(`tbdl report: ${argsErrorMessage('report', e)}\n${HELP}\n`);
    return 2;
  }
  if (a.values.help) { process.stdout.write(HELP + '\n'); return 0; }
  const [results, ...extra] = a.positionals;
  if (results === undefined || extra.length > 0) { process.stderr.write(`tbdl report: expected exactly one RESULTS path\n${HELP}\n`); return 2; }
  const seed = a.values.seed !== undefined ? Number(a.values.seed) : undefined;
  const replicates = a.values.replicates !== undefined ? Number(a.values.replicates) : undefined;
  if (seed !== undefined && (a.values.seed?.trim() === '' || !Number.isInteger(seed))) {
    process.stderr.write(`tbdl report: invalid --seed: ${JSON.stringify(a.values.seed)} (expected an integer)\n`);
    return 2;
  }
  if (replicates !== undefined && (a.values.replicates?.trim() === '' || !(Number.isInteger(replicates) && replicates >= 100))) {
    process.stderr.write(`tbdl report: invalid --replicates: ${JSON.stringify(a.values.replicates)} (expected an integer >= 100)\n`);
    return 2;
  }
  const badOut = checkOutDir(a.values.out);
  if (badOut !== null) { process.stderr.write(`tbdl report: ${badOut}\n`); return 2; }
  let built: Awaited<ReturnType<typeof buildReport>>;
  let w: Awaited<ReturnType<typeof writeReport>>;
  const tty = process.stderr.isTTY === true;
  try {
    // vega, resvg, ajv and DuckDB load only when a report is written (not for --help or a usage error)
    const { buildReport } = await import('../report/build.js');
    const { writeReport } = await import('../report/write.js');
    built = await buildReport(results, { ...(seed !== undefined ? { seed } : {}), ...(replicates !== undefined ? { replicates } : {}) });
    const claim = claimOutDir(a.values.out, 'report');
    if (claim !== null) { process.stderr.write(`tbdl report: ${claim}\n`); return 2; }
    w = await writeReport(built, a.values.out, { png: !a.values['no-png'], onProgress: (d, t, id) => {
      if (tty) process.stderr.write(`\rrendering figures ${d}/${t} (${id})          `); else process.stderr.write(`rendered ${d}/${t}: ${id}\n`);
    } });
  } catch (e) {
    // Coded analysis errors (io_error, missing_tables, ...) are the user's input; anything else is a bug and keeps its stack.
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') throw e;
    process.stderr.write(`tbdl report: [${code}] ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  if (tty) process.stderr.write('\n');
  process.stdout.write(`tbdl report: ${built.doc.sections.length} sections, ${built.figures.length} figures -> ${resolve(w.html)}\n`);
  return 0;
}
