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
import { ingestIssues, type IngestIssue } from '../errors.js';

/** log_history keys and the `train` field each fills. */
export const HF_FIELDS: ReadonlyArray<[string, TrainField]> = [
  ['loss', 'loss'], ['grad_norm', 'grad_norm'], ['learning_rate', 'lr'], ['eval_loss', 'eval_loss'],
];

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
    return { events: [], issues };
  }
  const history = (doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>).log_history : undefined);
  if (!Array.isArray(history)) {
    issues.push(ingestIssues.invalidFormat('log_history: missing (expected an array of log entries)', loc));
    return { events: [], issues };
  }
  const table = new StepTable();
  history.forEach((entry: unknown, i) => {
    const at = `log_history[${i}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      issues.push(ingestIssues.invalidValue(at, JSON.stringify(entry) ?? 'undefined', 'an object', loc));
      return;
    }
    const e = entry as Record<string, unknown>;
    const present = HF_FIELDS.filter(([k]) => e[k] !== undefined);
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
  return { events: rowsToTrainEvents(table.list(), options, issues), issues };
}
