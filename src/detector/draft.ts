/**
 * The copy-on-write step behind the detector's pure transitions (apply.ts, verdict.ts).
 */
import type { DetectorState } from './state.js';

/**
 * A private copy of the parts of the state a transition may replace: the top level, `delivery`,
 * `proc` and `ignored` are copied field by field (explicit literals keep one hidden class each and
 * are several times faster than spreads); deeper objects and arrays are shared and treated as
 * immutable: a transition replaces them (copy-on-write), never mutates them. So the caller's state
 * is never modified (detectorApply is pure from the caller's point of view) while a round costs
 * O(1) object copies plus one pointer copy of `rounds`.
 */
export function draft(s: DetectorState): DetectorState {
  const d = s.delivery, p = s.proc, ig = s.ignored;
  return {
    v: s.v, kind: s.kind, run: s.run, base_accuracy: s.base_accuracy, pool_size: s.pool_size, probe: s.probe, plan: s.plan,
    design: s.design, design_source: s.design_source, design_input: s.design_input, method: s.method, train_gate: s.train_gate,
    train: s.train, train_clock: s.train_clock, probe_clock: s.probe_clock, train_series: s.train_series, train_stride: s.train_stride,
    delivery: { nextSeq: d.nextSeq, pending: d.pending, maxPending: d.maxPending, gapAfter: d.gapAfter, duplicates: d.duplicates, late: d.late, gapSeqs: d.gapSeqs, gapCount: d.gapCount },
    mode: s.mode, fixed_reason: s.fixed_reason, fixed_since_round: s.fixed_since_round, rounds: s.rounds,
    warm: s.warm, draws: s.draws, pool_ids: s.pool_ids, base_check: s.base_check,
    proc: { A: p.A, B: p.B, Bs: p.Bs, C: p.C, fixA: p.fixA, fixB: p.fixB, alarms: p.alarms, credit: p.credit, alarmRounds: p.alarmRounds },
    eval: s.eval, eval_duplicates: s.eval_duplicates, end: s.end, finished: s.finished,
    notices: s.notices, last_step: s.last_step,
    ignored: { run_repeats: ig.run_repeats, after_finish: ig.after_finish, unknown_type: ig.unknown_type },
  };
}
