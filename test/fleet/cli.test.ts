/**
 * `tbdl publish` and `tbdl watch --engine` as verbs with injected I/O: usage errors (exit 2, the
 * option named), bad lines skipped with file, line, field and expectation, an unreachable engine,
 * and the partition hash both languages share.
 */
import { describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFleet } from '../../src/fleet/engine.js';
import { runFleetWatch, runPublish } from '../../src/fleet/cli.js';
import { fnv1a32, partitionOf, subjectOf } from '../../src/fleet/partition.js';
import { captureIO } from '../monitor/cli-io.js';
import { natsForTest } from './helpers.js';

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('fleet CLI verbs', () => {
  it('hashes run ids with FNV-1a 32 (the same values the Python helper checks)', () => {
    expect(fnv1a32('')).toBe(2166136261);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    expect(partitionOf('foobar', 16)).toBe(0xbf9cf968 % 16);
  });

  it('refuses bad options with exit 2 and names the option', async () => {
    const cases: Array<[(a: string[], io: ReturnType<typeof captureIO>['io']) => Promise<number>, string[], RegExp]> = [
      [runPublish, ['x.jsonl'], /invalid --engine: ""/],
      [runPublish, ['x.jsonl', '--engine', 'http://h:1'], /expected nats:\/\/HOST:PORT/],
      [runPublish, ['--engine', 'nats://127.0.0.1:1'], /expected one FILE or -/],
      [runPublish, ['x', '--engine', 'nats://127.0.0.1:1', '--partitions', '0'], /invalid --partitions: "0"/],
      [(a, io) => runFleetWatch(a, io, 1), ['--engine', 'nats://127.0.0.1:1', '--lease-ms', '10'], /invalid --lease-ms: "10"/],
      [(a, io) => runFleetWatch(a, io, 1), ['--engine', 'nats://127.0.0.1:1', '--follow'], /invalid --follow with --engine/],
      [(a, io) => runFleetWatch(a, io, 1), ['--engine', 'nats://127.0.0.1:1', 'a.jsonl'], /invalid input "a.jsonl" with --engine/],
      [(a, io) => runFleetWatch(a, io, 1), ['--engine', 'nats://127.0.0.1:1', '--state', 's.duckdb'], /invalid --state with --engine/],
      [(a, io) => runFleetWatch(a, io, 1), ['--engine', 'nats://127.0.0.1:1', '--alpha', '2'], /invalid --alpha: "2"/],
    ];
    for (const [fn, argv, re] of cases) {
      const c = captureIO();
      expect(await fn(argv, c.io), argv.join(' ')).toBe(2);
      expect(c.stderr()).toMatch(re);
    }
  });

  it('exits 2 naming the engine when nothing listens there', async () => {
    const url = `nats://127.0.0.1:${await closedPort()}`;
    const c = captureIO('{"v":1,"type":"run","run":"a"}\n');
    expect(await runPublish(['-', '--engine', url], c.io)).toBe(2);
    expect(c.stderr()).toContain(`engine unreachable: ${url}`);
    const w = captureIO();
    expect(await runFleetWatch(['--engine', url], w.io, 1)).toBe(2);
    expect(w.stderr()).toContain('engine unreachable');
  });

  it('publishes good lines on their run\'s partition and skips bad ones with file, line and field', async () => {
    const { dir, server } = await natsForTest('tbdl-pubcli-');
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, ['{"v":1,"type":"train","run":"r1","step":1}', 'not json', '{"v":1,"type":"train","run":7}', '', '[1]',
      '{"v":1,"type":"train","run":"r2","step":1}'].join('\n') + '\n');
    const c = captureIO();
    expect(await runPublish([file, '--engine', server.url], c.io)).toBe(0);
    expect(c.stderr()).toContain(`skipped ${file}:2: not JSON`);
    expect(c.stderr()).toContain(`skipped ${file}:3: run: 7 (expected a string of 1-256 characters)`);
    expect(c.stderr()).toContain(`skipped ${file}:5: not a JSON object`);
    expect(c.stderr()).toContain('2 events of 2 runs to 16 partitions (0 already stored, 3 lines skipped)');
    const again = captureIO();
    expect(await runPublish([file, '--engine', server.url], again.io)).toBe(0);
    expect(again.stderr()).toContain('(2 already stored, 3 lines skipped)'); // same lines inside the duplicate window
    const f = await openFleet(server.url);
    try {
      const jsm = await f.nc.jetstreamManager();
      const info = await jsm.streams.info(f.names.stream, { subjects_filter: '>' });
      expect(info.state.messages).toBe(2);
      expect(info.state.subjects).toEqual(Object.fromEntries(
        ['r1', 'r2'].map((r) => subjectOf(f.names, partitionOf(r, 16))).map((s, _i, all) => [s, all.filter((x) => x === s).length]),
      ));
    } finally {
      await f.close();
    }
  });
});
