/**
 * The detector's state: everything the composed clean-probe detector knows about one run, as
 * plain JSON (JSON.stringify / JSON.parse round-trips it, so a monitor can checkpoint and resume).
 *
 * Memory: O(rounds) for the per-round records (about 20 numbers each: 10,000 rounds is ~2 MB of
 * JSON) plus the train-loss series, thinned to at most TRAIN_SERIES_CAP points (stride doubling),
 * (each round record carries a ~26-character key of its id multiset for fixed-probe detection). Everything else is O(1).
 */
import type { LearnedMethod } from './learned-margin.js';
import type { DrawCheck } from './draws.js';
import type { BaseCheck } from './base-check.js';
import type { EvalState } from './eval-pairs.js';
import type { BettingState, Design, DesignInput } from '../eprocess/index.js';
import type { AlarmState, FixedProbeCombinerState, SrState } from '../eprocess/index.js';
import type { BMethod, StratKellyState } from './b-process.js';
import type { CostPlan, StepClock } from './cost.js';
import type { DesignSource } from './design-map.js';
import type { TrainGate, TrainPassState } from './train-pass.js';

/** Alarm names of telemetry v1 and the design's alarm letters. */
export type AlarmName = 'worse_than_base' | 'not_learned' | 'collapse';
/** Alarm letter -> telemetry name. */
export const ALARM_NAMES = { A: 'worse_than_base', B: 'not_learned', C: 'collapse' } as const;

/** One applied probe round (also the detector_series row for that round). */
export interface RoundRecord {
  seq: number;
  step: number;
  n: number;
  minus: number;
  zero: number;
  plus: number;
  model_correct: number;
  base_correct: number;
  /** Evidence after this round (null while the alarm's process is not running). */
  log_e_a: number | null;
  log_e_b: number | null;
  log_e_c: number | null;
  cs_lower: number | null;
  cs_upper: number | null;
  mode: 'pooled' | 'fixed';
  /** Order-free key of the round's id multiset (fixed-probe detection). */
  ids_key: string;
}

/** A probe round waiting for an earlier `seq` (out-of-order delivery). */
export interface PendingRound {
  seq: number;
  step: number;
  ts: string | null;
  /** Order-free key of the round's id multiset (see idsKey in probe-round.ts); the ids are not kept. */
  ids_key: string;
  /** Each item's 52-bit id hash in item order, when the draw check needs them (draws.ts), else null. */
  id_hashes: number[] | null;
  minus: number; zero: number; plus: number;
  model_correct: number; base_correct: number; n: number;
}

/** Exactly-once bookkeeping for probe rounds. */
export interface DeliveryState {
  /** The next seq to apply. */
  nextSeq: number;
  /** Buffered later rounds, sorted by seq, at most maxPending. */
  pending: PendingRound[];
  maxPending: number;
  /**
   * A missing seq is given up once this many later rounds have arrived (arrival only, never
   * content), so one lost round delays the alarms by at most this many rounds.
   */
  gapAfter: number;
  duplicates: number;
  /** Rounds that arrived after their seq had been given up as a gap (not applied). */
  late: number;
  /** Seqs given up as gaps (first 1000 kept), and their count. */
  gapSeqs: number[];
  gapCount: number;
}

/** The evidence processes (see round.ts for what feeds each). */
export interface ProcessState {
  A: BettingState;
  /** Alarm B with method 'paired' (src/eprocess capital process on D); null otherwise or before k0. */
  B: BettingState | null;
  /** Alarm B with method 'stratified_kelly' (b-process.ts): observes every round, bets from k0. */
  Bs: StratKellyState | null;
  C: SrState | null;
  fixA: FixedProbeCombinerState | null;
  fixB: FixedProbeCombinerState | null;
  alarms: { A: AlarmState; B: AlarmState; C: AlarmState };
  /**
   * Evidence carried from a fixed-probe phase into pooled betting when unseeded draws pass the
   * overlap test at round tau (draws.ts): the alarm's value is then log(S_tau + W_T / (k_tau + 1)),
   * S_tau the combiner's value and k_tau its rounds at the pass, W_T the pooled process started
   * after tau. The combiner's unused weight sum_{k > k_tau} 1/(k(k+1)) = 1/(k_tau + 1) goes to W,
   * so the whole is a nonnegative supermartingale from 1 under fresh draws (Ville: level kept).
   * null without such a pass, or for an alarm whose combiner had not started.
   */
  credit: { A: { logS: number; logTail: number } | null; B: { logS: number; logTail: number } | null };
  /** Round at which each alarm fired (null until then). */
  alarmRounds: { A: number | null; B: number | null; C: number | null };
}

/** Per-split 2x2 tables of the eval items (a both right, b only model, c only base, d both wrong). */
export interface EvalTable { a: number; b: number; c: number; d: number; events: number }

/** Plain-JSON state of the detector for one run. */
export interface DetectorState {
  v: 1;
  kind: 'detector';
  run: string;
  base_accuracy: number;
  pool_size: number;
  probe: { size: number; every: number; sampling: 'with_replacement' | 'fixed'; seed: number | null };
  plan: CostPlan & { gpu_type: string };
  design: Design;
  design_source: DesignSource;
  design_input: DesignInput;
  /**
   * Detector-level pre-registration beyond the Design: alarm A tests E[D_k] >= -a_tolerance
   * (Y-scale null mean (1 - a_tolerance)/2) for rounds k >= a_warmup_round; alarm B uses method `b`.
   */
  method: { a_tolerance: number; a_warmup_round: number; b: BMethod; a_warmup_step: number; b_warmup_step: number } & LearnedMethod;
  /**
   * Warm-up latches: alarm A (B and C) bets from the first applied round whose actual step is at
   * least method.a_warmup_step (b_warmup_step) = the warm-up round x the declared interval, on.
   */
  warm: { A: boolean; B: boolean };
  train_gate: TrainGate;
  train: TrainPassState;
  train_clock: StepClock;
  probe_clock: StepClock;
  /** Thinned train-loss series: at most TRAIN_SERIES_CAP points, every `train_stride`-th step kept. */
  train_series: { step: number; loss: number | null }[];
  train_stride: number;
  delivery: DeliveryState;
  mode: 'pooled' | 'fixed';
  /**
   * Why rounds count as a fixed probe: declared; the same id multiset twice; a seeded draw that
   * does not match the sampler ('draw_mismatch'); unseeded draws not (yet) verified by the overlap
   * test ('unverified_draws') or failing it after a pass ('overlap_mismatch').
   */
  fixed_reason: 'declared' | 'repeated_ids' | 'draw_mismatch' | 'unverified_draws' | 'overlap_mismatch' | null;
  fixed_since_round: number | null;
  rounds: RoundRecord[];
  /** The probe-draw check (draws.ts) and the run's `probe.pool_ids` when given (position -> id). */
  draws: DrawCheck;
  pool_ids: string[] | null;
  /** The check of the declared base accuracy on the pooled rounds' base outcomes (base-check.ts). */
  base_check: BaseCheck;
  proc: ProcessState;
  /** Held-out eval tables per split, each item id counted once per split (eval-pairs.ts). */
  eval: EvalState;
  /** Exact redeliveries of eval events (counted once). */
  eval_duplicates: number;
  end: { step: number; status: 'completed' | 'failed' | 'stopped' } | null;
  finished: boolean;
  /** Notice codes already emitted (each once). */
  notices: string[];
  last_step: number;
  ignored: { run_repeats: number; after_finish: number; unknown_type: number };
}

/** Train-series cap: beyond it the series is thinned by keeping every other point. */
export const TRAIN_SERIES_CAP = 4096;
/** Default tolerance of alarm A (tests E[D] >= -0.02; see DetectorOptions.aTolerance and docs/power.md). */
export const DEFAULT_A_TOLERANCE = 0.02;
/** Default bound on buffered out-of-order rounds before a gap is declared. */
export const DEFAULT_MAX_PENDING = 64;
/** Default number of later rounds after which a missing round is given up as a gap. */
export const DEFAULT_GAP_AFTER = 4;
