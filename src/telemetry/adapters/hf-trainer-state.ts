/**
 * Hugging Face `trainer_state.json` to `train` events. The file is written by
 * `TrainerState.save_to_json` (transformers/trainer_callback.py: `json.dumps(asdict(self),
 * indent=2, sort_keys=True)`) at every checkpoint; its `log_history` holds one dict per
 * `Trainer.log` call: training entries `{epoch, grad_norm, learning_rate, loss, step}`, evaluation
 * entries `{epoch, eval_loss, eval_runtime, ..., step}` and one final summary `{train_loss,
 * train_runtime, ..., step}` (an average over the run, deliberately not mapped to `loss`).
 * Python writes NaN/Infinity as bare tokens; they become null plus `non_finite` on the event.
 */
import { parsePythonJson } from './python-json.js';
import { rowsToTrainEvents, StepTable, validStep, type AdapterOptions, type AdapterResult, type TrainField } from './metrics.js';
import { DEFAULT_TAG_MAP } from './tag-map.js';
import { ingestIssues, type IngestIssue } from '../errors.js';

/** log_history keys and the `train` field each fills (a `--map` entry for a key wins). */
export const HF_FIELDS: ReadonlyArray<[string, TrainField]> = [
  ['loss', 'loss'], ['grad_norm', 'grad_norm'], ['learning_rate', 'lr'], ['eval_loss', 'eval_loss'],
  ['eval_accuracy', 'eval_accuracy'], ['epoch', 'epoch'],
];
const HF_KEYS = new Map<string, TrainField>(HF_FIELDS);
const FIELD_ORDER: readonly TrainField[] = HF_FIELDS.map(([, f]) => f);
/** Keys that are bookkeeping, not metrics: never listed as unmapped. */
const HF_SILENT = new Set(['step']);

/** The field of a log_history key: the user's map first (when it names the key), then {@link HF_FIELDS}. */
function hfField(options: AdapterOptions, key: string, unmapped: Set<string>): TrainField | undefined {
  const user = options.tags !== undefined && options.tags !== DEFAULT_TAG_MAP ? options.tags.field(key) : undefined;
  const builtIn = DEFAULT_TAG_MAP.field(key);
  // a user map answers like the built-in table for names it does not override
  const f = user !== undefined && user !== builtIn ? user : HF_KEYS.get(key);
  if (f === undefined && !HF_SILENT.has(key)) unmapped.add(key);
  return f === 'ignore' ? undefined : f;
}

/**
 * Adapt the text of a `trainer_state.json`.
 * @param text - file contents.
 * @param options - run id and file name.
 * @returns events (one per step; training and eval entries of one step merged) and issues naming
 *   the field path such as `log_history[3].loss`; never throws on malformed input.
 * @example adaptHfTrainerState(readFileSync(p, 'utf8'), { run: 'r1', file: p }).events
 */
export function adaptHfTrainerState(text: string, options: AdapterOptions): AdapterResult {
  const issues: IngestIssue[] = [];
  const loc = { file: options.file };
  let doc: unknown;
  try {
    doc = parsePythonJson(text);
  } catch (err) {
    issues.push(ingestIssues.invalidJson(err instanceof Error ? err.message : String(err), loc));
    return { events: [], issues, unmapped: [] };
  }
  const history = (doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>).log_history : undefined);
  if (!Array.isArray(history)) {
    issues.push(ingestIssues.invalidFormat('log_history: missing (expected an array of log entries)', loc));
    return { events: [], issues, unmapped: [] };
  }
  const table = new StepTable();
  const unmapped = new Set<string>();
  history.forEach((entry: unknown, i) => {
    const at = `log_history[${i}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      issues.push(ingestIssues.invalidValue(at, JSON.stringify(entry) ?? 'undefined', 'an object', loc));
      return;
    }
    const e = entry as Record<string, unknown>;
    const present: Array<[string, TrainField]> = [];
    for (const k of Object.keys(e)) {
      const f = hfField(options, k, unmapped);
      if (f !== undefined) present.push([k, f]);
    }
    present.sort((a, b) => FIELD_ORDER.indexOf(a[1]) - FIELD_ORDER.indexOf(b[1]));
    if (present.length === 0) return;
    const step = e.step;
    if (typeof step !== 'number' || !validStep(step)) {
      issues.push(ingestIssues.invalidValue(`${at}.step`, String(step), 'an integer in [0, 1e12]', loc));
      return;
    }
    for (const [k, field] of present) {
      const v = e[k];
      if (typeof v !== 'number') {
        issues.push(ingestIssues.invalidValue(`${at}.${k}`, JSON.stringify(v) ?? String(v), 'a number', loc));
        continue;
      }
      table.set(step, field, v);
    }
  });
  return { events: rowsToTrainEvents(table.list(), options, issues), issues, unmapped: [...unmapped].sort() };
}
