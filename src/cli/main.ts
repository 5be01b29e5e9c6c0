/**
 * The `tbdl` command line: a thin shell over the library (style.md #14). Each verb lives in
 * `src/cli/<verb>.ts` and exports `run(argv: string[]): Promise<number>`; this file only
 * dispatches and owns `process`. Exit codes: 0 ok; watch and replay: 0 every run ended with no
 * alarm and not TBDL, 1 an alarm or a TBDL verdict, 2 usage error, unreadable input or no run at all.
 *
 * Start-up stays light: a verb's module is imported only when that verb runs (one line per verb
 * below, each with its own lazy `import()`), so `tbdl --help` loads nothing else and `tbdl replay`
 * never loads vega or resvg. A new verb is one more line in VERBS.
 */
type VerbModule = { run: (argv: string[]) => Promise<number> };
type Verb = { about: string; load: () => Promise<VerbModule> };

const VERBS: Record<string, Verb> = {
  demo: { about: 'the end-to-end demo on the bundled fixtures (replay, score, analyze, report)', load: () => import('./demo.js') },
  watch: { about: 'monitor live telemetry (stdin, a file, --follow, a directory) and alarm on TBDL', load: () => import('./watch.js') },
  publish: { about: 'send telemetry to the fleet engine (NATS JetStream), keyed by run id', load: () => import('./publish.js') },
  replay: { about: 'run the monitor over recorded telemetry files (same verdicts as live)', load: () => import('./replay.js') },
  convert: { about: 'write trainer logs and log folders as protocol-v1 JSONL (docs/protocol.md)', load: () => import('./convert.js') },
  simulate: { about: 'write seeded simulated study traces (telemetry JSONL)', load: () => import('./simulate.js') },
  table1: { about: "print the study's Table 1 shape from traces: TBDL, alarms, baselines, USD saved", load: () => import('./table1.js') },
  sweep: { about: 'generate a seeded sweep of scripted-agent episodes', load: () => import('./sweep.js') },
  score: { about: 'score episodes with the de-looped oracle (one row per episode x stage)', load: () => import('./score.js') },
  analyze: { about: 'aggregate scored results into the findings tables (Markdown, CSV, Parquet)', load: () => import('./analyze.js') },
  report: { about: 'write the self-contained HTML report with figures', load: () => import('./report.js') },
  env: { about: 'the ticket as an environment: MCP / JSON-lines tool server, policies (tbdl env --help)', load: () => import('./env.js') },
};

function usage(): string {
  const rows = Object.entries(VERBS).map(([v, d]) => `  ${v.padEnd(9)} ${d.about}`);
  return ['usage: tbdl <verb> [options]', '', 'verbs:', ...rows, '', 'tbdl <verb> --help for options'].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h' || verb === 'help') {
    process.stdout.write(usage() + '\n');
    return verb === undefined ? 2 : 0;
  }
  const entry = Object.hasOwn(VERBS, verb) ? VERBS[verb] : undefined;
  if (entry === undefined) {
    process.stderr.write(`tbdl: unknown verb '${verb}'\n${usage()}\n`);
    return 2;
  }
  return (await entry.load()).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`tbdl: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
