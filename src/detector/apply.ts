/**
 * The detector's one pure transition: state + telemetry event -> new state + output lines.
 *
 * Exactly-once by `seq` (docs/readme/detector.md section 6): a probe round is applied only when
 * its seq is the next one due; later rounds wait in a bounded buffer (state.delivery.maxPending)
 * and are applied in seq order as soon as the gap closes, so any delivery order that stays within
 * the buffer gives the same evidence, state and output lines as in-order delivery. A repeated seq
 * (already applied or already buffered) is a duplicate: counted, never applied. When the buffer
 * overflows, or at the end of the run, missing seqs are given up as gaps (a `probe_gap` notice;
 * a round arriving after its seq was given up is counted as late and not applied).
 * Train and eval events are order-independent folds (min/max/sum); a redelivered eval event
 * (same split, step and items) counts once, and an eval event repeating an item id already counted
 * in its split is rejected with an `eval_repeated` notice (eval-pairs.ts). `end` finalises: the verdict line is emitted and
 * later events are ignored (counted).
 */
import type { OutputLine, TelemetryEvent } from '../telemetry/schema.js';
import { clockUpdate } from './cost.js';
import { detectorErrors } from './errors.js';
import { onProbe } from './delivery.js';
import { TRAIN_SERIES_CAP, type DetectorState } from './state.js';
import { trainPassUpdate } from './train-pass.js';
import { finishDraft } from './verdict.js';
import { draft } from './draft.js';
import { evalApply } from './eval-pairs.js';

/** Result of {@link detectorApply}. */
export interface DetectorStep {
  state: DetectorState;
  out: OutputLine[];
}

function onTrain(s: DetectorState, ev: Extract<TelemetryEvent, { type: 'train' }>): void {
  s.train = trainPassUpdate(s.train, ev, s.train_gate);
  s.train_clock = clockUpdate(s.train_clock, ev.step, ev.ts);
  if (ev.step % s.train_stride !== 0) return;
  const series = s.train_series;
  let i = series.length;
  while (i > 0 && (series[i - 1] as { step: number }).step > ev.step) i--;
  if (i > 0 && (series[i - 1] as { step: number }).step === ev.step) return; // redelivered step
  const next = series.slice();
  if (i === next.length) next.push({ step: ev.step, loss: ev.loss ?? null });
  else next.splice(i, 0, { step: ev.step, loss: ev.loss ?? null });
  if (next.length > TRAIN_SERIES_CAP) {
    let thinned = next;
    while (thinned.length > TRAIN_SERIES_CAP) {
      s.train_stride *= 2;
      thinned = next.filter((p) => p.step % s.train_stride === 0);
    }
    s.train_series = thinned;
  } else s.train_series = next;
}

function onEval(s: DetectorState, ev: Extract<TelemetryEvent, { type: 'eval' }>, out: OutputLine[]): void {
  const r = evalApply(s.eval, ev, s.run);
  s.eval = r.state;
  if (r.duplicate) s.eval_duplicates += 1;
  if (r.notice !== null) out.push(r.notice);
}

/**
 * Folds one telemetry event into the detector. Pure: the input state is not modified.
 * @param state from {@link detectorInit} or a previous call (plain JSON).
 * @param event a protocol-v1 event of this run (validated by src/telemetry/schema.ts).
 * @returns the new state and the lines to write: alarms (each alarm once, latched), notices
 *   (`fixed_probe`, `probe_gap`, `horizon_exceeded`, `no_probe_data`) and, on `end`, the verdict.
 * @throws `run_mismatch` when the event belongs to another run.
 * @example let st = detectorInit(run); for (const ev of events) { const r = detectorApply(st, ev); st = r.state; lines.push(...r.out); }
 */
export function detectorApply(state: DetectorState, event: TelemetryEvent): DetectorStep {
  if (event.run !== state.run) throw detectorErrors.runMismatch(state.run, event.run);
  const s = draft(state);
  const out: OutputLine[] = [];
  if (s.finished) { s.ignored.after_finish += 1; return { state: s, out }; }
  if ('step' in event && typeof event.step === 'number' && event.step > s.last_step) s.last_step = event.step;
  switch (event.type) {
    case 'run': s.ignored.run_repeats += 1; break;
    case 'probe': onProbe(s, event, out); break;
    case 'train': onTrain(s, event); break;
    case 'eval': onEval(s, event, out); break;
    case 'end':
      s.end = { step: event.step, status: event.status };
      finishDraft(s, out);
      break;
    default: s.ignored.unknown_type += 1;
  }
  return { state: s, out };
}
