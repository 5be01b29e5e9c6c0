import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRng } from '../../src/rng.js';
import { deliverAlarm, type ActionConfig } from '../../src/monitor/actions.js';
import { runAlarmCommand } from '../../src/monitor/on-alarm.js';
import { alarmKey, safeRunFileName } from '../../src/monitor/safe-name.js';
import { DuckDbStore } from '../../src/monitor/duckdb-store.js';
import { MemoryStore } from '../../src/monitor/store.js';
import { writeStopFile } from '../../src/monitor/stop-file.js';
import { backoffDelay, postAlarm, retryable } from '../../src/monitor/webhook.js';
import type { AlarmLine } from '../../src/telemetry/schema.js';
import { startHookServer } from './hook-server.js';
import { scratch } from './cli-io.js';

const HOSTILE = ['../../x', '$(touch pwned)', '`touch pwned2`', 'a\nb; touch pwned3', '/etc/passwd', '..', '.', '', 'é/ü\u0000z', '; rm -rf / #'];
const alarm = (run: string): AlarmLine => ({
  type: 'alarm', run, step: 180, alarm: 'worse_than_base', log_e: 3.95, threshold: 3.91,
  probe_accuracy: 0.12, base_accuracy: 0.328, gpu_hours_saved: 0.4, usd_saved: 1.2,
});
const tmp = () => scratch('tbdl-act-');

describe('safe names and keys', () => {
  it('never produce a path component that climbs, hides or collides', () => {
    const names = HOSTILE.map(safeRunFileName);
    for (const n of names) {
      expect(n).toMatch(/^[A-Za-z0-9_-]+-[0-9a-f]{16}\.json$/);
      expect(n.startsWith('.')).toBe(false);
    }
    expect(new Set(names).size).toBe(HOSTILE.length);
    expect(safeRunFileName('a/b')).not.toBe(safeRunFileName('a_b'));
    expect(alarmKey('a', 'b:c')).not.toBe(alarmKey('a:b', 'c'));
    expect(alarmKey('r', 'collapse')).toBe(alarmKey('r', 'collapse'));
  });
});

describe('--on-alarm', () => {
  it('passes hostile run ids only through the environment: no shell expansion of telemetry', async () => {
    const dir = tmp();
    for (const [i, run] of HOSTILE.entries()) {
      const out = join(dir, `out${i}`);
      const r = await runAlarmCommand(`cd "${dir}" && printf '%s|%s|%s|%s' "$TBDL_RUN" "$TBDL_ALARM" "$TBDL_STEP" "$TBDL_USD_SAVED" > "${out}"`, alarm(run), { PATH: '/usr/bin:/bin' });
      expect(r).toMatchObject({ status: 'exited', code: 0 });
      expect(readFileSync(out, 'utf8')).toBe(`${run.replace(/\0/g, '\uFFFD')}|worse_than_base|180|1.2`);
    }
    expect(readdirSync(dir).filter((n) => n.startsWith('pwned'))).toEqual([]);
    expect(existsSync('pwned')).toBe(false);
  });

  it('reports a failing command without throwing', async () => {
    const r = await runAlarmCommand('echo nope >&2; exit 3', alarm('r'), {});
    expect(r).toMatchObject({ status: 'exited', code: 3, stderr: 'nope\n' });
  });
});

describe('--webhook', () => {
  it('retries a server that fails twice with HTTP 500 and is accepted exactly once, with the idempotency key', async () => {
    const srv = await startHookServer(2);
    const sleeps: number[] = [];
    try {
      const r = await postAlarm(alarm('../../x'), { url: srv.url, rng: createRng(3), baseDelayMs: 10, sleep: async (ms) => { sleeps.push(ms); } });
      expect(r).toMatchObject({ ok: true, status: 200, attempts: 3 });
      expect(srv.posts.map((p) => p.status)).toEqual([500, 500, 200]);
      expect(srv.accepted.size).toBe(1);
      expect([...srv.accepted.keys()]).toEqual([alarmKey('../../x', 'worse_than_base')]);
      expect(JSON.parse(srv.accepted.values().next().value as string)).toEqual(alarm('../../x'));
      // exponential with equal jitter from the seeded rng: d_k in [base*2^(k-1)/2, base*2^(k-1)]
      expect(sleeps).toHaveLength(2);
      expect(sleeps[0]).toBeGreaterThanOrEqual(5); expect(sleeps[0]).toBeLessThanOrEqual(10);
      expect(sleeps[1]).toBeGreaterThanOrEqual(10); expect(sleeps[1]).toBeLessThanOrEqual(20);
      const rng = createRng(3);
      expect(sleeps).toEqual([backoffDelay(1, 10, 10_000, rng.next()), backoffDelay(2, 10, 10_000, rng.next())]);
    } finally {
      await srv.close();
    }
  });

  it('gives up after the bounded number of attempts; 4xx other than 408/425/429 are final', async () => {
    const srv = await startHookServer(100);
    try {
      const r = await postAlarm(alarm('r'), { url: srv.url, rng: createRng(1), attempts: 4, sleep: async () => {} });
      expect(r).toMatchObject({ ok: false, attempts: 4, reason: 'HTTP 500' });
      expect(srv.posts).toHaveLength(4);
      expect([400, 401, 404, 422].map(retryable)).toEqual([false, false, false, false]);
      expect([408, 429, 500, 503].map(retryable)).toEqual([true, true, true, true]);
    } finally {
      await srv.close();
    }
    const dead = await postAlarm(alarm('r'), { url: 'http://127.0.0.1:1/none', rng: createRng(1), attempts: 2, sleep: async () => {} });
    expect(dead.ok).toBe(false);
  });

  it('delivers each (run, alarm) once across restarts: the delivery is recorded in the state file', async () => {
    const srv = await startHookServer(0);
    const path = join(tmp(), 'state.duckdb');
    const cfg: ActionConfig = { webhook: { url: srv.url, baseDelayMs: 1 }, rng: createRng(1), env: {}, now: () => new Date(0) };
    try {
      for (let restart = 0; restart < 3; restart++) {
        const store = await DuckDbStore.open(path);
        const snap = await store.load();
        await deliverAlarm(alarm('$(touch pwned)'), cfg, store, snap.deliveries);
        await deliverAlarm(alarm('$(touch pwned)'), cfg, store, snap.deliveries);
        await store.close();
      }
      expect(srv.posts).toHaveLength(1);
      const mem = new MemoryStore();
      const outs = await deliverAlarm(alarm('r2'), { ...cfg, webhook: { url: 'http://127.0.0.1:1/x', attempts: 1 } }, mem, new Set());
      expect(outs).toMatchObject([{ action: 'webhook', ok: false }]);
      expect((await mem.load()).deliveries.size).toBe(0); // a failed delivery is not recorded: retried on restart
    } finally {
      await srv.close();
    }
  });
});

describe('--stop-file', () => {
  it('is written atomically: a concurrent reader sees no file or a whole sentinel, never a torn one', async () => {
    const dir = tmp();
    const path = join(dir, 'STOP');
    let reads = 0, whole = 0;
    const reader = (async () => {
      for (let i = 0; i < 400; i++) {
        try {
          const text = await readFile(path, 'utf8');
          reads++;
          const s = JSON.parse(text) as { run: string; alarm: { type: string } };
          if (s.alarm.type === 'alarm' && s.run.startsWith('run-')) whole++;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        }
      }
    })();
    for (let i = 0; i < 60; i++) await writeStopFile(path, { ...alarm(`run-${i}`), pad: 'x'.repeat(20_000 + i) }, new Date(0));
    await reader;
    expect(whole).toBe(reads);
    expect(readdirSync(dir)).toEqual(['STOP']);
  });
});

describe('DuckDB state store', () => {
  it('round-trips runs, outputs, deliveries and offsets across reopen; INSERT OR REPLACE keeps the latest', async () => {
    const path = join(tmp(), 's.duckdb');
    const a = await DuckDbStore.open(path);
    await a.commit({ runs: [{ run: "it's", state: { n: 1 }, meta: { m: [1] }, lastSeq: 3 }], offsets: [{ source: 'f', line: 9 }],
      outputs: [{ run: "it's", kind: 'alarm', name: 'collapse', line: alarm("it's") }] });
    await a.commit({ runs: [{ run: "it's", state: { n: 2 }, meta: { m: [1, 2] }, lastSeq: 4 }], offsets: [{ source: 'f', line: 12 }], outputs: [] });
    await a.markDelivered("it's", 'collapse', 'webhook');
    await a.markDelivered("it's", 'collapse', 'webhook');
    await a.close();
    const b = await DuckDbStore.open(path);
    const snap = await b.load();
    await b.close();
    expect(snap.runs).toEqual([{ run: "it's", state: { n: 2 }, meta: { m: [1, 2] }, lastSeq: 4 }]);
    expect(snap.outputs.map((o) => o.line)).toEqual([alarm("it's")]);
    expect([...snap.deliveries]).toEqual([JSON.stringify(["it's", 'collapse', 'webhook'])]);
    expect(snap.offsets.get('f')).toBe(12);
  });
});
