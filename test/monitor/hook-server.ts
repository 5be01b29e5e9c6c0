/** A loopback webhook receiver for tests: counts POSTs, honours Idempotency-Key, can fail first. */
import { createServer, type Server } from 'node:http';

export interface HookServer {
  url: string;
  /** Every POST received: key and body. */
  posts: Array<{ key: string; body: string; status: number }>;
  /** Accepted deliveries by idempotency key (a repeated key is answered 200 but not counted). */
  accepted: Map<string, string>;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1; the first `failFirst` POSTs of each key get HTTP 500. */
export function startHookServer(failFirst = 0): Promise<HookServer> {
  const posts: HookServer['posts'] = [];
  const accepted = new Map<string, string>();
  const seen = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => {
      const key = String(req.headers['idempotency-key'] ?? '');
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      const status = n <= failFirst ? 500 : 200;
      posts.push({ key, body, status });
      if (status === 200 && !accepted.has(key)) accepted.set(key, body);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(status === 200 ? '{"ok":true}' : '{"error":"try later"}');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}/hook`, posts, accepted,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}
