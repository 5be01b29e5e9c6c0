/**
 * One probe round through the composed detector (docs/readme/detector.md sections 1-3), applied in
 * seq order by apply.ts. Mutates the draft state it is given (apply.ts hands it a private copy).
 *
 * Before anything else the round's draws are checked (draws.ts: seeded rounds against the sampler,
 * unseeded ones by the id-overlap test); warm-ups are latched by the rounds' actual steps
 * (method.a_warmup_step, b_warmup_step), and pooled rounds feed the base-accuracy check (base-check.ts).
 * Pooled mode (fresh draws with replacement; items i.i.d. given the checkpoint):
 *  - A: capital process vs m = (1 - eps)/2 (E[D] >= -eps, eps = method.a_tolerance, default 0.02)
 *    from round 1, one bet per round on the round's counts (bettingUpdateRound), alarm at log(1/alpha_A).
 *  - B: E[D] >= delta from the warm-up round k0, alarm at log(1/alpha_B). Method 'stratified_kelly'
 *    (default, b-process.ts: observes every round, bets from k0) or 'paired' (the src/eprocess
 *    capital process vs m = (1+delta)/2 with design.strategy, started at k0).
 *  - C: Shiryaev-Roberts e-detector from round k0 on per-round e-values vs m = (1+delta)/2,
 *    alarm at log(K/alpha_C); rounds beyond K are not fed (its guarantee covers K rounds).
 *    The per-round e-value is the data-free grid average (roundGridLogEValue): its bets use no
 *    past data, so a collapse after a long learning phase is seen at once.
 * Fixed mode (the same item multiset is re-scored; declared or detected): pooling is invalid, so
 * A and B become fixed-probe combiners S_T = sum w_k E_k, w_k = 1/(k(k+1)), of data-free per-round
 * grid e-values (A from round 1, B from k0), rebuilt from the stored rounds at the switch; C is
 * switched off (its SR detector needs independent rounds; B's combiner covers E[D] >= delta).
 */
import { alarmUpdate, type AlarmState } from '../eprocess/alarm.js';
import { bettingLogValue, bettingUpdateRound, designBettingInit, type PairedCounts } from '../eprocess/betting.js';
import type { Design } from '../eprocess/design.js';
import { srInit, srLogValue, srUpdate } from '../eprocess/detectors.js';
import { fixedProbeCombinerInit, fixedProbeCombinerLogValue, fixedProbeCombinerUpdate } from '../eprocess/fixed-probe.js';
import { roundGridLogEValue } from '../eprocess/round-evalue.js';
import { stratKellyClone, stratKellyStep } from './b-process.js';
import { costAt, secondsPerStep } from './cost.js';
import { roundAccuracyInterval } from './cs.js';
import { drawCheckRound } from './draws.js';
import { baseCheckLogValue, baseCheckRound } from './base-check.js';
import { ALARM_NAMES, type DetectorState, type PendingRound, type RoundRecord } from './state.js';
import type { AlarmLine, OutputLine } from '../telemetry/schema.js';

const gridE = (counts: PairedCounts, m: number, d: Design): number => roundGridLogEValue(counts, { m, c: d.truncation });

function note(s: DetectorState, out: OutputLine[], code: string, fields: Record<string, unknown>): void {
  if (s.notices.includes(code)) return;
  s.notices = [...s.notices, code];
  out.push({ type: 'notice', code, run: s.run, ...fields });
}

/** Alarm A's null mean on the Y = (D+1)/2 scale: (1 - eps)/2. */
export const nullMeanA = (s: DetectorState): number => (1 - s.method.a_tolerance) / 2;

/** Largest log e-value one fixed-probe round of n items can add to A (all items D = -1). */
export function fixedRoundCap(n: number, d: Design, mA: number = d.nullMean.A): number {
  return gridE({ minus: n, zero: 0, plus: 0 }, mA, d);
}

/** Rebuilds the fixed-probe combiners from the stored rounds (used at the switch). */
function rebuildFixed(s: DetectorState): void {
  const d = s.design;
  let fa = fixedProbeCombinerInit();
  let fb = null as ReturnType<typeof fixedProbeCombinerInit> | null;
  let wa = false, wb = false; // the warm-up latches, replayed from the rounds' actual steps
  for (const r of s.rounds) {
    const c = { minus: r.minus, zero: r.zero, plus: r.plus };
    wa = wa || r.step >= s.method.a_warmup_step;
    wb = wb || r.step >= s.method.b_warmup_step;
    if (wa) fa = fixedProbeCombinerUpdate(fa, gridE(c, nullMeanA(s), d));
    if (wb) fb = fixedProbeCombinerUpdate(fb ?? fixedProbeCombinerInit(), gridE(c, d.nullMean.B, d));
  }
  s.proc.fixA = fa;
  s.proc.fixB = fb;
}

/**
 * A derived, hidden index (ids_key -> first round seq) per rounds array, so the fixed-probe check is
 * O(1) instead of a scan of every past round. It is NOT part of the state (which stays plain
 * JSON): it lives in a WeakMap keyed by the (never mutated) rounds array. When a transition
 * appends a round it moves the index from the old array to the new one (adding the new key), so a
 * linear stream costs O(1) per round; a caller who reuses an older state (forking, or a state
 * restored from JSON) finds no index for its array and it is rebuilt from the rounds in O(rounds).
 * Either way the answer equals the scan's: the first round with the same id multiset.
 */
const keyIndex = new WeakMap<readonly RoundRecord[], Map<string, number>>();

function keyIndexFor(rounds: readonly RoundRecord[]): Map<string, number> {
  let m = keyIndex.get(rounds);
  if (m === undefined) {
    m = new Map();
    for (const x of rounds) if (!m.has(x.ids_key)) m.set(x.ids_key, x.seq);
    keyIndex.set(rounds, m);
  }
  return m;
}

/**
 * Folds a pooled round's base outcomes into the base-accuracy check (base-check.ts); at a
 * rejection, alarm B's process observes the paired outcome and bets with the observed base rate
 * from the next round on (predictable: this round's bet was already placed).
 */
function checkBase(s: DetectorState, out: OutputLine[], r: PendingRound): void {
  const bc = baseCheckRound(s.base_check, r.n, r.base_correct, r.seq);
  s.base_check = bc;
  if (bc.rejected_round !== r.seq) return;
  const est = Math.min(0.999, Math.max(0.001, bc.k / bc.n));
  if (s.proc.Bs !== null) s.proc.Bs = { ...stratKellyClone(s.proc.Bs), stratify: false, mu0: est, theta: est + s.design.delta };
  note(s, out, 'base_accuracy_rejected', {
    step: r.step, round: r.seq, declared: s.base_accuracy, observed: bc.k / bc.n, base_items: bc.n, log_e: baseCheckLogValue(bc), alpha: bc.alpha,
    message: `the base's outcomes on ${bc.n} probe items (${(bc.k / bc.n).toFixed(3)} right) reject the declared base.pool_accuracy ${s.base_accuracy} (two-sided e-process at level ${bc.alpha}): alarm B observes the paired outcome and bets with the observed rate from round ${r.seq + 1}; the alarms' levels never rested on the declared value`,
  });
}

/** log(S + e^x / tail): the pooled value x after a fixed phase's credit (null: x itself). */
function credited(c: { logS: number; logTail: number } | null, x: number): number {
  if (c === null) return x;
  const y = x - c.logTail, mx = Math.max(c.logS, y);
  return mx === -Infinity ? -Infinity : mx + Math.log(Math.exp(c.logS - mx) + Math.exp(y - mx));
}

/** Unseeded draws passed the overlap test at round r: pooled betting from the next round on, with the combiners' credit. */
function passToPooled(s: DetectorState, out: OutputLine[], r: PendingRound): void {
  const creditOf = (f: typeof s.proc.fixA) => (f === null || f.k === 0 ? null : { logS: f.logS, logTail: Math.log(f.k + 1) });
  s.proc.credit = { A: creditOf(s.proc.fixA), B: creditOf(s.proc.fixB) };
  s.mode = 'pooled'; s.fixed_reason = null; s.fixed_since_round = null;
  note(s, out, 'probe_draws_verified', {
    step: r.step, round: r.seq,
    message: `the id overlap of rounds 1..${r.seq} matches sampling with replacement from ${s.pool_size} items: pooled betting from round ${r.seq + 1} (the fixed-probe evidence so far is kept)`,
  });
}

function fire(s: DetectorState, out: OutputLine[], letter: 'A' | 'B' | 'C', before: AlarmState, after: AlarmState, rec: RoundRecord, evidence: string): void {
  if (before.fired || !after.fired) return;
  s.proc.alarmRounds = { A: s.proc.alarmRounds.A, B: s.proc.alarmRounds.B, C: s.proc.alarmRounds.C, [letter]: rec.seq };
  const rate = secondsPerStep(s.plan, s.train_clock, s.probe_clock);
  const cost = costAt(rec.step, s.plan, rate.seconds, rate.rule);
  const line: AlarmLine = {
    type: 'alarm', run: s.run, step: rec.step, alarm: ALARM_NAMES[letter],
    log_e: after.value ?? NaN, threshold: after.threshold,
    probe_accuracy: rec.model_correct / rec.n, base_accuracy: s.base_accuracy,
    gpu_hours_saved: cost.gpu_hours_saved, usd_saved: cost.usd_saved,
    round: rec.seq, cs_lower: rec.cs_lower, cs_upper: rec.cs_upper,
    gpu_hours_spent: cost.gpu_hours_spent, usd_spent: cost.usd_spent,
    probe_accuracy_rule: 'round_mean', evidence, cost_rule: cost.cost_rule,
  };
  out.push(line);
}

/**
 * Applies the round `r` (its seq is the next one due) to the draft state `s`; appends any alarm
 * or notice lines to `out`.
 */
export function applyRound(s: DetectorState, r: PendingRound, out: OutputLine[]): void {
  const d = s.design;
  const counts: PairedCounts = { minus: r.minus, zero: r.zero, plus: r.plus };
  const key = r.ids_key;
  const drawsBefore = s.draws;
  s.draws = drawCheckRound(drawsBefore, s, r);
  const drawFail = s.draws.status === 'failed' && drawsBefore.status !== 'failed';
  const index = s.mode === 'pooled' ? keyIndexFor(s.rounds) : null;
  const seenAt = index?.get(key);
  const iv = roundAccuracyInterval(r.model_correct, r.n, d);
  const rec: RoundRecord = {
    seq: r.seq, step: r.step, n: r.n, minus: r.minus, zero: r.zero, plus: r.plus,
    model_correct: r.model_correct, base_correct: r.base_correct,
    log_e_a: null, log_e_b: null, log_e_c: null, cs_lower: iv.lower, cs_upper: iv.upper, mode: s.mode, ids_key: key,
  };
  if (drawFail) {
    note(s, out, 'probe_draw_mismatch', {
      step: r.step, round: r.seq, check: s.draws.rule, reason: s.draws.reason,
      message: `probe round ${r.seq} does not hold the fresh draws the run declared (${s.draws.reason ?? 'mismatch'}): from this round on the run is treated as a fixed probe`,
    });
  }
  if (s.mode === 'pooled' && (seenAt !== undefined || drawFail)) {
    s.mode = 'fixed'; s.fixed_since_round = r.seq;
    s.fixed_reason = seenAt !== undefined ? 'repeated_ids' : s.draws.rule === 'overlap' ? 'overlap_mismatch' : 'draw_mismatch';
    rebuildFixed(s); // from the rounds before this one; this round is added below
    rec.mode = 'fixed';
  }
  if (s.mode === 'fixed' && s.fixed_reason !== null) {
    const why = s.fixed_reason === 'declared' ? 'the probe re-scores the same items (declared sampling: fixed)'
      : s.fixed_reason === 'repeated_ids' ? `the probe re-scores the same items (round ${r.seq} repeats round ${String(seenAt)}'s ids)`
      : s.fixed_reason === 'unverified_draws' ? `the run declares fresh draws without a probe seed, so they are unverified until the id overlap between rounds matches sampling with replacement from ${s.pool_size} items`
      : `round ${r.seq} does not hold the declared fresh draws`;
    note(s, out, 'fixed_probe', {
      step: r.step, round: r.seq, reason: s.fixed_reason, ...(seenAt !== undefined ? { first_seen_round: seenAt } : {}),
      probe_size: r.n, max_log_e_per_round: fixedRoundCap(r.n, d, nullMeanA(s)),
      message: `${why}: pooling rounds would be invalid, so each round gives one e-value combined by S_T = sum_k E_k / (k(k+1)); evidence is capped by the probe size (${r.n} items); alarm C (collapse) is off`,
    });
  }
  // warm-ups by the rounds' actual steps (latched: once a round at or past the warm-up step is
  // applied, every later round counts), never by seq x the declared interval
  if (!s.warm.A && r.step >= s.method.a_warmup_step) s.warm = { A: true, B: s.warm.B };
  if (!s.warm.B && r.step >= s.method.b_warmup_step) s.warm = { A: s.warm.A, B: true };
  const betA = s.warm.A, betB = s.warm.B;
  if (r.step !== r.seq * s.probe.every) {
    note(s, out, 'probe_interval_mismatch', { step: r.step, round: r.seq, declared_every: s.probe.every,
      message: `probe round ${r.seq} is at step ${r.step}, not ${r.seq * s.probe.every} (declared every ${s.probe.every}): warm-ups follow the rounds' actual steps (A from step ${s.method.a_warmup_step}, B and C from step ${s.method.b_warmup_step})` });
  }
  const al = s.proc.alarms;
  let evidence: string;
  if (s.mode === 'pooled') {
    evidence = 'pooled_betting';
    if (betA) {
      s.proc.A = bettingUpdateRound(s.proc.A, counts);
      rec.log_e_a = credited(s.proc.credit.A, bettingLogValue(s.proc.A));
    }
    if (s.proc.Bs !== null) {
      const bs = stratKellyClone(s.proc.Bs);
      const a = r.model_correct - r.plus;
      stratKellyStep(bs, { a, b: r.plus, c: r.minus, d: r.n - a - r.plus - r.minus }, betB);
      s.proc.Bs = bs;
      if (betB) rec.log_e_b = credited(s.proc.credit.B, bs.logW);
    }
    checkBase(s, out, r);
    if (betB) {
      if (s.proc.Bs === null) {
        s.proc.B = bettingUpdateRound(s.proc.B ?? designBettingInit(d, 'B'), counts);
        rec.log_e_b = credited(s.proc.credit.B, bettingLogValue(s.proc.B));
      }
      if (r.seq <= d.horizonRounds) {
        s.proc.C = srUpdate(s.proc.C ?? srInit(), gridE(counts, d.nullMean.C, d));
      } else {
        note(s, out, 'horizon_exceeded', { step: r.step, round: r.seq, horizon_rounds: d.horizonRounds,
          message: `round ${r.seq} is past the planned horizon K = ${d.horizonRounds}: alarm C (collapse) stops, since its threshold log(K/alpha_C) covers K rounds only` });
      }
      if (s.proc.C !== null) rec.log_e_c = srLogValue(s.proc.C);
    }
  } else {
    evidence = 'fixed_probe_combiner';
    if (betA) {
      s.proc.fixA =  fixedProbeCombinerUpdate(s.proc.fixA ?? fixedProbeCombinerInit(), gridE(counts, nullMeanA(s), d));
      rec.log_e_a = fixedProbeCombinerLogValue(s.proc.fixA);
    }
    if (betB) {
      s.proc.fixB = fixedProbeCombinerUpdate(s.proc.fixB ?? fixedProbeCombinerInit(), gridE(counts, d.nullMean.B, d));
      rec.log_e_b = fixedProbeCombinerLogValue(s.proc.fixB);
    }
  }
  const next = {
    A: rec.log_e_a === null ? al.A : alarmUpdate(al.A, rec.log_e_a, r.step),
    B: rec.log_e_b === null ? al.B : alarmUpdate(al.B, rec.log_e_b, r.step),
    C: rec.log_e_c === null ? al.C : alarmUpdate(al.C, rec.log_e_c, r.step),
  };
  s.proc.alarms = next;
  const prev = s.rounds;
  const rounds = prev.slice();
  rounds.push(rec);
  s.rounds = rounds;
  if (index !== null) { // hand the index over to the new array (copy-on-write ownership transfer)
    keyIndex.delete(prev);
    if (!index.has(key)) index.set(key, rec.seq);
    keyIndex.set(rounds, index);
  }
  if (s.mode === 'fixed' && s.fixed_reason === 'unverified_draws' && s.draws.status === 'verified') passToPooled(s, out, r);
  fire(s, out, 'A', al.A, next.A, rec, evidence);
  fire(s, out, 'B', al.B, next.B, rec, evidence);
  fire(s, out, 'C', al.C, next.C, rec, 'shiryaev_roberts');
}
