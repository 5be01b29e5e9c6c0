/**
 * The Python helper's producer against a real nats-server: while the engine is down every event
 * goes to the local spool (the job never fails); after the engine comes back on the same port, a
 * restarted job catches up from the acked offset: every line is stored once, on its run's
 * partition subject (same FNV-1a hash as the TypeScript side), in spool order per run.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFleet } from '../../src/fleet/engine.js';
import { startLocalNats } from '../../src/fleet/local-server.js';
import { partitionOf, subjectOf } from '../../src/fleet/partition.js';
import { natsForTest, ROOT } from './helpers.js';

const JOB = `
import json, sys
sys.path.insert(0, ${JSON.stringify(join(ROOT, 'integrations', 'python'))})
from tbdl_probe import FleetPublisher, TelemetryWriter
url, spool, phase = sys.argv[1], sys.argv[2], sys.argv[3]
pub = FleetPublisher(url, spool, timeout=1.0, retry_s=0.2)
if phase == "down":
    for run in ("job-a", "job-b", "job-\\u00e9t\\u00e9"):
        w = TelemetryWriter(pub, run=run, timestamps=False)
        for step in range(1, 21):
            w.train(step, loss=1.0 / step)
ok = pub.catch_up(timeout=0.5 if phase == "down" else 20.0)
print(json.dumps({"ok": ok, "pending": pub.pending, "published": pub.published, "error": pub.last_error}))
pub.close()
`;

function job(url: string, spool: string, phase: string): { ok: boolean; pending: number; published: number; error: string | null } {
  const r = spawnSync('/usr/bin/python3', ['-c', JOB, url, spool, phase], { encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop() as string) as never;
}

describe('Python producer (stdlib NATS client) with spool and catch-up', () => {
  it('spools while the engine is down and catches up, in order, on each run\'s partition', async () => {
    const { dir, server } = await natsForTest('tbdl-pyprod-');
    const init = await openFleet(server.url); // the fleet is set up (stream, bucket, 16 partitions)
    await init.close();
    const port = server.port;
    await server.stop(); // the engine goes down
    const spool = join(dir, 'job.jsonl');
    const down = job(`nats://127.0.0.1:${port}`, spool, 'down');
    expect(down).toMatchObject({ ok: false, pending: 60, published: 0 });
    expect(down.error).not.toBeNull();

    const again = await startLocalNats(join(dir, 'js'), { port }); // back, same store
    try {
      const up = job(again.url, spool, 'up'); // a restarted job: catches up from the acked offset
      expect(up).toMatchObject({ ok: true, pending: 0, published: 60, error: null });
      const up2 = job(again.url, spool, 'up'); // nothing left: nothing sent twice
      expect(up2).toMatchObject({ ok: true, pending: 0, published: 0 });

      const lines = readFileSync(spool, 'utf8').trim().split('\n');
      const f = await openFleet(again.url);
      try {
        const jsm = await f.nc.jetstreamManager();
        expect((await jsm.streams.info(f.names.stream)).state.messages).toBe(60);
        for (const run of ['job-a', 'job-b', 'job-été']) {
          const subject = subjectOf(f.names, partitionOf(run, f.partitions));
          const stored: string[] = [];
          const c = await f.js.consumers.get(f.names.stream, { filterSubjects: subject });
          const msgs = await c.fetch({ max_messages: 100, expires: 2000 });
          for await (const m of msgs) { if ((JSON.parse(m.string()) as { run: string }).run === run) stored.push(m.string()); if (m.info.pending === 0) break; }
          expect(stored).toEqual(lines.filter((l) => (JSON.parse(l) as { run: string }).run === run));
        }
      } finally {
        await f.close();
      }
    } finally {
      await again.stop();
    }
  });
});
