import { describe, it, expect } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { run as score } from '../../src/cli/score.js';
import { BatchDecoder, BatchEncoder, type ScoredLine } from '../../src/cli/score-codec.js';
import { ScorePool } from '../../src/cli/score-pool.js';
import { generateSweep, scoreEpisode, type EpisodeRow } from '../../src/oracle/index.js';
import { createRng } from '../../src/rng.js';

/**
 * `tbdl score --workers N`: worker threads parse and score, the main thread keeps order. The
 * threaded path must be indistinguishable from the in-process one: the same summary, the same
 * messages in the same order (invalid lines, duplicate ids, with file:line), the same exit code and
 * the same rows in the same order, on input with every kind of trouble, across several files and
 * more batches than workers. The column codec must round-trip rows exactly (NULL, NaN, inf,
 * awkward strings) across batches that continue one dictionary.
 */

const AWKWARD = ['plain', 'with "quotes"', 'a,b,c', 'line\nbreak', 'ünïcødé ✓', '', ' spaced '];

function randomLines(seed: number, n: number): ScoredLine[] {
  const rng = createRng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)]!;
  const maybe = <T>(v: T): T | null => (rng.next() < 0.15 ? null : v);
  const num = (): number | null => pick([null, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0.5, 3.25, rng.next() * 1e6]);
  const out: ScoredLine[] = [];
  for (let i = 0; i < n; i++) {
    const line = 10 + 3 * i;
    if (rng.next() < 0.2) { out.push({ line, issues: [{ code: 'invalid_episode', path: 'x', message: `f:${line}: bad ${pick(AWKWARD)}` }] }); continue; }
    const episode = {
      episode_id: `ep-${seed}-${i}-${pick(AWKWARD)}`, agent: maybe(`agent ${pick(AWKWARD)}`), base: pick(['Qwen/Qwen3-8B', 'b']), family: maybe('qwen3'), params_b: num(), seed: maybe(rng.int(9)),
      ticket_id: `t${rng.int(30)}`, trap: pick(['none', 'noise']), injection: maybe(rng.next() < 0.5), pressure: 'neutral', feasible: maybe(rng.next() < 0.5),
      train_pass: rng.next() < 0.5, learned: maybe(rng.next() < 0.5), tbdl: rng.next() < 0.5, refused: false, routed_through_gate: maybe(rng.next() < 0.5),
      deployed: rng.next() < 0.5, deploy_action: maybe(pick(['deploy_direct', 'withhold'])), gpu_hours: num(), usd: num(),
    } as unknown as EpisodeRow;
    const own = Array.from({ length: rng.int(12) }, (_, k) => ({
      stage: maybe(`stage${k}`), stage_index: maybe(k), class: pick(['judgment', 'arithmetic']), pass: maybe(rng.next() < 0.5), reasons: pick(AWKWARD),
    })) as unknown as Extract<ScoredLine, { own: unknown }>['own'];
    out.push({ line, episode, own });
  }
  return out;
}

/** Captures process.stdout / process.stderr while `f` runs. */
async function captured(f: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const [o, e] = [process.stdout.write.bind(process.stdout), process.stderr.write.bind(process.stderr)];
  process.stdout.write = ((s: string) => { out += s; return true; }) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => { err += s; return true; }) as typeof process.stderr.write;
  try { return { code: await f(), out, err }; } finally { process.stdout.write = o; process.stderr.write = e; }
}

/** Rows of a Parquet file as text, in file order. */
async function rowsOf(file: string): Promise<string[]> {
  const inst = await DuckDBInstance.create(':memory:', { autoload_known_extensions: 'false', autoinstall_known_extensions: 'false' });
  const con = await inst.connect();
  const r = await con.runAndReadAll(`SELECT t::VARCHAR AS s FROM read_parquet('${file}') t`);
  const rows = r.getRowObjectsJS().map((x) => String(x.s));
  con.closeSync();
  inst.closeSync();
  return rows;
}

describe('score codec: decode(encode(lines)) equals the lines', () => {
  it('three batches through one dictionary, 300 lines each (rejects interleaved, NULL, NaN, inf, awkward strings)', () => {
    const enc = new BatchEncoder(), dec = new BatchDecoder();
    for (let b = 0; b < 3; b++) {
      const lines = randomLines(b + 1, 300);
      const back = dec.decode(enc.encode(lines));
      // undefined and null both mean NULL to the writer; the codec returns null
      expect(back).toEqual(JSON.parse(JSON.stringify(lines, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `#${String(v)}` : v)), (_k, v: unknown) => (typeof v === 'string' && v.startsWith('#') ? Number(v.slice(1)) : v)));
      expect(back.map((x) => x.line)).toEqual(lines.map((x) => x.line));
    }
  });

  it('negative control: a decoder that missed a batch (and so its dictionary entries) decodes wrong strings', () => {
    const enc = new BatchEncoder(), dec = new BatchDecoder();
    enc.encode(randomLines(1, 50));
    const lines = randomLines(2, 50);
    expect(() => expect(dec.decode(enc.encode(lines))).toEqual(lines)).toThrow();
  });

  it('real scored episodes round-trip', () => {
    const eps = [...generateSweep({ seeds: 1 })].slice(0, 200);
    const lines: ScoredLine[] = eps.map((e, i) => { const s = scoreEpisode(e); return { line: i + 1, episode: s.episode, own: s.stages.map((r) => ({ stage: r.stage, stage_index: r.stage_index, class: r.class, pass: r.pass, reasons: r.reasons })) }; });
    expect(new BatchDecoder().decode(new BatchEncoder().encode(lines))).toEqual(lines);
  });
});

describe('tbdl score --workers N equals the in-process path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tbdl-score-pool-'));
  const inputs = join(dir, 'in');
  mkdirSync(inputs);
  // a.jsonl: about 4.5 MB (5 batches of 1 MiB) with invalid lines, blank lines, CRLF, duplicate ids;
  // b.json: one agent episode in between; c.jsonl: more lines, duplicates of a.jsonl's ids
  const eps = [...generateSweep({ seeds: 3 })].map((e) => JSON.stringify(e));
  const a = eps.slice(0, 1600);
  a.splice(7, 0, '{"v":1,"episode_id":"broken"');
  a.splice(300, 0, '');
  a.splice(301, 0, '{"v":1,"episode_id":"x","agent":3}');
  a.splice(900, 0, a[20]!);
  writeFileSync(join(inputs, 'a.jsonl'), a.join('\r\n') + '\r\n');
  writeFileSync(join(inputs, 'b.json'), '{"not": "an agent episode"}');
  writeFileSync(join(inputs, 'c.jsonl'), [...eps.slice(1600, 1700), a[50]!, 'not json'].join('\n'));

  const runs = async (workers: string, out: string) => {
    const r = await captured(() => score([inputs, '--out', join(dir, out), '--workers', workers]));
    return { ...r, err: r.err.replace(/ in [0-9.]+ s \([0-9]+ episodes\/s/, ' in T s (R episodes/s').replaceAll(join(dir, out), 'OUT'),
      st: await rowsOf(join(dir, out, 'stage_results.parquet')), ep: await rowsOf(join(dir, out, 'episodes.parquet')) };
  };

  it('same exit code, summary, messages (order included) and rows, with 1 and 3 workers', async () => {
    const serial = await runs('0', 'o0');
    expect(serial.code).toBe(2); // invalid lines
    expect(serial.err).toMatch(/a\.jsonl:8\b/);
    expect(serial.err).toMatch(/duplicate episode_id/);
    expect(serial.err).toMatch(/b\.json/);
    expect(serial.ep.length).toBe(1600 + 100); // the repeated ids in a.jsonl and c.jsonl skipped
    for (const w of ['1', '3']) {
      const t = await runs(w, `o${w}`);
      expect(t.code, w).toBe(serial.code);
      expect(t.out, w).toBe(serial.out);
      expect(t.err, w).toBe(serial.err);
      expect(t.ep, w).toEqual(serial.ep);
      expect(t.st, w).toEqual(serial.st);
    }
  }, 120_000);

  it('negative control: the comparison sees one changed line', async () => {
    const text = readFileSync(join(inputs, 'c.jsonl'), 'utf8');
    const serial = await runs('0', 'n0');
    writeFileSync(join(inputs, 'c.jsonl'), [eps[2000]!, ...text.split('\n').slice(1)].join('\n'));
    try {
      const t = await runs('1', 'n1');
      expect(t.ep).not.toEqual(serial.ep);
    } finally { writeFileSync(join(inputs, 'c.jsonl'), text); }
  }, 120_000);

  it('--workers must be an integer from 0 to 64', async () => {
    for (const bad of ['x', '-1', '65', '1.5', '']) {
      const r = await captured(() => score([inputs, `--workers=${bad}`, '--quiet']));
      expect(r.code, bad).toBe(2);
      expect(r.err, bad).toMatch(/--workers: expected an integer from 0 to 64/);
    }
  });

  it('a failing consumer stops the pool with its error (no hang)', async () => {
    const pool = new ScorePool(1, () => { throw new Error('consumer failed'); });
    try {
      await pool.submit('f', 1, eps.slice(0, 5));
      await expect(pool.drain()).rejects.toThrow('consumer failed');
    } finally { await pool.close(); }
  }, 60_000);
});
