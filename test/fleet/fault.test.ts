/**
 * The fleet's fault test (loopback only; the test starts its own nats-server -js on a random port
 * and temp store, and fails when nats-server is missing): 3 consumer processes, 2,000 small runs
 * streamed through `tbdl publish -`, one consumer SIGKILLed mid-stream and another restarted
 * (SIGTERM, then a new process). Checked against a single-process `tbdl replay` of the same events:
 * - every run's verdict line and alarm lines (steps included) are equal;
 * - no decided line is printed by two processes (one process per run at a time);
 * - every replay alarm reaches the local webhook, and no Idempotency-Key is POSTed twice unless its
 *   KV delivery record is flagged `resent` (a consumer died between the POST and its record);
 * - no message is lost: stream count = lines published = sum of the partition checkpoints' counts;
 * - the killed consumer's partitions are taken over without a restart (lease expiry).
 */
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFleet } from '../../src/fleet/engine.js';
import { readFleetResults } from '../../src/fleet/results.js';
import { listKeys, readKey } from '../../src/fleet/records.js';
import type { Checkpoint } from '../../src/fleet/worker.js';
import { alarmKey } from '../../src/monitor/safe-name.js';
import { runMonitorCli } from '../../src/monitor/cli-run.js';
import type { OutputLine } from '../../src/telemetry/schema.js';
import { captureIO } from '../monitor/cli-io.js';
import { startHookServer } from '../monitor/hook-server.js';
import { natsForTest, sleep, smallFleet, tbdl, until, type Child } from './helpers.js';

const RUNS = 2000;
const LEASE_MS = 3000;
const DESIGN = ['--warmup-step', '10']; // small runs: alarm B may fire inside 60 steps

const decided = (ls: OutputLine[]) => ls.filter((l) => l.type === 'alarm' || l.type === 'verdict');
const jsonLines = (text: string): OutputLine[] => text.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as OutputLine);

describe('fleet on NATS JetStream: kill and restart consumers mid-stream', () => {
  it('gives every run the verdict and alarm steps of a single-process replay, delivers each alarm once and loses no message', async () => {
    const { dir, server } = await natsForTest('tbdl-fleet-');
    const lines = smallFleet(RUNS, 40); // 11 lines per run: run, 4 x (train, probe), eval, end
    const file = join(dir, 'events.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');

    // the reference: single-process replay of the same events
    const ref = captureIO();
    expect(await runMonitorCli('replay', [file, '--json', ...DESIGN], ref.io)).toBe(1);
    const want = new Map<string, OutputLine[]>();
    for (const l of decided(ref.lines())) want.set(String(l.run), [...(want.get(String(l.run)) ?? []), l]);
    expect(want.size).toBe(RUNS);
    const refAlarms = decided(ref.lines()).filter((l) => l.type === 'alarm');
    expect(refAlarms.length).toBeGreaterThan(100); // the webhook check needs alarms to deliver

    const hook = await startHookServer(0);
    const fleet = await openFleet(server.url, { partitions: 16 });
    try {
      const consumer = (id: string): Child => tbdl(['watch', '--engine', server.url, '--consumer-id', id, '--lease-ms', String(LEASE_MS),
        '--batch', '100', '--webhook', hook.url, ...DESIGN]);
      const cs: Record<string, Child> = { c1: consumer('c1'), c2: consumer('c2'), c3: consumer('c3') };
      const pub = tbdl(['publish', '-', '--engine', server.url]);
      const chunks = 10;
      const per = Math.ceil(lines.length / chunks);
      let takeoverMs = -1;
      for (let k = 0; k < chunks; k++) {
        const text = lines.slice(k * per, (k + 1) * per).join('\n') + '\n';
        if (!pub.child.stdin!.write(text)) await new Promise((r) => pub.child.stdin!.once('drain', r));
        await sleep(300);
        if (k === 3) {
          // mid-stream: once every consumer has decided something, SIGKILL c1
          await until(() => ['c1', 'c2', 'c3'].every((c) => jsonLines(cs[c]!.out()).length > 0), 'each consumer to decide a line');
          cs.c1!.child.kill('SIGKILL');
          expect(await cs.c1!.exit).toBeNull();
          const killedAt = Date.now();
          const leasedBy = async (owner: string): Promise<number> => {
            let n = 0;
            for (const key of await listKeys(fleet.kv, 'lease.')) if ((await readKey<{ owner: string }>(fleet.kv, key)).value?.owner === owner) n++;
            return n;
          };
          expect(await leasedBy('c1')).toBeGreaterThan(0);
          void until(async () => (await leasedBy('c1')) === 0, 'takeover of c1', 120_000, 100).then(() => { takeoverMs = Date.now() - killedAt; });
        }
        if (k === 6) {
          // restart c2: graceful stop (hands its partitions back), then a new process with the same id
          cs.c2!.child.kill('SIGTERM');
          expect([0, 1]).toContain(await cs.c2!.exit);
          cs.c2b = consumer('c2');
        }
      }
      pub.child.stdin!.end();
      expect(await pub.exit).toBe(0);
      expect(pub.err()).toContain(`${lines.length} events of ${RUNS} runs`);

      // wait until the checkpoints account for every message
      const counted = async (): Promise<number> => {
        let n = 0;
        for (let p = 0; p < 16; p++) n += (await readKey<Checkpoint>(fleet.kv, `ckpt.${p}`)).value?.messages ?? 0;
        return n;
      };
      await until(async () => (await counted()) >= lines.length, 'checkpoints to cover every message', 150_000, 500);
      await until(() => takeoverMs >= 0, 'takeover of the killed consumer');
      expect(takeoverMs).toBeLessThan((LEASE_MS * 5) / 3 + 20_000); // the bound (TTL + 2 ticks) plus slack for loading on a loaded 2-core machine
      await until(() => hook.posts.length >= refAlarms.length, 'webhook deliveries', 60_000);
      await sleep(500);
      for (const c of ['c2b', 'c3']) cs[c]!.child.kill('SIGTERM');
      for (const c of ['c2b', 'c3']) expect([0, 1]).toContain(await cs[c]!.exit);

      // 1) identical verdicts and alarm steps
      const got = await readFleetResults(fleet);
      expect(got.runs.size).toBe(RUNS);
      let mismatches = 0;
      for (const [run, ls] of want) if (JSON.stringify(got.runs.get(run)) !== JSON.stringify(ls)) mismatches++;
      expect(mismatches).toBe(0);
      // 2) one process per run: no decided line printed by two processes
      const printed = Object.values(cs).flatMap((c) => decided(jsonLines(c.out())));
      const ids = printed.map((l) => `${String(l.run)}|${l.type}|${String(l.alarm ?? '')}`);
      expect(new Set(ids).size).toBe(ids.length);
      // 3) every alarm delivered; a repeated key only with a `resent` record
      const keys = new Map<string, number>();
      for (const p of hook.posts) keys.set(p.key, (keys.get(p.key) ?? 0) + 1);
      expect(new Set(keys.keys())).toEqual(new Set(refAlarms.map((a) => alarmKey(String(a.run), String(a.alarm)))));
      const resent = new Set(got.sent.filter((s) => s.resent === true).map((s) => alarmKey(s.run, s.alarm)));
      for (const [key, n] of keys) expect(n === 1 || (n === 2 && resent.has(key)), `key ${key} POSTed ${n} times`).toBe(true);
      expect(got.sent.filter((s) => s.state === 'done').length).toBe(refAlarms.length);
      // 4) no message lost
      const info = await (await fleet.nc.jetstreamManager()).streams.info(fleet.names.stream);
      expect(info.state.messages).toBe(lines.length);
      expect([...got.checkpoints.values()].reduce((a, c) => a + c.messages, 0)).toBe(lines.length);
    } finally {
      await fleet.close();
      await hook.close();
    }
  }, 240_000);
});
