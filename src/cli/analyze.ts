/**
 * `tbdl analyze RESULTS --out DIR`: aggregates scored results (a directory of Parquet files or a
 * results.duckdb) into the findings tables and writes each as Markdown, CSV and Parquet with a
 * header stating methods, seeds and counts. Exit codes: 0 written, 2 usage error or unreadable input.
 */
import { parseArgs } from 'node:util';
import { argsErrorMessage, joinNegativeValues } from './args.js';
import { checkOutDir, claimOutDir } from './out-dir.js';

const HELP = `usage: tbdl analyze RESULTS --out DIR [options]

RESULTS is a directory with stage_results / episodes / detector_runs / baseline_alarms
(.parquet, or results.duckdb), or a .duckdb file.

options:
  --out DIR            output directory (required): a missing or empty folder, or one tbdl wrote
                       before (its .tbdl-out marker); else exit 2, nothing touched
  --seed N             bootstrap seed (default 20260101)
  --replicates N       bootstrap replicates (default 2000)
  --alpha A            two-sided level (default 0.05)
  --epsilon E          pre-registered TOST equivalence margin (default 0.05)
  --power P            power for minimum detectable effects (default 0.8)
  --resample-bases     two-stage bootstrap: also resample base models
  --only a,b           only these tables (of: trap_base, design_comparison, detector_baselines, learned_audit,
                       trap_incidence, stage_pass, arith_vs_judgment, do_intervention,
                       pressure_ladder, pressure_trend, pass_k, ranking, comparisons)
  -h, --help           this help

exit codes: 0 written, 2 usage error or unreadable input`;

function numberArg(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (!Number.isFinite(x)) throw new Error(`invalid --${name}: ${v} (expected a number)`);
  return x;
}

/**
 * Runs `tbdl analyze` with the arguments after the verb.
 * @returns 0 when the tables were written, 2 on a usage error or unreadable input (the coded
 * error is printed as `[code] message`).
 * @example await run(['out/results', '--out', 'out/tables'])
 */
export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, ['seed', 'replicates', 'alpha', 'epsilon', 'power']), allowPositionals: true, options: {
      out: { type: 'string' }, seed: { type: 'string' }, replicates: { type: 'string' }, alpha: { type: 'string' }, epsilon: { type: 'string' },
      power: { type: 'string' }, 'resample-bases': { type: 'boolean' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    } });
  } catch (e) {
    process.stderr.write(`tbdl analyze: ${argsErrorMessage('analyze', e)}\n${HELP}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) { process.stdout.write(HELP + '\n'); return 0; }
  // DuckDB and Arrow load only when there is something to analyse (not for --help or a usage error)
  const { analyzeResults, TABLE_NAMES } = await import('../analysis/analyze.js');
  const { writeAnalysis } = await import('../analysis/write.js');
  if (positionals.length !== 1 || values.out === undefined) { process.stderr.write(`tbdl analyze: expected one RESULTS path and --out DIR\n${HELP}\n`); return 2; }
  const badOut = checkOutDir(values.out);
  if (badOut !== null) { process.stderr.write(`tbdl analyze: ${badOut}\n`); return 2; }
  const only = values.only?.split(',').map((t) => t.trim()).filter((t) => t !== '');
  const unknown = (only ?? []).filter((t) => !(TABLE_NAMES as readonly string[]).includes(t));
  if (only !== undefined && (only.length === 0 || unknown.length > 0)) {
    process.stderr.write(`tbdl analyze: invalid --only: ${JSON.stringify(values.only)} (expected comma-separated table names from ${TABLE_NAMES.join(', ')}${unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''})\n`);
    return 2;
  }
  try {
    const seed = numberArg('seed', values.seed), replicates = numberArg('replicates', values.replicates), alpha = numberArg('alpha', values.alpha);
    const epsilon = numberArg('epsilon', values.epsilon), power = numberArg('power', values.power);
    const res = await analyzeResults(positionals[0]!, {
      ...(seed !== undefined ? { seed } : {}), ...(replicates !== undefined ? { replicates } : {}), ...(alpha !== undefined ? { alpha } : {}),
      ...(epsilon !== undefined ? { epsilon } : {}), ...(power !== undefined ? { power } : {}),
      ...(values['resample-bases'] ? { resampleBases: true } : {}), ...(only !== undefined ? { only } : {}),
    });
    for (const n of res.meta.notices ?? []) process.stderr.write(`tbdl analyze: notice: ${n}\n`);
    const claim = claimOutDir(values.out, 'analyze');
    if (claim !== null) { process.stderr.write(`tbdl analyze: ${claim}\n`); return 2; }
    const paths = await writeAnalysis(res, values.out);
    process.stdout.write(`tbdl analyze: ${res.tables.length} tables (${res.tables.map((t) => t.name).join(', ')}) -> ${values.out} (${paths.length} files)\n`);
    return 0;
  } catch (e) {
    const code = (e as { code?: string }).code;
    process.stderr.write(`tbdl analyze: ${code ? `[${code}] ` : ''}${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}
