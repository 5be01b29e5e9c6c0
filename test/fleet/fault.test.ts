/**
 * The fleet's fault test (loopback only; the test starts its own nats-server -js on a random port
 * and temp store, and fails when nats-server is missing): 3 consumer processes, 2,000 small runs
 * streamed through `tbdl publish -`, one consumer SIGKILLed mid-stream and another restarted
 * (SIGTERM, then a new process). Checked against a single-process `tbdl replay` of the same events:
 * - every run's verdict line and alarm lines (steps included) are equal, and the last message
 *   applied to each run is its last published line;
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
      let victim = '';
      const leases = async (): Promise<Map<string, number>> => {
        const held = new Map<string, number>();
        for (const key of await listKeys(fleet.kv, 'lease.')) {
          const o = (await readKey<{ owner: string }>(fleet.kv, key)).value?.owner;
          if (o !== undefined) held.set(o, (held.get(o) ?? 0) + 1);
        }
        return held;
      };
      for (let k = 0; k < chunks; k++) {
        const text = lines.slice(k * per, (k + 1) * per).join('\n') + '\n';
        if (!pub.child.stdin!.write(text)) await new Promise((r) => pub.child.stdin!.once('drain', r));
        await sleep(300);
        if (k === 3) {
          // mid-stream: once every consumer has decided something, SIGKILL the one holding the most leases
          await until(() => ['c1', 'c2', 'c3'].every((c) => jsonLines(cs[c]!.out()).length > 0), 'each consumer to decide a line');
          const held = await leases();
          victim = ['c1', 'c2', 'c3'].reduce((a, b) => ((held.get(b) ?? 0) > (held.get(a) ?? 0) ? b : a));
          expect(held.get(victim) ?? 0).toBeGreaterThan(0);
          cs[victim]!.child.kill('SIGKILL');
          expect(await cs[victim]!.exit).toBeNull();
          const killedAt = Date.now();
          void until(async () => !(await leases()).has(victim), 'takeover of the killed consumer', 120_000, 100).then(() => { takeoverMs = Date.now() - killedAt; });
        }
        if (k === 6) {
          // restart another consumer: graceful stop (hands its partitions back), then a new process with the same id
          const other = ['c1', 'c2', 'c3'].find((c) => c !== victim)!;
          cs[other]!.child.kill('SIGTERM');
          expect(await cs[other]!.exit).toBe(143); // SIGTERM: partitions handed back, state flushed, 128 + 15 as documented
          cs[`${other}b`] = consumer(other);
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
      const alive = Object.keys(cs).filter((c) => cs[c]!.child.exitCode === null && cs[c]!.child.signalCode === null);
      expect(alive).toHaveLength(2);
      for (const c of alive) cs[c]!.child.kill('SIGTERM');
      for (const c of alive) expect(await cs[c]!.exit).toBe(143); // SIGTERM: 128 + 15, as documented

      // 1) identical verdicts and alarm steps
      const got = await readFleetResults(fleet);
      expect(got.runs.size).toBe(RUNS);
      let mismatches = 0;
      for (const [run, ls] of want) if (JSON.stringify(got.runs.get(run)) !== JSON.stringify(ls)) mismatches++;
      expect(mismatches).toBe(0);
      // the last message applied to each run is its last published line (one publisher: stream sequence = line number)
      const lastLine = new Map<string, number>();
      lines.forEach((l, i) => lastLine.set((JSON.parse(l) as { run: string }).run, i + 1));
      expect(got.upto).toEqual(lastLine);
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
