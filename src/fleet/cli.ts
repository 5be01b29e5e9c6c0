/**
 * The fleet verbs behind injected I/O: `tbdl watch --engine URL` (one cooperating consumer) and
 * `tbdl publish FILE|- --engine URL` (a producer). src/cli/watch.ts and src/cli/publish.ts pass
 * the process's I/O. Exit status: 0 ok (watch: no alarm decided here), 1 watch decided an alarm,
 * 2 usage error, unreadable input or unreachable engine.
 */
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { parseRawLine } from '../telemetry/parse.js';
import { readFile, readStream } from '../telemetry/read.js';
import type { ActionConfig } from '../monitor/actions.js';
import type { CliIO } from '../monitor/cli-run.js';
import { actionConfigOf, checkMonitorPaths, isUsageError, parseMonitorArgs } from '../monitor/cli-options.js';
import { runFleetConsumer } from './consumer.js';
import { openFleet, parseEngineUrl } from './engine.js';
import { FleetFailure } from './errors.js';
import { publishLines } from './publish.js';

/** Help for the fleet options of `tbdl watch`. */
export const FLEET_WATCH_HELP = `usage: tbdl watch --engine nats://HOST:PORT [options]
  One of N cooperating consumers: owns partitions of the fleet's stream by lease, commits detector
  state to the engine's KV bucket before it acknowledges or acts, takes over dead consumers' partitions.
  Prints alarm, verdict and rejected lines as JSON. Runs until SIGINT / SIGTERM (then hands its partitions back).

fleet options:
  --engine URL           NATS server with JetStream (nats-server -js)
  --partitions P         partitions of a new fleet (default 16; fixed at first use)
  --lease-ms N           lease time-to-live, 500..600000 (default 5000): takeover within 5N/3 ms of a crash, plus loading
  --consumer-id ID       this consumer's id (default host:pid:start-time)
  --batch N              most messages per commit (default 500)
also: --stop-file, --stop-dir, --on-alarm, --webhook, --webhook-attempts, --webhook-seed, --alpha, --margin,
  --warmup-step, --max-line-bytes as in tbdl watch --help (not: inputs, --follow, --state, --results, --adapter)`;

/** Help for `tbdl publish`. */
export const PUBLISH_HELP = `usage: tbdl publish FILE|- --engine nats://HOST:PORT [--partitions P]
  Sends protocol-v1 telemetry lines to the fleet's stream, each on its run's partition (in order per run).
  Lines that are not a JSON object with a string run are reported and skipped.
exit status: 0 published, 2 usage error, unreadable input or unreachable engine`;

type Extracted = { engine: string; partitions?: number; leaseMs: number; id?: string; batch: number; rest: string[] } | { error: string };

function intOpt(name: string, raw: string | undefined, lo: number, hi: number): number | string | undefined {
  if (raw === undefined) return undefined;
  const x = Number(raw);
  return raw.trim() !== '' && Number.isInteger(x) && x >= lo && x <= hi ? x : `invalid --${name}: ${JSON.stringify(raw)} (expected an integer in [${lo}, ${hi}])`;
}

/** Splits the fleet options off argv (the rest goes to the monitor's parser). */
function extract(argv: string[]): Extracted {
  const rest: string[] = [];
  const vals = new Map<string, string>();
  const names = new Set(['--engine', '--partitions', '--lease-ms', '--consumer-id', '--batch']);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (!names.has(name)) { rest.push(a); continue; }
    const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (v === undefined) return { error: `invalid ${name}: missing value (expected ${name} VALUE)` };
    vals.set(name, v);
  }
  const engine = vals.get('--engine') ?? '';
  try { parseEngineUrl(engine); } catch (err) { return { error: (err as Error).message }; }
  const partitions = intOpt('partitions', vals.get('--partitions'), 1, 4096);
  const lease = intOpt('lease-ms', vals.get('--lease-ms'), 500, 600_000);
  const batch = intOpt('batch', vals.get('--batch'), 1, 100_000);
  for (const x of [partitions, lease, batch]) if (typeof x === 'string') return { error: x };
  const id = vals.get('--consumer-id');
  return {
    engine, leaseMs: (lease as number | undefined) ?? 5000, batch: (batch as number | undefined) ?? 500, rest,
    ...(partitions !== undefined ? { partitions: partitions as number } : {}), ...(id !== undefined ? { id } : {}),
  };
}

/**
 * `tbdl watch --engine URL [options]` with injected I/O.
 * @param pid the process id (part of the default consumer id). @returns the exit status.
 */
export async function runFleetWatch(argv: string[], io: CliIO, pid: number): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) { io.stdout.write(FLEET_WATCH_HELP + '\n'); return 0; }
  const x = extract(argv);
  if ('error' in x) { io.stderr.write(`tbdl watch: ${x.error}\n${FLEET_WATCH_HELP}\n`); return 2; }
  const o = parseMonitorArgs('watch', x.rest);
  if (isUsageError(o)) { io.stderr.write(`tbdl watch: ${o.message}\n${FLEET_WATCH_HELP}\n`); return 2; }
  const input = o.inputs[0] !== '-' || o.inputs.length > 1 ? o.inputs.join(' ') : undefined;
  const clash = input !== undefined ? `input ${JSON.stringify(input)}` : o.follow ? '--follow' : o.state !== undefined ? '--state' : o.results !== undefined ? '--results' : o.adapter !== undefined ? '--adapter' : null;
  if (clash !== null) { io.stderr.write(`tbdl watch: invalid ${clash} with --engine (expected none: events come from the engine, state lives in its KV bucket)\n`); return 2; }
  const pathErr = checkMonitorPaths(o);
  if (pathErr !== null) { io.stderr.write(`tbdl watch: ${pathErr.message}\n`); return 2; }
  const actions: ActionConfig = actionConfigOf(o, io);
  const owner = x.id ?? `${hostname()}:${pid}:${io.now()}`;
  let fleet;
  try {
    fleet = await openFleet(x.engine, { name: `tbdl watch ${owner}`, ...(x.partitions !== undefined ? { partitions: x.partitions } : {}) });
  } catch (err) {
    io.stderr.write(`tbdl watch: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  try {
    const start = performance.now();
    const r = await runFleetConsumer({
      fleet, owner, ttlMs: x.leaseMs, actions, batch: x.batch, signal: io.signal, now: () => performance.now() - start,
      monitor: { parse: (raw) => parseRawLine(raw, { maxLineBytes: o.maxLineBytes }), ...(o.override !== undefined ? { override: o.override } : {}) },
      emit: (line) => io.stdout.write(JSON.stringify(line) + '\n'),
      log: (m) => io.stderr.write(m + '\n'),
    });
    io.stderr.write(`tbdl watch: consumer ${owner} stopped: ${r.alarms} alarms, ${r.verdicts} verdicts, ${r.gained} partitions taken\n`);
    return r.alarms > 0 ? 1 : 0;
  } finally {
    await fleet.close();
  }
}

/**
 * `tbdl publish FILE|- --engine URL [--partitions P]` with injected I/O.
 * @returns the exit status.
 */
export async function runPublish(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: {
      engine: { type: 'string' }, partitions: { type: 'string' }, 'max-line-bytes': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    } });
  } catch (err) {
    io.stderr.write(`tbdl publish: ${err instanceof Error ? err.message : String(err)}\n${PUBLISH_HELP}\n`);
    return 2;
  }
  const v = parsed.values;
  if (v.help === true) { io.stdout.write(PUBLISH_HELP + '\n'); return 0; }
  const usage = (m: string): number => { io.stderr.write(`tbdl publish: ${m}\n${PUBLISH_HELP}\n`); return 2; };
  if (parsed.positionals.length !== 1) return usage(`invalid input: ${JSON.stringify(parsed.positionals)} (expected one FILE or -)`);
  try { parseEngineUrl(v.engine ?? ''); } catch (err) { return usage((err as Error).message); }
  const partitions = intOpt('partitions', v.partitions, 1, 4096);
  if (typeof partitions === 'string') return usage(partitions);
  const maxLine = intOpt('max-line-bytes', v['max-line-bytes'], 1, 2 ** 30);
  if (typeof maxLine === 'string') return usage(maxLine);
  const input = parsed.positionals[0] as string;
  let fleet;
  try {
    fleet = await openFleet(v.engine as string, { name: 'tbdl publish', ...(partitions !== undefined ? { partitions } : {}) });
  } catch (err) {
    io.stderr.write(`tbdl publish: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const lineOpts = maxLine !== undefined ? { maxLineBytes: maxLine } : {};
  try {
    const lines = input === '-' ? readStream(io.stdin, '-', lineOpts) : readFile(input, lineOpts);
    const r = await publishLines(lines, { js: fleet.js, names: fleet.names, partitions: fleet.partitions, onSkip: (m) => io.stderr.write(`tbdl publish: skipped ${m}\n`) });
    io.stderr.write(`tbdl publish: ${r.published} events of ${r.runs} runs to ${fleet.partitions} partitions (${r.duplicates} already stored, ${r.skipped} lines skipped)\n`);
    return 0;
  } catch (err) {
    const msg = err instanceof FleetFailure || err instanceof Error ? err.message : String(err);
    io.stderr.write(`tbdl publish: ${msg}\n`);
    return 2;
  } finally {
    await fleet.close();
  }
}
