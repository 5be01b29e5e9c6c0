/**
 * Shared core of the trainer-log adapters: which metric names mean loss, grad_norm, lr and
 * eval_loss, and how per-step metric rows become protocol-v1 `train` events. Every adapter
 * reduces its format to {@link MetricRow}s and calls {@link rowsToTrainEvents}.
 */
import { trainEventSchema, type TrainEvent } from '../schema.js';
import { ingestIssues, type IngestIssue } from '../errors.js';
import { formatPath, describeIssue } from '../issue-path.js';
import { DEFAULT_TAG_MAP, TRAIN_FIELDS, type TagMap, type TrainField } from './tag-map.js';

export type { TrainField } from './tag-map.js';

/** Fields outside the schema's four: validated here (finite or null, |x| <= 1e15). */
const EXTRA_FIELDS: readonly TrainField[] = ['eval_accuracy', 'accuracy', 'epoch'];

/** Options every adapter takes. */
export interface AdapterOptions {
  /** Run id to put on every event (the formats do not carry the protocol's run id). */
  run: string;
  /** Source name used in issues (a path); defaults to the adapter's name. */
  file?: string;
  /** Which names fill which field (default: the built-in table, tag-map.ts). */
  tags?: TagMap;
  /**
   * TensorBoard only: an `add_scalars` sub-run's folder name (`loss_val`); its scalars are mapped
   * by this name instead of their tag (the tag is the parent's `loss`, which would read as training loss).
   */
  series?: string;
}

/** What an adapter returns: the events in first-seen step order, the issues met and the names it did not map. */
export interface AdapterResult {
  events: TrainEvent[];
  issues: IngestIssue[];
  /** Metric names present in the source that no field takes (sorted, distinct). */
  unmapped: string[];
}

/**
 * Maps one name through the options' tag map, recording unmapped names.
 * @returns the field, or undefined (unmapped, recorded; or dropped with `ignore`).
 */
export function mapName(options: AdapterOptions, name: string, unmapped: Set<string>): TrainField | undefined {
  const f = (options.tags ?? DEFAULT_TAG_MAP).field(name);
  if (f === undefined) unmapped.add(name);
  return f === 'ignore' ? undefined : f;
}

/**
 * Map a trainer's metric name to a `train` field with the built-in table (tag-map.ts,
 * case-insensitive): loss (`loss`, `train/loss`, `train_loss`, `training loss`, ...), grad_norm
 * (`grad_norm`, Lightning's `grad_2.0_norm_total`), lr (`learning_rate`, `Learning Rate`,
 * `lr-AdamW`), eval_loss (`eval/loss`, `val_loss`, `Loss/test`), eval_accuracy, accuracy, epoch.
 * @param key - metric name or TensorBoard tag.
 * @returns the field, or undefined for metrics the table does not carry.
 * @example metricField('train/grad_norm') // 'grad_norm'
 */
export function metricField(key: string): TrainField | undefined {
  const f = DEFAULT_TAG_MAP.field(key);
  return f === 'ignore' ? undefined : f;
}

/** Values gathered for one step; `raw` keeps the source text of non-finite values. */
export interface MetricRow {
  step: number;
  values: Partial<Record<TrainField, number>>;
  nonFinite: TrainField[];
  ts?: string;
  /** Where the row came from, for issues. */
  line?: number;
}

/** Steps the protocol accepts: integers in [0, 1e12]. */
export function validStep(x: number): boolean {
  return Number.isInteger(x) && x >= 0 && x <= 1e12;
}

/**
 * Collects metric values by step (first-seen step order; a later value for the same step and
 * field wins, as TensorBoard and MLflow readers do).
 */
export class StepTable {
  private readonly rows = new Map<number, MetricRow>();

  /** Record `value` for `field` at `step`. NaN and infinities are kept as non-finite markers. */
  set(step: number, field: TrainField, value: number, extra: { ts?: string; line?: number } = {}): void {
    let row = this.rows.get(step);
    if (row === undefined) {
      row = { step, values: {}, nonFinite: [] };
      if (extra.line !== undefined) row.line = extra.line;
      this.rows.set(step, row);
    }
    if (extra.ts !== undefined && row.ts === undefined) row.ts = extra.ts;
    if (Number.isFinite(value)) {
      row.values[field] = value;
      row.nonFinite = row.nonFinite.filter((f) => f !== field);
    } else {
      delete row.values[field];
      if (!row.nonFinite.includes(field)) row.nonFinite.push(field);
    }
  }

  /** Rows in first-seen order, or by ascending step. */
  list(order: 'first_seen' | 'step' = 'first_seen'): MetricRow[] {
    const rows = [...this.rows.values()];
    return order === 'step' ? rows.sort((a, b) => a.step - b.step) : rows;
  }
}

/**
 * Turn metric rows into validated `train` events. A non-finite value becomes `null` on the event
 * and its field is listed in the extra field `non_finite` (e.g. a NaN loss is evidence, not noise);
 * a value the schema refuses (|x| > 1e15) is dropped with an issue naming file, line and field.
 * @param rows - rows from a {@link StepTable}.
 * @param options - run id and source name.
 * @param issues - issues array to append to.
 * @returns the events.
 */
export function rowsToTrainEvents(rows: readonly MetricRow[], options: AdapterOptions, issues: IngestIssue[]): TrainEvent[] {
  const events: TrainEvent[] = [];
  for (const row of rows) {
    if (Object.keys(row.values).length === 0 && row.nonFinite.length === 0) continue;
    const ev: Record<string, unknown> = { v: 1, type: 'train', run: options.run, step: row.step, ...row.values };
    for (const f of row.nonFinite) ev[f] = null;
    if (row.nonFinite.length > 0) ev.non_finite = [...row.nonFinite];
    if (row.ts !== undefined) ev.ts = row.ts;
    for (const f of EXTRA_FIELDS) {
      const x = ev[f];
      if (typeof x === 'number' && Math.abs(x) > 1e15) {
        issues.push(ingestIssues.invalidValue(f, String(x), 'expected |x| <= 1e15', { file: options.file, line: row.line }));
        delete ev[f];
      }
    }
    let parsed = trainEventSchema.safeParse(ev);
    while (!parsed.success) {
      const issue = parsed.error.issues[0];
      const key = issue?.path[0];
      const loc = { file: options.file, line: row.line };
      if (issue === undefined || typeof key !== 'string' || !(key in row.values)) {
        issues.push(ingestIssues.invalidEvent(formatPath('train', issue?.path ?? []), issue === undefined ? 'invalid' : describeIssue(issue, ev), loc));
        break;
      }
      issues.push(ingestIssues.invalidValue(key, String(ev[key]), describeIssue(issue, ev), loc));
      delete ev[key];
      parsed = trainEventSchema.safeParse(ev);
    }
    const kept = parsed.success && TRAIN_FIELDS.some((f) => f !== 'epoch' && (parsed.data as Record<string, unknown>)[f] !== undefined);
    if (parsed.success && kept) events.push(parsed.data);
  }
  return events;
}

/**
 * Parse a number written by Python (`str(float)`, `repr`, JSON): accepts `nan`, `inf`, `-inf`,
 * `Infinity`, `NaN` and plain decimals; returns undefined for anything else.
 * @example pyNumber('-inf') // -Infinity
 */
export function pyNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const low = t.toLowerCase();
  if (low === 'nan' || low === '-nan' || low === '+nan') return Number.NaN;
  if (low === 'inf' || low === '+inf' || low === 'infinity' || low === '+infinity') return Number.POSITIVE_INFINITY;
  if (low === '-inf' || low === '-infinity') return Number.NEGATIVE_INFINITY;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}
