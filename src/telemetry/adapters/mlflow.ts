/**
 * MLflow file-store metric files to `train` events. Layout (mlflow/store/tracking/file_store.py):
 * `mlruns/<experiment_id>/<run_id>/metrics/<key>`, one file per metric key (a key with `/`
 * becomes nested directories), one line per logged value: `"{timestamp} {value} {step}\n"` with
 * timestamp in ms since the epoch and value as Python `str(float)` (`nan`, `inf` possible). Old
 * files have two fields (no step; read as step 0, as MLflow does). Last value per step wins;
 * events come out in ascending step order (files are per key, so file order means nothing).
 */
import { readdir, readFile as readText } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { mapName, pyNumber, rowsToTrainEvents, StepTable, validStep, type AdapterOptions, type AdapterResult } from './metrics.js';
import { ingestIssues, IngestFailure, type IngestIssue } from '../errors.js';
import { errorText } from '../read.js';

/** One metric file: its key (path under `metrics/`, `/`-separated) and its text. */
export interface MlflowMetricFile {
  key: string;
  text: string;
  file?: string;
}

/**
 * Adapt the metric files of one MLflow run (kernel; no I/O).
 * @param files - metric files of the run; keys the tag map does not take are listed in `unmapped`.
 * @param options - run id (the protocol's, not MLflow's) and a name for issues.
 * @returns events merged by step, ascending, and issues naming file, line and key.
 * @example adaptMlflowMetrics([{ key: 'loss', text: '1764496800000 2.5 10\n' }], { run: 'r' })
 */
export function adaptMlflowMetrics(files: readonly MlflowMetricFile[], options: AdapterOptions): AdapterResult {
  const issues: IngestIssue[] = [];
  const table = new StepTable();
  const unmapped = new Set<string>();
  for (const f of files) {
    const field = mapName(options, f.key, unmapped);
    if (field === undefined) continue;
    const file = f.file ?? options.file;
    f.text.split('\n').forEach((raw, i) => {
      const line = raw.trim();
      if (line === '') return;
      const loc = { file, line: i + 1 };
      const parts = line.split(' ');
      if (parts.length !== 2 && parts.length !== 3) {
        issues.push(ingestIssues.invalidFormat(`${f.key}: expected "timestamp value step", got ${parts.length} fields`, loc));
        return;
      }
      const ts = pyNumber(parts[0]!);
      const value = pyNumber(parts[1]!);
      const step = parts.length === 3 ? pyNumber(parts[2]!) : 0;
      if (value === undefined) { issues.push(ingestIssues.invalidValue(f.key, parts[1]!, 'a number', loc)); return; }
      if (step === undefined || !validStep(step)) { issues.push(ingestIssues.invalidValue('step', parts[2] ?? '', 'an integer in [0, 1e12]', loc)); return; }
      const iso = ts !== undefined && Number.isInteger(ts) && ts >= 0 && ts < 8.64e15 ? new Date(ts).toISOString() : undefined;
      table.set(step, field, value, iso === undefined ? { line: i + 1 } : { ts: iso, line: i + 1 });
    });
  }
  return { events: rowsToTrainEvents(table.list('step'), options, issues), issues, unmapped: [...unmapped].sort() };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

/**
 * Read an MLflow run directory (`.../<run_id>`, or its `metrics` directory) and adapt it.
 * @param dir - run directory or metrics directory.
 * @param options - run id and name.
 * @returns events and issues.
 * @throws {IngestFailure} `unreadable_input` when the directory cannot be read.
 */
export async function readMlflowRun(dir: string, options: AdapterOptions): Promise<AdapterResult> {
  const metricsDir = dir.split(sep).at(-1) === 'metrics' ? dir : join(dir, 'metrics');
  try {
    const paths = await walk(metricsDir);
    const files = await Promise.all(paths.map(async (p) => ({
      key: relative(metricsDir, p).split(sep).join('/'), text: await readText(p, 'utf8'), file: p,
    })));
    return adaptMlflowMetrics(files, { ...options, file: options.file ?? metricsDir });
  } catch (err) {
    throw new IngestFailure(ingestIssues.unreadableInput(metricsDir, errorText(err)));
  }
}
