/**
 * Parallel parsing and scoring for `tbdl score`: the main thread reads line batches and sends
 * them to worker threads (score-worker.ts), which parse, validate and score; results come back per
 * batch and are handed on strictly in input order, so duplicate ids, messages, the summary and the
 * written rows are exactly those of the in-process path (test/oracle/score-pool.test.ts). At most
 * `inFlight` batches per worker are outstanding, which bounds memory on any input size. On a
 * 2-core machine one worker takes the parsing and scoring while the main thread feeds DuckDB.
 */
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../worker-start.js';
import { BatchDecoder, type EncodedBatch, type ScoredLine } from './score-codec.js';

export type { ScoredLine };

/** A batch of lines sent to a worker. */
export interface ScoreBatch { id: number; file: string; firstLine: number; lines: string[] }
/** A worker's answer for one batch (error: an exception while scoring, a bug). */
export type ScoreBatchResult = { id: number; file: string; batch: EncodedBatch } | { id: number; error: string };

const startWorker = (): Worker => startModuleWorker(import.meta.url, './score-worker');

/**
 * A pool of score workers with ordered delivery.
 * @example const pool = new ScorePool(1, (r) => handle(r)); await pool.submit(file, 1, lines); await pool.drain(); await pool.close();
 */
export class ScorePool {
  private readonly workers: Worker[];
  private nextId = 0;
  private nextOut = 0;
  private readonly done = new Map<number, { file: string; items: ScoredLine[] }>();
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  /**
   * @param size worker threads (>= 1)
   * @param deliver called with each batch's lines and file, in input order (on the main thread)
   * @param inFlight outstanding batches per worker before `submit` waits (default 2)
   */
  constructor(size: number, private readonly deliver: (items: readonly ScoredLine[], file: string) => void, private readonly inFlight = 2) {
    this.workers = Array.from({ length: Math.max(1, Math.floor(size)) }, () => {
      const w = startWorker();
      const decoder = new BatchDecoder(); // this worker's dictionary; its batches arrive in the order it scored them
      w.on('message', (r: ScoreBatchResult) => this.receive(r, decoder));
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => { if (code !== 0) this.fail(new Error(`score worker exited with code ${code}`)); });
      return w;
    });
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.wake?.();
  }

  private receive(r: ScoreBatchResult, decoder: BatchDecoder): void {
    if ('error' in r) { this.fail(new Error(r.error)); return; }
    try {
      this.done.set(r.id, { file: r.file, items: decoder.decode(r.batch) });
      for (let b = this.done.get(this.nextOut); b !== undefined; b = this.done.get(this.nextOut)) {
        this.done.delete(this.nextOut++);
        this.deliver(b.items, b.file);
      }
    } catch (e) { this.fail(e instanceof Error ? e : new Error(String(e))); }
    this.wake?.();
  }

  private async waitUntil(ok: () => boolean): Promise<void> {
    while (!ok()) {
      if (this.failure !== undefined) throw this.failure;
      await new Promise<void>((r) => { this.wake = r; });
      this.wake = undefined;
    }
    if (this.failure !== undefined) throw this.failure;
  }

  /** Sends a batch (lines numbered from `firstLine`); waits while too many are outstanding. @throws a worker's error. */
  async submit(file: string, firstLine: number, lines: string[]): Promise<void> {
    await this.waitUntil(() => this.nextId - this.nextOut < this.inFlight * this.workers.length);
    const id = this.nextId++;
    this.workers[id % this.workers.length]!.postMessage({ id, file, firstLine, lines } satisfies ScoreBatch);
  }

  /** Waits until every submitted batch was delivered. @throws a worker's error. */
  async drain(): Promise<void> {
    await this.waitUntil(() => this.nextOut === this.nextId);
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => { w.removeAllListeners('exit'); return w.terminate(); }));
  }
}
