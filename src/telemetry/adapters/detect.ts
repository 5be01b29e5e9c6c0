/**
 * Choose the adapter for a trainer log by its name and first bytes, and read it.
 * Rules, first match wins: TensorBoard (`*tfevents*` name, or a first TFRecord header whose
 * checksum verifies); Hugging Face (`trainer_state.json`, or JSON with `"log_history"`); MLflow
 * (a run directory with `metrics/`, a `metrics` directory, or a file under `metrics/` whose lines
 * are `timestamp value step`); Lightning (`*.csv` with a `step` column); torchtune (lines
 * `Step N | ...`, or JSON lines with `"step"` and no protocol `"type"`). Protocol-v1 telemetry
 * itself is not an adapter input: detection returns undefined for it.
 */
import { open, readFile as readBytes, stat } from 'node:fs/promises';
import { basename, join, sep } from 'node:path';
import { crc32c, maskCrc } from './crc32c.js';
import { adaptTensorboard } from './tensorboard.js';
import { adaptHfTrainerState } from './hf-trainer-state.js';
import { adaptLightningCsv } from './lightning-csv.js';
import { adaptTorchtune } from './torchtune.js';
import { adaptMlflowMetrics, readMlflowRun } from './mlflow.js';
import type { AdapterOptions, AdapterResult } from './metrics.js';
import type { TagMap } from './tag-map.js';
import { IngestFailure, ingestIssues } from '../errors.js';
import { errorText } from '../read.js';

/** The adapters. */
export const ADAPTER_KINDS = ['tensorboard', 'hf_trainer_state', 'lightning_csv', 'torchtune', 'mlflow'] as const;
/** One adapter's name. */
export type AdapterKind = (typeof ADAPTER_KINDS)[number];

const HEAD_BYTES = 4096;

function tfrecordHeader(head: Uint8Array): boolean {
  if (head.length < 12) return false;
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  return v.getUint32(8, true) === maskCrc(crc32c(head, 0, 8));
}

/**
 * Pure detection from a file's path and its first bytes (no I/O).
 * @param path - file path (only its name and parent directories are looked at).
 * @param head - the first bytes of the file (4 KiB is plenty); may be empty.
 * @returns the adapter kind, or undefined (unknown format, or native protocol-v1 telemetry).
 * @example detectAdapterFromHead('out/trainer_state.json', new Uint8Array()) // 'hf_trainer_state'
 */
export function detectAdapterFromHead(path: string, head: Uint8Array): AdapterKind | undefined {
  const name = basename(path);
  if (name.includes('tfevents') || tfrecordHeader(head)) return 'tensorboard';
  if (name === 'trainer_state.json') return 'hf_trainer_state';
  const text = new TextDecoder().decode(head);
  const first = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  if (name.endsWith('.json') && text.includes('"log_history"')) return 'hf_trainer_state';
  if (path.split(/[\\/]/).includes('metrics') && /^\d+ \S+( -?\d+)?$/.test(first)) return 'mlflow';
  if (name.endsWith('.csv') && first.replace(/\r$/, '').split(',').includes('step')) return 'lightning_csv';
  if (/^Step \d+ \|/.test(first)) return 'torchtune';
  if (first.startsWith('{') && /"step"\s*:/.test(first) && !/"type"\s*:/.test(first)) return 'torchtune';
  return undefined;
}

/**
 * Detect the adapter for a path on disk (a directory is checked for the MLflow run layout).
 * @param path - file or directory.
 * @returns the kind, or undefined when no adapter applies.
 * @throws {IngestFailure} `unreadable_input` when the path cannot be read.
 */
export async function detectAdapter(path: string): Promise<AdapterKind | undefined> {
  try {
    const st = await stat(path);
    if (st.isDirectory()) {
      if (basename(path) === 'metrics') return 'mlflow';
      return (await stat(join(path, 'metrics')).then((s) => s.isDirectory(), () => false)) ? 'mlflow' : undefined;
    }
    const fh = await open(path, 'r');
    try {
      const buf = new Uint8Array(HEAD_BYTES);
      const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
      return detectAdapterFromHead(path, buf.subarray(0, bytesRead));
    } finally {
      await fh.close();
    }
  } catch (err) {
    throw new IngestFailure(ingestIssues.unreadableInput(path, errorText(err)));
  }
}

/** Options of {@link readAdapter}. */
export interface ReadAdapterOptions {
  /** Run id for the events. */
  run: string;
  /** Force an adapter instead of detecting it. */
  kind?: AdapterKind;
  /** Which names fill which field (default: the built-in table). */
  tags?: TagMap;
}

/**
 * Read a trainer log from disk and adapt it to `train` events.
 * @param path - file, or an MLflow run/metrics directory.
 * @param options - run id and optional forced kind.
 * @returns the kind used, the events and the issues.
 * @throws {IngestFailure} `invalid_format` when no adapter applies; `unreadable_input` on I/O errors.
 * @example const { events } = await readAdapter('out/checkpoint-500/trainer_state.json', { run: 'r1' });
 */
export async function readAdapter(path: string, options: ReadAdapterOptions): Promise<AdapterResult & { kind: AdapterKind }> {
  const kind = options.kind ?? (await detectAdapter(path));
  if (kind === undefined) throw new IngestFailure(ingestIssues.invalidFormat(`no adapter recognises ${path}`, { file: path }));
  const o: AdapterOptions = { run: options.run, file: path, ...(options.tags !== undefined ? { tags: options.tags } : {}) };
  if (kind === 'mlflow') {
    const isDir = await stat(path).then((s) => s.isDirectory(), () => false);
    if (isDir) return { kind, ...(await readMlflowRun(path, o)) };
    const parts = path.split(sep);
    const at = parts.lastIndexOf('metrics');
    const key = at >= 0 ? parts.slice(at + 1).join('/') : basename(path);
    return { kind, ...adaptMlflowMetrics([{ key, text: await readOrFail(path, 'utf8'), file: path }], o) };
  }
  if (kind === 'tensorboard') return { kind, ...adaptTensorboard(await readOrFail(path), o) };
  const text = await readOrFail(path, 'utf8');
  if (kind === 'hf_trainer_state') return { kind, ...adaptHfTrainerState(text, o) };
  if (kind === 'lightning_csv') return { kind, ...adaptLightningCsv(text, o) };
  return { kind, ...adaptTorchtune(text, o) };
}

async function readOrFail(path: string): Promise<Buffer>;
async function readOrFail(path: string, enc: 'utf8'): Promise<string>;
async function readOrFail(path: string, enc?: 'utf8'): Promise<Buffer | string> {
  try {
    return enc === undefined ? await readBytes(path) : await readBytes(path, enc);
  } catch (err) {
    throw new IngestFailure(ingestIssues.unreadableInput(path, errorText(err)));
  }
}

