/**
 * Starts a local `nats-server -js` (Debian package `nats-server`) on 127.0.0.1 with a random
 * port and its own store directory: for tests, benchmarks and trying the fleet on one machine.
 * Production runs a server (or cluster) of its own; see docs/scale.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** A running local server. */
export interface LocalNatsServer {
  url: string;
  port: number;
  child: ChildProcess;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Spawns `nats-server -js -a 127.0.0.1 -p PORT -sd DIR` and waits for its client port.
 * @param storeDir the JetStream store directory (a restart on the same one recovers streams and KV).
 * @param opts `port` (default -1: random), `bin` (default `nats-server` on PATH).
 * @returns the server. @throws when the binary is missing or the server does not start within 20 s.
 * @example const s = await startLocalNats('/tmp/js'); console.log(s.url); await s.stop();
 */
export function startLocalNats(storeDir: string, opts: { port?: number; bin?: string } = {}): Promise<LocalNatsServer> {
  const bin = opts.bin ?? 'nats-server';
  const child = spawn(bin, ['-js', '-a', '127.0.0.1', '-p', String(opts.port ?? -1), '-sd', storeDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
  };
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => { void stop(); reject(new Error(`nats-server did not start within 20 s: ${log.slice(-500)}`)); }, 20_000);
    const onData = (b: Buffer): void => {
      log += b.toString('utf8');
      const m = /Listening for client connections on [^\s:]+:(\d+)/.exec(log);
      if (m === null) return;
      clearTimeout(timer);
      child.stderr?.off('data', onData);
      child.stdout?.off('data', onData);
      child.stderr?.resume();
      child.stdout?.resume();
      const port = Number(m[1]);
      resolve({ url: `nats://127.0.0.1:${port}`, port, child, stop });
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('error', (err) => { clearTimeout(timer); reject(new Error(`cannot start ${bin}: ${err.message} (expected the nats-server package: apt-get install nats-server)`)); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${bin} exited with ${String(code)} before listening: ${log.slice(-500)}`)); });
  });
}
