/**
 * `tbdl publish FILE|- --engine nats://HOST:PORT`: telemetry lines to the fleet engine, each on
 * its run's partition. A thin shell over src/fleet (runPublish); this file owns process.
 * Exit status: 0 published, 2 usage error, unreadable input or unreachable engine.
 */
import { runPublish } from '../fleet/cli.js';
import { processIO } from './watch.js';

/** Runs the `publish` verb. @returns the exit status. */
export async function run(argv: string[]): Promise<number> {
  const p = processIO();
  try {
    return await runPublish(argv, p.io);
  } finally {
    p.dispose();
  }
}
