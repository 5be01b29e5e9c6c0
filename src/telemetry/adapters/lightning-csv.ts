/**
 * Lightning `metrics.csv` to `train` events. Written by CSVLogger's experiment writer
 * (lightning/fabric/loggers/csv_logs.py `_ExperimentWriter.save`): a `csv.DictWriter` with the
 * sorted union of metric keys as header (always `step`, and `epoch` from the Trainer), one row per
 * `log_metrics` call, empty cells for keys that row did not log; when new keys appear the whole
 * file is rewritten with the wider header (`_rewrite_with_new_header`). Values are Python floats
 * (`nan`, `inf` possible). Rows of one step (train row, validation row) are merged.
 * Follow a growing/rewritten file by re-adapting it and passing the events through
 * `createRereadFilter`, which emits only new or changed steps.
 */
import { parseCsv } from './csv.js';
import { mapName, pyNumber, rowsToTrainEvents, StepTable, validStep, type AdapterOptions, type AdapterResult } from './metrics.js';
import { ingestIssues, type IngestIssue } from '../errors.js';

/**
 * Adapt the text of a Lightning `metrics.csv`.
 * Columns mapped: `train_loss`/`train_loss_step`/`loss` to loss, `lr-<Optimizer>`/`lr` to lr,
 * `grad_2.0_norm_total`/`grad_norm` to grad_norm, `val_loss`/`val/loss` to eval_loss (metricField).
 * @param text - file contents (a snapshot; may be caught mid-rewrite, which yields issues).
 * @param options - run id and file name.
 * @returns events and issues naming file, line and column; never throws.
 * @example adaptLightningCsv(readFileSync(p, 'utf8'), { run: 'r1', file: p }).events
 */
export function adaptLightningCsv(text: string, options: AdapterOptions): AdapterResult {
  const issues: IngestIssue[] = [];
  const file = options.file;
  const { records, unterminated } = parseCsv(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const header = records[0];
  if (header === undefined) return { events: [], issues, unmapped: [] };
  const stepCol = header.cells.indexOf('step');
  if (stepCol < 0) {
    issues.push(ingestIssues.invalidFormat('header has no "step" column', { file, line: header.line }));
    return { events: [], issues, unmapped: [] };
  }
  const unmapped = new Set<string>();
  const mapped = header.cells.map((k, c) => (c === stepCol ? undefined : mapName(options, k, unmapped)));
  const table = new StepTable();
  const last = records.length - 1;
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    if (rec.cells.length !== header.cells.length) {
      const cut = r === last && (unterminated || rec.cells.length < header.cells.length);
      issues.push(cut
        ? ingestIssues.truncatedRecord(header.cells.length, rec.cells.length, { file, line: rec.line })
        : ingestIssues.invalidFormat(`row has ${rec.cells.length} cells, header has ${header.cells.length}`, { file, line: rec.line }));
      continue;
    }
    const stepText = rec.cells[stepCol]!;
    const step = pyNumber(stepText);
    if (step === undefined || !validStep(step)) {
      issues.push(ingestIssues.invalidValue('step', stepText, 'an integer in [0, 1e12]', { file, line: rec.line }));
      continue;
    }
    rec.cells.forEach((cell, c) => {
      const field = mapped[c];
      if (field === undefined || cell === '') return;
      const v = pyNumber(cell);
      if (v === undefined) issues.push(ingestIssues.invalidValue(header.cells[c]!, cell, 'a number', { file, line: rec.line }));
      else table.set(step, field, v, { line: rec.line });
    });
  }
  return { events: rowsToTrainEvents(table.list(), options, issues), issues, unmapped: [...unmapped].sort() };
}
