/**
 * `tbdl watch [FILE|DIR|-] [--follow] [options]`: monitor live telemetry and alarm on TBDL.
 * A thin shell over src/monitor (runMonitorCli); this file owns process: argv, stdio, env and
 * signals (SIGINT / SIGTERM stop following, flush the state and exit 130 / 143; a second one exits
 * at once) and a closed stdout (EPIPE: stop writing and following, exit normally).
 * Exit status: 0 every run ended with no alarm and not TBDL; 1 an alarm or a TBDL verdict;
 * 2 usage error, unreadable input, or input with no run at all; 130 / 143 after SIGINT / SIGTERM
 * (the state flushed first).
 */
import { runMonitorCli, type CliIO } from '../monitor/cli-run.js';

/** The exit status after a stop signal: 128 + its number (SIGINT 130, SIGTERM 143). */
const signalStatus = (sig: NodeJS.Signals): number => (sig === 'SIGINT' ? 130 : 143);

/**
 * The process's I/O for the monitor verbs, a dispose that removes the signal handlers, and
 * `status(code)`: the verb's exit status, or 130 / 143 when SIGINT / SIGTERM stopped it.
 */
export function processIO(): { io: CliIO; dispose: () => void; status: (code: number) => number } {
  const ac = new AbortController();
  let stoppedBy: NodeJS.Signals | null = null;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (stoppedBy !== null) process.exit(signalStatus(sig));
    stoppedBy = sig;
    ac.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const out = process.stdout;
  // A reader that goes away (`tbdl watch --json | head`) is not an error: stop writing and stop
  // following, finish the runs and exit with the usual status instead of crashing on EPIPE.
  let closed = false;
  const onOutError = (err: NodeJS.ErrnoException): void => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') process.stderr.write(`tbdl: stdout: ${err.message}\n`);
    closed = true;
    ac.abort();
  };
  out.on('error', onOutError);
  const io: CliIO = {
    stdout: { write: (t) => { if (!closed) out.write(t); }, isTTY: out.isTTY === true, ...(out.isTTY === true ? { rows: out.rows } : {}) },
    stderr: { write: (t) => { process.stderr.write(t); } },
    stdin: process.stdin,
    env: process.env,
    signal: ac.signal,
    now: () => Date.now(),
  };
  return {
    io,
    status: (code) => (stoppedBy === null ? code : signalStatus(stoppedBy)),
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      out.off('error', onOutError);
      if (closed) out.on('error', () => undefined); // late flushes to a closed pipe stay quiet
      process.stdin.destroy();
    },
  };
}

/** Runs the `watch` verb. @returns the exit status. */
export async function run(argv: string[]): Promise<number> {
  const p = processIO();
  try {
    // --engine: one of N cooperating consumers on NATS JetStream (src/fleet, loaded only then)
    if (argv.some((a) => a === '--engine' || a.startsWith('--engine='))) return p.status(await (await import('../fleet/cli.js')).runFleetWatch(argv, p.io, process.pid));
    return p.status(await runMonitorCli('watch', argv, p.io));
  } finally {
    p.dispose();
  }
}
