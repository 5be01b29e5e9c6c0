/**
 * `tbdl convert PATH... [--json] [options]`: trainer logs and folders as protocol-v1 JSONL on
 * stdout (src/telemetry/convert.ts; docs/protocol.md). Notices (unmapped tags) go to stderr as
 * text, or to stdout as JSON lines with --json. Owns process.
 * Exit status: 0 converted, 2 usage error, unreadable input or no run found.
 */
import { parseArgs } from 'node:util';
import { argsErrorMessage, joinNegativeValues } from './args.js';
import { ADAPTER_KINDS, type AdapterKind } from '../telemetry/index.js';
import { convertInputs } from '../telemetry/convert.js';
import { trainerLogOptions, TRAINER_LOG_HELP, TRAINER_LOG_PARSE_OPTIONS, TRAINER_LOG_VALUE_OPTIONS } from '../telemetry/cli-trainer-options.js';

const HELP = `usage: tbdl convert PATH... [--json] [options]

Finds the training runs in each PATH (TensorBoard logdirs, Lightning version_N, Hugging Face
output_dir, MLflow runs, torchtune logs; see docs/protocol.md "Discovery") and writes them as
protocol-v1 JSONL on stdout: per run a \`run\` event, then its \`train\` events, then a notice
listing every logged name that was not mapped. Protocol JSONL inputs pass through.
  --json                 notices as JSON lines on stdout (default: text on stderr)
  --adapter KIND|auto    force the format of trainer-log files (${ADAPTER_KINDS.join(', ')})
${TRAINER_LOG_HELP}
  -h, --help             this help

exit status: 0 converted, 2 usage error, unreadable input or no run found
`;

/** CLI entry (see HELP). */
export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv, ['adapter', ...TRAINER_LOG_VALUE_OPTIONS]), allowPositionals: true, strict: true,
      options: { json: { type: 'boolean' }, adapter: { type: 'string' }, help: { type: 'boolean', short: 'h' }, ...TRAINER_LOG_PARSE_OPTIONS },
    });
  } catch (e) {
    process.stderr.write(`tbdl convert: ${argsErrorMessage('convert', e)}\n`);
    return 2;
  }
  const v = parsed.values;
  if (v.help === true) { process.stdout.write(HELP); return 0; }
  if (parsed.positionals.length === 0) { process.stderr.write(`tbdl convert: missing PATH (expected at least one file or folder)\n${HELP}`); return 2; }
  const adapter = v.adapter;
  if (adapter !== undefined && adapter !== 'auto' && !(ADAPTER_KINDS as readonly string[]).includes(adapter)) {
    process.stderr.write(`tbdl convert: invalid --adapter: ${JSON.stringify(adapter)} (expected auto or one of ${ADAPTER_KINDS.join(', ')})\n`);
    return 2;
  }
  const t = trainerLogOptions(v);
  if (typeof t === 'string') { process.stderr.write(`tbdl convert: ${t}\n`); return 2; }
  const counts = { runs: 0, events: 0, failed: 0 };
  const out: string[] = [];
  const flush = (): void => { if (out.length > 0) { process.stdout.write(out.join('')); out.length = 0; } };
  for await (const item of convertInputs(parsed.positionals, {
    ...(adapter !== undefined ? { adapter: adapter as AdapterKind | 'auto' } : {}),
    tags: t.tags, settings: t.settings, settingsSource: t.settingsSource, log: (m) => process.stderr.write(m + '\n'),
  }, counts)) {
    if (item.kind === 'line') out.push(item.text + '\n');
    else if (v.json === true) out.push(JSON.stringify(item.notice) + '\n');
    else if (item.notice.tags instanceof Array && item.notice.tags.length > 0) { flush(); process.stderr.write(`tbdl convert: ${item.notice.message}\n`); }
    if (out.length >= 512) flush();
  }
  flush();
  if (counts.failed > 0) return 2;
  return 0;
}
