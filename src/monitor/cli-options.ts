/**
 * The options of `tbdl watch` and `tbdl replay`, parsed with node:util parseArgs and validated
 * once into a typed {@link MonitorCliOptions} (usage errors are coded, exit status 2).
 */
import { lstatSync, statSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRng } from '../rng.js';
import type { ActionConfig } from './actions.js';
import type { DesignOverride } from './detector-api.js';
import { monitorErrors, type MonitorError } from './errors.js';
import { ADAPTER_KINDS, type AdapterKind } from '../telemetry/index.js';
import { trainerLogOptions, TRAINER_LOG_HELP, TRAINER_LOG_VALUE_OPTIONS, TRAINER_LOG_PARSE_OPTIONS, type TrainerLogOptions } from '../telemetry/cli-trainer-options.js';

/** The validated options. */
export interface MonitorCliOptions {
  inputs: string[];
  json: boolean;
  follow: boolean;
  state?: string;
  stopFile?: string;
  stopDir?: string;
  onAlarm?: string;
  webhook?: { url: string; attempts: number; baseDelayMs: number };
  webhookSeed: number;
  override?: DesignOverride;
  results?: string;
  /** Read trainer logs through an adapter ('auto' detects; protocol JSONL inputs pass through). */
  adapter?: AdapterKind | 'auto';
  /** Put every trainer-log event into this protocol run (default: one run per discovered run). */
  run?: string;
  /** Tag map and run settings for trainer logs (--map, --base-accuracy, ..., --run-config). */
  trainer: TrainerLogOptions;
  pollMs: number;
  maxLineBytes: number;
  help: boolean;
}

/** The help text of a verb. */
export function helpText(verb: 'watch' | 'replay'): string {
  const head = verb === 'watch'
    ? 'usage: tbdl watch [FILE|DIR|-] [--follow] [options]\n  Monitor live telemetry (default: stdin) and alarm on TBDL.'
    : 'usage: tbdl replay FILE|DIR... [options]\n  Run the monitor over recorded telemetry (same verdicts as watching it live).';
  return `${head}

options:
  --json                 machine output: alarm, verdict, rejected, notice JSON lines (docs/protocol.md)
${verb === 'watch' ? '  --follow               keep reading FILE/DIR as it grows (survives truncation and rotation): protocol JSONL,\n                         TensorBoard event files, metrics.csv, trainer_state.json, torchtune logs, new run folders\n' : ''}${verb === 'watch' ? '  --engine URL           one of N cooperating consumers on NATS JetStream (tbdl watch --engine URL --help)\n' : ''}  --state FILE           DuckDB state file: resume after a crash, no round applied twice, no alarm sent twice;
                         sources are known by device, inode and first line (a new file at an old path is new)${verb === 'watch' ? `
                         (watch: runs that have not sent \`end\` stay open in it; a later watch continues them)` : ''}
  --stop-file PATH       on alarm, write a JSON sentinel at PATH atomically (the in-job helper stops the trainer)
  --stop-dir DIR         on alarm, write DIR/<safe name of run>.json (one sentinel per run)
  --on-alarm CMD         on alarm, run CMD with /bin/sh -c; TBDL_RUN, TBDL_ALARM, TBDL_STEP, TBDL_USD_SAVED in env
  --webhook URL          on alarm, POST the alarm JSON (retries, backoff, Idempotency-Key header)
  --webhook-attempts N   attempts per alarm, 1..20 (default 5)
  --webhook-seed N       seed of the backoff jitter (default 1)
  --alpha A              override the run's design: total false-alarm budget, 0 < A < 1
  --margin D             override the run's design: margin delta, 0 <= D < 1
  --warmup-step S        override the run's design: warm-up step of alarm B, integer >= 0
  --adapter KIND|auto    force the format of trainer-log files (${ADAPTER_KINDS.join(', ')});
                         default auto: folders and files are recognised; protocol JSONL is read as usual
  --run ID               put the trainer-log events into run ID (the run of the protocol telemetry beside them)
${TRAINER_LOG_HELP}
  --results DIR          write detector_runs, detector_series, baseline_alarms Parquet (docs/results-schema.md)
  --poll-ms N            poll interval when following (default 200)
  --max-line-bytes N     longest accepted line (default 1048576); longer lines are rejected
  -h, --help             this help

exit status: 0 every run ended with no alarm and not TBDL; 1 an alarm or a TBDL verdict;
             2 usage error, unreadable input, or input with no run at all`;
}

function num(name: string, raw: string | undefined, ok: (x: number) => boolean, expected: string): number | MonitorError | undefined {
  if (raw === undefined) return undefined;
  const x = Number(raw);
  return raw.trim() !== '' && ok(x) ? x : monitorErrors.invalidOption(`--${name}`, raw, expected);
}

const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * Joins `--opt -1` into `--opt=-1` for the given string options, so that a negative number reaches
 * the option's own validation (which names the range) instead of parseArgs' "argument is
 * ambiguous". Only values that look like numbers are joined; `--opt -x` is left alone.
 * @param argv the arguments after the verb
 * @param valueOptions names (without dashes) of the options that take a value
 * @returns a new argv
 * @example joinNegativeValues(['--alpha', '-1'], ['alpha']) // ['--alpha=-1']
 */
export function joinNegativeValues(argv: readonly string[], valueOptions: readonly string[]): string[] {
  const out: string[] = [];
  const takes = new Set(valueOptions.map((o) => `--${o}`));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const next = argv[i + 1];
    if (takes.has(a) && next !== undefined && NEGATIVE_NUMBER.test(next)) { out.push(`${a}=${next}`); i++; }
    else out.push(a);
  }
  return out;
}

const VALUE_OPTIONS = ['state', 'stop-file', 'stop-dir', 'on-alarm', 'webhook', 'webhook-attempts', 'webhook-seed', 'alpha', 'margin',
  'warmup-step', 'results', 'adapter', 'run', 'poll-ms', 'max-line-bytes', ...TRAINER_LOG_VALUE_OPTIONS];

const isErr = (x: unknown): x is MonitorError => typeof x === 'object' && x !== null && 'code' in x;

/**
 * Parses and validates argv of `watch` / `replay`.
 * @returns the options, or a coded usage error (`invalid_option`).
 * @example parseMonitorArgs('replay', ['a.jsonl', '--json'])
 */
export function parseMonitorArgs(verb: 'watch' | 'replay', argv: string[]): MonitorCliOptions | MonitorError {
  let parsed;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv, VALUE_OPTIONS), allowPositionals: true, strict: true,
      options: {
        json: { type: 'boolean' }, follow: { type: 'boolean' }, state: { type: 'string' },
        'stop-file': { type: 'string' }, 'stop-dir': { type: 'string' }, 'on-alarm': { type: 'string' },
        webhook: { type: 'string' }, 'webhook-attempts': { type: 'string' }, 'webhook-seed': { type: 'string' },
        alpha: { type: 'string' }, margin: { type: 'string' }, 'warmup-step': { type: 'string' },
        results: { type: 'string' }, adapter: { type: 'string' }, run: { type: 'string' }, 'poll-ms': { type: 'string' }, 'max-line-bytes': { type: 'string' },
        help: { type: 'boolean', short: 'h' }, ...TRAINER_LOG_PARSE_OPTIONS,
      },
    });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const opt = /'(-[^' ]*)/.exec(msg)?.[1];
    if (opt === undefined) return monitorErrors.invalidOption('arguments', argv.join(' '), msg.split('\n')[0] ?? msg);
    const unknown = (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION';
    return monitorErrors.invalidOption('option', opt, unknown ? `one of the options in tbdl ${verb} --help` : `${opt} VALUE`);
  }
  const v = parsed.values;
  const help = v.help === true;
  const inputs = parsed.positionals;
  const alpha = num('alpha', v.alpha, (x) => x > 0 && x < 1, '0 < alpha < 1');
  const margin = num('margin', v.margin, (x) => x >= 0 && x < 1, '0 <= margin < 1');
  const warm = num('warmup-step', v['warmup-step'], (x) => Number.isInteger(x) && x >= 0, 'an integer >= 0');
  const attempts = num('webhook-attempts', v['webhook-attempts'], (x) => Number.isInteger(x) && x >= 1 && x <= 20, 'an integer in [1, 20]');
  const seed = num('webhook-seed', v['webhook-seed'], Number.isInteger, 'an integer');
  const poll = num('poll-ms', v['poll-ms'], (x) => Number.isInteger(x) && x >= 1 && x <= 60_000, 'an integer in [1, 60000]');
  const maxLine = num('max-line-bytes', v['max-line-bytes'], (x) => Number.isInteger(x) && x >= 1 && x <= 2 ** 30, 'an integer in [1, 2^30]');
  for (const x of [alpha, margin, warm, attempts, seed, poll, maxLine]) if (isErr(x)) return x;
  if (!help && verb === 'replay' && inputs.length === 0) return monitorErrors.invalidOption('FILE', '', 'at least one telemetry file or directory');
  if (verb === 'watch' && inputs.length > 1) return monitorErrors.invalidOption('input', inputs, 'one FILE, DIR or -');
  if (verb === 'replay' && v.follow === true) return monitorErrors.invalidOption('--follow', true, 'only with tbdl watch');
  if (v.webhook !== undefined) {
    let url: URL | null = null;
    try { url = new URL(v.webhook); } catch { url = null; }
    if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) return monitorErrors.invalidOption('--webhook', v.webhook, 'an http:// or https:// URL');
  }
  if (v.adapter !== undefined && v.adapter !== 'auto' && !(ADAPTER_KINDS as readonly string[]).includes(v.adapter)) {
    return monitorErrors.invalidOption('--adapter', v.adapter, `auto or one of ${ADAPTER_KINDS.join(', ')}`);
  }
  if (v.run !== undefined && v.run === '') return monitorErrors.invalidOption('--run', v.run, 'a non-empty run id');
  const trainer = trainerLogOptions(v);
  if (typeof trainer === 'string') return { code: 'invalid_option', message: trainer };
  const override: DesignOverride = {};
  if (typeof alpha === 'number') override.alpha = alpha;
  if (typeof margin === 'number') override.margin = margin;
  if (typeof warm === 'number') override.warmup_step = warm;
  const opts: MonitorCliOptions = {
    inputs: inputs.length === 0 ? ['-'] : inputs, json: v.json === true, follow: v.follow === true,
    webhookSeed: typeof seed === 'number' ? seed : 1, pollMs: typeof poll === 'number' ? poll : 200,
    maxLineBytes: typeof maxLine === 'number' ? maxLine : 1 << 20, help, trainer,
  };
  if (Object.keys(override).length > 0) opts.override = override;
  if (v.state !== undefined) opts.state = v.state;
  if (v['stop-file'] !== undefined) opts.stopFile = v['stop-file'];
  if (v['stop-dir'] !== undefined) opts.stopDir = v['stop-dir'];
  if (v['on-alarm'] !== undefined) opts.onAlarm = v['on-alarm'];
  if (v.webhook !== undefined) opts.webhook = { url: v.webhook, attempts: typeof attempts === 'number' ? attempts : 5, baseDelayMs: 200 };
  if (v.results !== undefined) opts.results = v.results;
  if (v.adapter !== undefined) opts.adapter = v.adapter as AdapterKind | 'auto';
  if (v.run !== undefined) opts.run = v.run;
  return opts;
}

/** Whether a parse result is a usage error. */
export function isUsageError(x: MonitorCliOptions | MonitorError): x is MonitorError {
  return isErr(x);
}

/** statSync that answers undefined for any path that cannot be stat'ed (ENOENT, ENOTDIR, EACCES). */
function statOrUndefined(path: string): Stats | undefined {
  try { return statSync(path); } catch { return undefined; }
}

/**
 * Checks an output path before any work: a directory option must not name an existing file, a
 * file option must not name an existing directory nor sit under an existing file. Missing
 * directories are fine (they are created).
 * @param option the option name for the message, e.g. `--results`
 * @param path the path given
 * @param kind what the option expects
 * @returns an error message in the house voice, or null when the path is usable
 * @example checkOutputPath('--out', 'a.jsonl', 'dir') // 'invalid --out: "a.jsonl" (expected a directory; it is an existing file)'
 */
export function checkOutputPath(option: string, path: string, kind: 'dir' | 'file'): string | null {
  const st = statOrUndefined(path);
  if (kind === 'dir') return st !== undefined && !st.isDirectory() ? `invalid ${option}: ${JSON.stringify(path)} (expected a directory; it is an existing file)` : null;
  if (st?.isDirectory() === true) return `invalid ${option}: ${JSON.stringify(path)} (expected a file; it is an existing directory)`;
  let dir = dirname(path);
  let parent = statOrUndefined(dir);
  while (parent === undefined && dirname(dir) !== dir) { dir = dirname(dir); parent = statOrUndefined(dir); }
  if (parent !== undefined && !parent.isDirectory()) return `invalid ${option}: ${JSON.stringify(path)} (expected a file under a directory; ${dir} is a file)`;
  return null;
}

/**
 * The output paths of the monitor options (--results, --stop-dir directories; --stop-file,
 * --state files), checked before any input is read.
 * @returns a coded usage error, or null
 */
export function checkMonitorPaths(o: MonitorCliOptions): MonitorError | null {
  const checks: Array<[string, string | undefined, 'dir' | 'file']> = [
    ['--results', o.results, 'dir'], ['--stop-dir', o.stopDir, 'dir'], ['--stop-file', o.stopFile, 'file'], ['--state', o.state, 'file'],
  ];
  for (const [name, path, kind] of checks) {
    if (path === undefined) continue;
    const msg = checkOutputPath(name, path, kind);
    if (msg !== null) return { code: 'invalid_option', message: msg };
  }
  if (o.results !== undefined) { // outputs never follow a link: a planted one would redirect the Parquet writes
    for (const p of [o.results, ...['detector_runs', 'detector_series', 'baseline_alarms'].map((t) => join(o.results ?? '', `${t}.parquet`))]) {
      if (isLink(p)) return { code: 'invalid_option', message: `invalid --results: ${JSON.stringify(o.results)} (${p} is a symbolic link; outputs never follow a link)` };
    }
  }
  return null;
}

function isLink(path: string): boolean {
  try { return lstatSync(path).isSymbolicLink(); } catch { return false; }
}

/**
 * The alarm actions a watch or replay runs, from its options (one place for the local monitor and
 * the fleet consumer): stop file, stop dir, on-alarm command, webhook (seeded retry jitter).
 * @example actionConfigOf(o, { env: process.env, now: Date.now }).webhook
 */
export function actionConfigOf(o: MonitorCliOptions, io: { env: Record<string, string | undefined>; now: () => number }): ActionConfig {
  return {
    rng: createRng(o.webhookSeed), env: io.env, now: () => new Date(io.now()),
    ...(o.stopFile !== undefined ? { stopFile: o.stopFile } : {}),
    ...(o.stopDir !== undefined ? { stopDir: o.stopDir } : {}),
    ...(o.onAlarm !== undefined ? { onAlarm: o.onAlarm } : {}),
    ...(o.webhook !== undefined ? { webhook: o.webhook } : {}),
  };
}
