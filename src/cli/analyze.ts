/**
 * `tbdl analyze RESULTS --out DIR`: aggregates scored results (a directory of Parquet files or a
 * results.duckdb) into the findings tables and writes each as Markdown, CSV and Parquet with a
 * header stating methods, seeds and counts. Exit codes: 0 written, 2 usage error or unreadable input.
 */
import { parseArgs } from 'node:util';
import { analyzeResults } from '../analysis/analyze.js';
import { writeAnalysis } from '../analysis/write.js';

const HELP = `usage: tbdl analyze RESULTS --out DIR [options]

RESULTS is a directory with stage_results / episodes / detector_runs / baseline_alarms
(.parquet, or results.duckdb), or a .duckdb file.

options:
  --out DIR            output directory (required)
  --seed N             bootstrap seed (default 20260101)
  --replicates N       bootstrap replicates (default 2000)
  --alpha A            two-sided level (default 0.05)
  --epsilon E          pre-registered TOST equivalence margin (default 0.05)
  --power P            power for minimum detectable effects (default 0.8)
  --resample-bases     two-stage bootstrap: also resample base models
  --only a,b           only these tables
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
    parsed = parseArgs({ args: argv, allowPositionals: true, options: {
      out: { type: 'string' }, seed: { type: 'string' }, replicates: { type: 'string' }, alpha: { type: 'string' }, epsilon: { type: 'string' },
      power: { type: 'string' }, 'resample-bases': { type: 'boolean' }, only: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    } });
  } catch (e) {
    process.stderr.write(`tbdl analyze: ${e instanceof Error ? e.message : String(e)}\n${HELP}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) { process.stdout.write(HELP + '\n'); return 0; }
  if (positionals.length !== 1 || values.out === undefined) { process.stderr.write(`tbdl analyze: expected one RESULTS path and --out DIR\n${HELP}\n`); return 2; }
  try {
    const seed = numberArg('seed', values.seed), replicates = numberArg('replicates', values.replicates), alpha = numberArg('alpha', values.alpha);
    const epsilon = numberArg('epsilon', values.epsilon), power = numberArg('power', values.power);
    const res = await analyzeResults(positionals[0]!, {
      ...(seed !== undefined ? { seed } : {}), ...(replicates !== undefined ? { replicates } : {}), ...(alpha !== undefined ? { alpha } : {}),
      ...(epsilon !== undefined ? { epsilon } : {}), ...(power !== undefined ? { power } : {}),
      ...(values['resample-bases'] ? { resampleBases: true } : {}), ...(values.only !== undefined ? { only: values.only.split(',') } : {}),
    });
    const paths = await writeAnalysis(res, values.out);
    process.stdout.write(`tbdl analyze: ${res.tables.length} tables (${res.tables.map((t) => t.name).join(', ')}) -> ${values.out} (${paths.length} files)\n`);
    return 0;
  } catch (e) {
    const code = (e as { code?: string }).code;
    process.stderr.write(`tbdl analyze: ${code ? `[${code}] ` : ''}${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}
