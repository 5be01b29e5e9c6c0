/**
 * The run verdict (docs/protocol.md "verdict" line; mission.md "Definitions"):
 *   T (train_pass) from the train events (train-pass.ts),
 *   Learned from the eval items under the run's named rule (default 'exact_margin', valid at every gain
 *   <= delta; 'study' = one-sided exact McNemar at design.alpha AND (b - c) >= ceil(delta n)); the
 *   line always names the rule (`learned_rule_id`) and carries both decisions (`learned_exact_margin`,
 *   `learned_study`) so a report can show them side by side,
 *   TBDL := T and not Learned (null when there are no eval items: Learned is unknown).
 * Eval split: 'heldout' when present, else the only split seen, else the split with most items
 * (the line says which in `eval_split`). Cost: at the first alarm, spent up to its step and saved
 * against plan.steps; with no alarm, spent up to the end step (or the last step seen), saved 0.
 */
import type { OutputLine, VerdictLine } from '../telemetry/schema.js';
import { costAt, secondsPerStep } from './cost.js';
import { learnedFromTable, type LearnedResult } from './learned.js';
import { DEFAULT_LEARNED_RULE, learnedOptionsOf, type LearnedRule } from './learned-margin.js';
import { ALARM_NAMES, type AlarmName, type DetectorState } from './state.js';
import { evalSplitNamed, type EvalSplit } from './eval-pairs.js';
import { trainPassResult } from './train-pass.js';
import { skipGap } from './delivery.js';
import { draft } from './draft.js';

/** An alarm that fired: its name, step and round. */
export interface FiredAlarm { alarm: AlarmName; step: number; round: number | null; log_e: number | null; threshold: number }

/** The alarms that fired, in firing order (ties: A, B, C). */
export function firedAlarms(s: DetectorState): FiredAlarm[] {
  const list: FiredAlarm[] = [];
  for (const k of ['A', 'B', 'C'] as const) {
    const a = s.proc.alarms[k];
    if (a.fired && a.step !== null) list.push({ alarm: ALARM_NAMES[k], step: a.step, round: s.proc.alarmRounds[k], log_e: a.value, threshold: a.threshold });
  }
  return list.sort((x, y) => (x.round ?? x.step) - (y.round ?? y.step) || x.step - y.step);
}

/** The eval split the verdict uses, by the documented rule (null when none). */
export function evalSplit(s: DetectorState): string | null {
  const splits = s.eval.splits;
  if (splits.length === 0) return null;
  if (evalSplitNamed(s.eval, 'heldout') !== null) return 'heldout';
  let best = (splits[0] as EvalSplit).split, most = -1;
  for (const t of [...splits].sort((x, y) => (x.split < y.split ? -1 : x.split > y.split ? 1 : 0))) {
    const n = t.a + t.b + t.c + t.d;
    if (n > most) { most = n; best = t.split; }
  }
  return best;
}

/**
 * The Learned gate on the chosen split (null without eval items), under the rule `s.method` selects
 * (learned-margin.ts: default 'exact_margin'; 'study'; 'margin_test' also needs the lower bound > delta).
 */
export function learnedOf(s: DetectorState): LearnedResult | null {
  const split = evalSplit(s);
  if (split === null) return null;
  const t = evalSplitNamed(s.eval, split) as EvalSplit;
  return learnedFromTable({ a: t.a, b: t.b, c: t.c, d: t.d }, s.design, learnedOptionsOf(s.method));
}

/** The Learned rule a state's verdict applies. */
function learnedRuleOf(s: DetectorState): LearnedRule {
  return learnedOptionsOf(s.method).rule ?? DEFAULT_LEARNED_RULE;
}

/** Builds the verdict line from a (finished or not) state. Pure. */
export function verdictLine(s: DetectorState): VerdictLine {
  const t = trainPassResult(s.train, s.train_gate);
  const l = learnedOf(s);
  const alarms = firedAlarms(s);
  const first = alarms[0] ?? null;
  const rate = secondsPerStep(s.plan, s.train_clock, s.probe_clock);
  const stopStep = first !== null ? first.step : (s.end?.step ?? s.last_step);
  const cost = costAt(stopStep, s.plan, rate.seconds, rate.rule);
  const saved = first !== null ? { gpu_hours_saved: cost.gpu_hours_saved, usd_saved: cost.usd_saved } : { gpu_hours_saved: 0, usd_saved: 0 };
  const learnedV = l === null ? null : l.learned;
  return {
    type: 'verdict', run: s.run,
    train_pass: t.train_pass, learned: learnedV,
    tbdl: !t.train_pass ? false : learnedV === null ? null : !learnedV,
    mcnemar_p: l?.p ?? null, b: l?.b ?? null, c: l?.c ?? null, n: l?.n ?? null,
    alarm_step: first?.step ?? null, alarm: first?.alarm ?? null,
    alarms, no_probe_data: s.rounds.length === 0, design_source: s.design_source,
    gpu_hours_spent: cost.gpu_hours_spent, usd_spent: cost.usd_spent, ...saved, cost_rule: cost.cost_rule,
    train_reasons: t.reasons, min_steps: t.min_steps, grad_norm_bound: t.grad_norm_bound,
    mcnemar_log_p: l?.logP ?? null, required_gain: l?.requiredGain ?? null, learned_rule: l?.rule ?? null,
    eval_split: evalSplit(s), probe_rounds: s.rounds.length, fixed_probe: s.mode === 'fixed',
    duplicates: s.delivery.duplicates, gaps: s.delivery.gapCount, late: s.delivery.late, eval_rejected: s.eval.rejected,
    end_status: s.end?.status ?? null,
    learned_rule_id: l?.ruleId ?? learnedRuleOf(s), learned_exact_margin: l?.byRule.exact_margin ?? null, learned_study: l?.byRule.study ?? null,
    learned_margin_p: l?.marginP ?? null,
    ...(l !== null && l.ruleId === 'margin_test' ? { learned_lower_bound: l.lowerBound } : {}),
  };
}

/** Finalises a draft state in place: gives up pending gaps, flags missing probe data, emits the verdict. */
export function finishDraft(s: DetectorState, out: OutputLine[]): void {
  while (s.delivery.pending.length > 0) skipGap(s, out);
  if (s.rounds.length === 0 && !s.notices.includes('no_probe_data')) {
    s.notices = [...s.notices, 'no_probe_data'];
    out.push({ type: 'notice', code: 'no_probe_data', run: s.run, level: 'error',
      message: `run ${JSON.stringify(s.run)} sent no probe rounds: the online detector saw nothing, so "no alarm" means nothing here; add the probe helper to the job` });
  }
  out.push(verdictLine(s));
  s.finished = true;
}

/**
 * Finishes a run whose stream has no `end` event (or ends it early): same as receiving `end`,
 * without recording an end status. Pure.
 * @returns the finished state and the lines (gap / no-probe notices, then the verdict).
 * @example const { out } = detectorFinish(state); out.at(-1).type // 'verdict'
 */
export function detectorFinish(state: DetectorState): { state: DetectorState; out: OutputLine[] } {
  const s: DetectorState = draft(state);
  const out: OutputLine[] = [];
  if (s.finished) return { state: s, out };
  finishDraft(s, out);
  return { state: s, out };
}
