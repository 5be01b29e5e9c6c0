/**
 * `tbdl replay FILE|DIR... [options]`: the monitor over recorded telemetry, same lines and
 * verdicts as watching it live. A thin shell over src/monitor; owns process.
 * Exit status: 0 every run ended with no alarm and not TBDL; 1 an alarm or a TBDL verdict;
 * 2 usage error, unreadable input, or input with no run at all; 130 / 143 after SIGINT / SIGTERM
 * (see watch.ts).
 */
import { runMonitorCli } from '../monitor/cli-run.js';
import { processIO } from './watch.js';

/** Runs the `replay` verb. @returns the exit status. */
export async function run(argv: string[]): Promise<number> {
  const io = processIO();
  try {
    return io.status(await runMonitorCli('replay', argv, io.io));
  } finally {
    io.dispose();
  }
}
