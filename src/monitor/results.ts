/**
 * `--results DIR`: the monitor's result tables as Parquet (docs/results-schema.md):
 * detector_runs, detector_series and baseline_alarms, written through an in-memory DuckDB
 * (extension autoload off) with the column names and types of the contract.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import { runBaselines, type TrainSignal } from '../baselines/index.js';
import { detectorSeries, detectorSummary, type DetectorState } from '../detector/index.js';
import type { RunEvent, TelemetryEvent } from '../telemetry/schema.js';

/** Collects what the result tables need beyond the detector state: run identity and train signals. */
export class ResultsCollector {
  private readonly runs = new Map<string, { source: string; base: string; seed: number | null; arm: string | null }>();
  private readonly train = new Map<string, TrainSignal[]>();

  /** Records one validated event (pass as the Monitor's `onEvent`). */
  observe(ev: TelemetryEvent): void {
    if (ev.type === 'run') this.runs.set(ev.run, identity(ev));
    else if (ev.type === 'train') {
      let t = this.train.get(ev.run);
      if (t === undefined) { t = []; this.train.set(ev.run, t); }
      if (!t.some((x) => x.step === ev.step)) t.push({ step: ev.step, loss: ev.loss, grad_norm: ev.grad_norm, eval_loss: ev.eval_loss });
    }
  }

  /** The identity columns of a run (defaults when its run event was not seen by this process). */
  identityOf(run: string): { source: string; base: string; seed: number | null; arm: string | null } {
    return this.runs.get(run) ?? { source: 'real', base: '', seed: null, arm: null };
  }

  /** Train signals of a run in step order. */
  trainOf(run: string): TrainSignal[] {
    return (this.train.get(run) ?? []).slice().sort((a, b) => a.step - b.step);
  }
}

function identity(ev: RunEvent): { source: string; base: string; seed: number | null; arm: string | null } {
  const x = ev as Record<string, unknown>;
  const sim = x.sim as { seed?: unknown } | undefined;
  const seed = typeof sim?.seed === 'number' ? sim.seed : typeof x.seed === 'number' ? x.seed : null;
  return {
    source: x.source === 'simulated' ? 'simulated' : 'real',
    base: ev.base.model, seed: seed !== null && Number.isInteger(seed) ? seed : null,
    arm: typeof x.arm === 'string' ? x.arm : null,
  };
}

/** Column types. Steps, planned steps and seeds are BIGINT: valid 64-bit integers (plan.steps 1e12, sim.seed 3e9) fit. */
type Col = [name: string, type: 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN'];
type Cell = string | number | boolean | null;

const RUN_COLS: Col[] = [['run', 'VARCHAR'], ['source', 'VARCHAR'], ['base', 'VARCHAR'], ['seed', 'BIGINT'], ['arm', 'VARCHAR'],
  ['planned_steps', 'BIGINT'], ['train_pass', 'BOOLEAN'], ['learned', 'BOOLEAN'], ['tbdl', 'BOOLEAN'], ['mcnemar_p', 'DOUBLE'],
  ['b', 'INTEGER'], ['c', 'INTEGER'], ['n', 'INTEGER'], ['alarm', 'VARCHAR'], ['alarm_step', 'BIGINT'], ['alarm_a_step', 'BIGINT'],
  ['alarm_b_step', 'BIGINT'], ['alarm_c_step', 'BIGINT'], ['gpu_hours_spent', 'DOUBLE'], ['usd_spent', 'DOUBLE'],
  ['gpu_hours_saved', 'DOUBLE'], ['usd_saved', 'DOUBLE'], ['learned_rule_id', 'VARCHAR'], ['learned_exact_margin', 'BOOLEAN'], ['learned_study', 'BOOLEAN']];
const SERIES_COLS: Col[] = [['run', 'VARCHAR'], ['step', 'BIGINT'], ['loss', 'DOUBLE'], ['probe_accuracy', 'DOUBLE'], ['cs_lower', 'DOUBLE'],
  ['cs_upper', 'DOUBLE'], ['log_e_a', 'DOUBLE'], ['log_e_b', 'DOUBLE'], ['log_e_c', 'DOUBLE'], ['threshold_a', 'DOUBLE'],
  ['threshold_b', 'DOUBLE'], ['threshold_c', 'DOUBLE'], ['base_accuracy', 'DOUBLE']];
const BASELINE_COLS: Col[] = [['run', 'VARCHAR'], ['rule', 'VARCHAR'], ['fired', 'BOOLEAN'], ['step', 'BIGINT']];

function append(app: DuckDBAppender, cols: Col[], row: Record<string, unknown>): void {
  for (const [name, type] of cols) {
    const v = row[name] as Cell | undefined;
    if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v) && type !== 'DOUBLE')) { app.appendNull(); continue; }
    if (type === 'VARCHAR') app.appendVarchar(String(v));
    else if (type === 'INTEGER') app.appendInteger(Number(v));
    else if (type === 'BIGINT') app.appendBigInt(BigInt(Math.round(Number(v))));
    else if (type === 'DOUBLE') app.appendDouble(Number(v));
    else app.appendBoolean(Boolean(v));
  }
  app.endRow();
}

async function table(conn: DuckDBConnection, dir: string, name: string, cols: Col[], rows: readonly object[]): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE ${name} (${cols.map(([n, t]) => `${n} ${t}`).join(', ')})`);
  const app = await conn.createAppender(name);
  for (const r of rows) append(app, cols, r as Record<string, unknown>);
  app.flushSync();
  app.closeSync();
  const path = join(dir, `${name}.parquet`).replace(/'/g, "''");
  await conn.run(`COPY ${name} TO '${path}' (FORMAT parquet)`);
}

/**
 * Writes detector_runs, detector_series and baseline_alarms Parquet files into `dir`.
 * @param dir the results directory (created). @param states the final detector state of each run.
 * @param collector identities and train signals seen while monitoring.
 * @returns the row counts written.
 * @example await writeResults('out/results', monitor.runIds().map((r) => monitor.state(r)!), collector);
 */
export async function writeResults(
  dir: string, states: readonly DetectorState[], collector: ResultsCollector,
): Promise<{ detector_runs: number; detector_series: number; baseline_alarms: number }> {
  await mkdir(dir, { recursive: true });
  const db = await DuckDBInstance.create(':memory:', { autoload_known_extensions: 'false', autoinstall_known_extensions: 'false' });
  const conn = await db.connect();
  try {
    const runs = states.map((s) => ({ ...collector.identityOf(s.run), ...detectorSummary(s) }));
    const series = states.flatMap((s) => detectorSeries(s));
    const baselines = states.flatMap((s) => runBaselines(s.run, collector.trainOf(s.run)));
    await table(conn, dir, 'detector_runs', RUN_COLS, runs);
    await table(conn, dir, 'detector_series', SERIES_COLS, series);
    await table(conn, dir, 'baseline_alarms', BASELINE_COLS, baselines);
    return { detector_runs: runs.length, detector_series: series.length, baseline_alarms: baselines.length };
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
