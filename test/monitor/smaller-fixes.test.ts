/**
 * The smaller items: 64-bit integers in the --results Parquet (BIGINT), webhook redirects only
 * within the URL's origin, and a notice for probe rounds larger than the run's probe.size.
 */
import { describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { runMonitorCli } from '../../src/monitor/cli-run.js';
import { postAlarm } from '../../src/monitor/webhook.js';
import { Monitor } from '../../src/monitor/engine.js';
import { createRng } from '../../src/rng.js';
import type { AlarmLine } from '../../src/telemetry/schema.js';
import { captureIO, scratch } from './cli-io.js';
import { runLines } from './traces.js';

describe('--results: 64-bit integers', () => {
  it('plan.steps 1e12 and sim.seed 3e9 are written as BIGINT', async () => {
    const dir = scratch('tbdl-bigint-');
    const lines = runLines('correct', 2, { runId: 'big', steps: 60, heldout: 30 }).map((l) => {
      const ev = JSON.parse(l) as Record<string, unknown>;
      if (ev.type !== 'run') return l;
      return JSON.stringify({ ...ev, plan: { ...(ev.plan as object), steps: 1e12 }, sim: { ...(ev.sim as object | undefined), seed: 3e9 } });
    });
    writeFileSync(join(dir, 't.jsonl'), lines.join('\n') + '\n');
    const c = captureIO();
    const code = await runMonitorCli('replay', [join(dir, 't.jsonl'), '--json', '--results', join(dir, 'res')], c.io);
    expect(c.stderr()).toBe('');
    expect([0, 1]).toContain(code);
    const db = await DuckDBInstance.create(':memory:', { autoload_known_extensions: 'false', autoinstall_known_extensions: 'false' });
    const conn = await db.connect();
    const rows = (await conn.runAndReadAll(`SELECT run, planned_steps, seed, typeof(planned_steps) AS t FROM '${join(dir, 'res', 'detector_runs.parquet')}'`)).getRowObjectsJS();
    conn.closeSync(); db.closeSync();
    expect(rows).toEqual([{ run: 'big', planned_steps: 1_000_000_000_000n, seed: 3_000_000_000n, t: 'BIGINT' }]);
  });
});

function server(handler: (path: string, body: string, res: import('node:http').ServerResponse) => void): Promise<{ url: string; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const s: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => { hits.push(`${req.method} ${req.url} ${String(req.headers['idempotency-key'] ?? '')} ${body}`); handler(req.url ?? '', body, res); });
  });
  return new Promise((resolve) => {
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      resolve({ url: `http://127.0.0.1:${port}`, hits, close: () => new Promise<void>((r) => s.close(() => r())) });
    });
  });
}

describe('webhook redirects', () => {
  const alarm = { type: 'alarm', run: 'r1', step: 10, alarm: 'collapse' } as unknown as AlarmLine;

  it('a redirect to another origin is refused: the other host never sees the body or the key', async () => {
    const evil = await server((_p, _b, res) => { res.writeHead(200); res.end('ok'); });
    const hook = await server((_p, _b, res) => { res.writeHead(307, { location: `${evil.url}/steal` }); res.end(); });
    try {
      const r = await postAlarm(alarm, { url: `${hook.url}/hook`, rng: createRng(1), attempts: 3, sleep: async () => undefined });
      expect(r.ok).toBe(false);
      expect(r.attempts).toBe(1); // not retried
      expect(!r.ok && r.reason).toMatch(/redirect to another origin refused/);
      expect(evil.hits).toEqual([]);
      expect(hook.hits).toHaveLength(1);
    } finally { await evil.close(); await hook.close(); }
  });

  it('a redirect within the origin is followed with the same body and key', async () => {
    const hook = await server((p, _b, res) => {
      if (p === '/old') { res.writeHead(308, { location: '/new' }); res.end(); } else { res.writeHead(200); res.end('ok'); }
    });
    try {
      const r = await postAlarm(alarm, { url: `${hook.url}/old`, rng: createRng(1), sleep: async () => undefined });
      expect(r).toMatchObject({ ok: true, status: 200, attempts: 1 });
      expect(hook.hits).toHaveLength(2);
      expect(hook.hits[1]).toBe(`POST /new ${r.key} ${JSON.stringify(alarm)}`);
    } finally { await hook.close(); }
  });
});

describe('probe rounds larger than probe.size', () => {
  it('get one notice per run naming the round, its size and probe.size; rounds of the declared size get none', () => {
    const lines = runLines('correct', 2, { runId: 'over', steps: 60, heldout: 30 });
    const shrunk = lines.map((l) => {
      const ev = JSON.parse(l) as Record<string, unknown>;
      return ev.type === 'run' ? JSON.stringify({ ...ev, probe: { ...(ev.probe as object), size: 32 } }) : l;
    });
    const feed = (ls: string[]) => { const m = new Monitor(); return ls.flatMap((l, i) => m.feed(l, i + 1)).concat(m.finish()); };
    const notices = feed(shrunk).filter((l) => l.type === 'notice' && l.code === 'oversize_probe');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ run: 'over', seq: 1, items: 64, probe_size: 32 });
    expect(feed(lines).filter((l) => l.type === 'notice' && l.code === 'oversize_probe')).toEqual([]);
  });
});
