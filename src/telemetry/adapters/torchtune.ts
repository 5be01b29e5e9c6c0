/**
 * torchtune metric logs to `train` events. Two line formats of its `DiskLogger`
 * (torchtune/training/metric_logging.py):
 *  - txt (the default): `Step {step} | {name}:{value} {name}:{value} ` from `log_dict`, or
 *    `Step {step} | {name}:{value}` from `log`; values are f-string formatted, so the 0-dim
 *    tensor recipes pass as `grad_norm` prints as its float (`Tensor.__format__` uses `.item()`);
 *    a `str(tensor)` form `tensor(0.87, device='cuda:0')` is also accepted;
 *  - jsonl (`output_fmt="jsonl"` in later/derived versions): `json.dump({"step": step} | payload)`
 *    per line, Python's default separators, tensors via `.tolist()`, NaN as a bare token.
 * Recipes log `loss`, `lr`, `tokens_per_second_per_gpu`, optionally `grad_norm` and
 * `peak_memory_*`; only loss, lr, grad_norm (and eval/val loss names) are mapped.
 */
import { parsePythonJson } from './python-json.js';
import { mapName, pyNumber, rowsToTrainEvents, StepTable, validStep, type AdapterOptions, type AdapterResult } from './metrics.js';
import { ingestIssues, type IngestIssue } from '../errors.js';

const TXT_LINE = /^Step (\d+) \| ?(.*)$/;
const TXT_PAIR = /([^\s:]+):(tensor\([^)]*\)|\S+)/g;
const TENSOR = /^tensor\(\s*([^,)\s]+)/;

function txtValue(raw: string): number | undefined {
  const m = TENSOR.exec(raw);
  return pyNumber(m?.[1] ?? raw);
}

/**
 * Adapt the text of a torchtune DiskLogger file (txt or jsonl, detected per line).
 * @param text - file contents.
 * @param options - run id and file name.
 * @returns events and issues naming file, line and metric; never throws.
 * @example adaptTorchtune('Step 1 | loss:2.5 lr:2e-05 \n', { run: 'r' }).events[0].loss // 2.5
 */
export function adaptTorchtune(text: string, options: AdapterOptions): AdapterResult {
  const issues: IngestIssue[] = [];
  const file = options.file;
  const table = new StepTable();
  const unmapped = new Set<string>();
  const lines = text.split('\n');
  lines.forEach((rawLine, i) => {
    const lineNo = i + 1;
    const line = rawLine.replace(/\r$/, '').trim();
    if (line === '') return;
    const loc = { file, line: lineNo };
    if (line.startsWith('{')) {
      let obj: unknown;
      try {
        obj = parsePythonJson(line);
      } catch (err) {
        if (i === lines.length - 1) issues.push(ingestIssues.truncatedRecord(line.length + 1, line.length, loc));
        else issues.push(ingestIssues.invalidJson(err instanceof Error ? err.message : String(err), loc));
        return;
      }
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
        issues.push(ingestIssues.notAnObject(Array.isArray(obj) ? 'array' : typeof obj, loc));
        return;
      }
      const rec = obj as Record<string, unknown>;
      const step = rec.step;
      if (typeof step !== 'number' || !validStep(step)) {
        issues.push(ingestIssues.invalidValue('step', JSON.stringify(step) ?? 'undefined', 'an integer in [0, 1e12]', loc));
        return;
      }
      for (const [k, v] of Object.entries(rec)) {
        const field = k === 'step' ? undefined : mapName(options, k, unmapped);
        if (field === undefined) continue;
        const x = typeof v === 'number' ? v : Array.isArray(v) && v.length === 1 && typeof v[0] === 'number' ? v[0] : undefined;
        if (x === undefined) issues.push(ingestIssues.invalidValue(k, JSON.stringify(v) ?? String(v), 'a number', loc));
        else table.set(step, field, x, { line: lineNo });
      }
      return;
    }
    const m = TXT_LINE.exec(line);
    if (m === null) {
      issues.push(ingestIssues.invalidFormat('expected "Step N | name:value ..." or a JSON object', loc));
      return;
    }
    const step = Number(m[1]);
    if (!validStep(step)) {
      issues.push(ingestIssues.invalidValue('step', m[1]!, 'an integer in [0, 1e12]', loc));
      return;
    }
    for (const pair of (m[2] ?? '').matchAll(TXT_PAIR)) {
      const field = mapName(options, pair[1]!, unmapped);
      if (field === undefined) continue;
      const x = txtValue(pair[2]!);
      if (x === undefined) issues.push(ingestIssues.invalidValue(pair[1]!, pair[2]!, 'a number', loc));
      else table.set(step, field, x, { line: lineNo });
    }
  });
  return { events: rowsToTrainEvents(table.list(), options, issues), issues, unmapped: [...unmapped].sort() };
}
