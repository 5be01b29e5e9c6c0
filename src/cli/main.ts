/**
 * The `tbdl` command line: a thin shell over the library (style.md #14). Each verb lives in
 * `src/cli/<verb>.ts` and exports `run(argv: string[]): Promise<number>`; this file only
 * dispatches and owns `process`. Exit codes: 0 ok / no alarm, 1 at least one alarm,
 * 2 usage error or unreadable input.
 */
const VERBS: Record<string, string> = {
  demo: 'the end-to-end demo on the bundled fixtures (replay, score, analyze, report)',
  watch: 'monitor live telemetry (stdin, a file, --follow, a directory) and alarm on TBDL',
  publish: 'send telemetry to the fleet engine (NATS JetStream), keyed by run id',
  replay: 'run the monitor over recorded telemetry files (same verdicts as live)',
  simulate: 'write seeded simulated study traces (telemetry JSONL)',
  table1: "print the study's Table 1 shape from traces: TBDL, alarms, baselines, USD saved",
  sweep: 'generate a seeded sweep of scripted-agent episodes',
  score: 'score episodes with the de-looped oracle (one row per episode x stage)',
  analyze: 'aggregate scored results into the findings tables (Markdown, CSV, Parquet)',
  report: 'write the self-contained HTML report with figures',
};

function usage(): string {
  const rows = Object.entries(VERBS).map(([v, d]) => `  ${v.padEnd(9)} ${d}`);
  return ['usage: tbdl <verb> [options]', '', 'verbs:', ...rows, '', 'tbdl <verb> --help for options'].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
    process.stdout.write(usage() + '\n');
    return verb === undefined ? 2 : 0;
  }
  if (!(verb in VERBS)) {
    process.stderr.write(`tbdl: unknown verb '${verb}'\n${usage()}\n`);
    return 2;
  }
  const ext = import.meta.url.endsWith('.js') ? 'js' : 'ts'; // built package (dist) or tsx on src
  const mod = (await import(`./${verb}.${ext}`)) as { run: (argv: string[]) => Promise<number> };
  return mod.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`tbdl: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
