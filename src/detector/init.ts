/**
 * Starting the detector for one run from its `run` event (telemetry v1).
 */
import { checkLearnedRule, type LearnedRule } from './learned-margin.js';
import { alarmInit, bettingInit, type DesignInput } from '../eprocess/index.js';
import { DEFAULT_B_METHOD, stratKellyInit, type BMethod } from './b-process.js';
import { MAX_PRIOR_GAPS } from './b-prior.js';
import type { RunEvent } from '../telemetry/schema.js';
import { clockInit } from './cost.js';
import { drawCheckInit, poolIdsOf } from './draws.js';
import { evalInit } from './eval-pairs.js';
import { BASE_CHECK_SHARE, baseCheckInit } from './base-check.js';
import { detectorDesignFor } from './design-map.js';
import { detectorErrors } from './errors.js';
import { DEFAULT_A_TOLERANCE, DEFAULT_GAP_AFTER, DEFAULT_MAX_PENDING, type DetectorState } from './state.js';
import { trainGateFor, trainPassInit, type TrainGate } from './train-pass.js';

/** Options of {@link detectorInit} beyond the design. */
export interface DetectorOptions {
  /** Most out-of-order rounds buffered before a gap is declared, integer >= 1 [64]. */
  maxPending?: number;
  /**
   * A missing round is given up (a `probe_gap` notice) once this many later rounds have arrived,
   * integer >= 1 [DEFAULT_GAP_AFTER = 4]; the rule depends on arrivals only, never on content.
   */
  gapAfter?: number;
  /**
   * Take the run's declared fresh draws on trust: no seed check, no overlap test, pooled betting
   * from round 1 [false]. INVALID when the probe is in fact re-scored (about a quarter of null runs
   * false-alarm): it exists only to reproduce the reference study's pooled design beside ours
   * (src/table1/study-design.ts). Repeated ids still switch the run to the fixed-probe path.
   */
  trustDraws?: boolean;
  /** Train gate T; defaults from {@link trainGateFor}(plan.steps): K = ceil(10% of plan), bound 1e3. */
  trainGate?: Partial<TrainGate>;
  /**
   * Alarm A's pre-registered tolerance eps, 0 <= eps < 1 [DEFAULT_A_TOLERANCE = 0.02]: A tests
   * H0_A: E[D_k] >= -eps for every round (worse than base by more than eps), so a dip of a point or
   * two that a healthy run recovers from is inside the null. eps = 0 is the spec's strict A.
   */
  aTolerance?: number;
  /**
   * Alarm A's warm-up round k_A, integer >= 1 [the first round at or after the train gate's
   * minSteps K (default ceil(10% of plan), see aWarmupRoundFor), e.g. 3 for 300 steps every 10]:
   * A bets from round k_A, so H0_A covers rounds k >= k_A only (a transient dip during the
   * learning-rate warm-up is not evidence of TBDL). 1 is the spec's literal "from round 1".
   */
  aWarmupRound?: number;
  /** Alarm B's method [DEFAULT_B_METHOD: stratified plug-in Kelly, see b-process.ts]. */
  bMethod?: Partial<BMethod>;
  /** The Learned gate's rule ['exact_margin' (valid at every gain <= margin); 'study' reproduces the reference study; 'margin_test'; see learned-margin.ts]. */
  learnedRule?: LearnedRule;
  /** Mid-p McNemar in the Learned gate [false]. */
  learnedMidP?: boolean;
}

/**
 * Alarm A's default warm-up round: the first probe round at or after the train gate's
 * K = ceil(10% of plan.steps) steps, i.e. max(1, ceil(ceil(0.1 planSteps) / every)).
 * @example aWarmupRoundFor(300, 10) // 3
 */
export function aWarmupRoundFor(planSteps: number, every: number): number {
  return Math.max(1, Math.ceil(Math.ceil(0.1 * planSteps) / every));
}

/**
 * Starts the composed detector (alarms A, B, C) for a run.
 * @param run the run's `run` event: mu0 = base.pool_accuracy, probe and plan, optional design.
 * @param override design fields from the monitor's own config; they win over run.design
 *   (`design_source` records which was used: 'override' | 'run' | 'default').
 * @param options buffer size and train-gate parameters.
 * @returns a plain-JSON {@link DetectorState}.
 * @throws `missing_run` when `run` is not a run event; DesignError (src/eprocess, coded) when the
 *   design is invalid; `invalid_design` for a bad maxPending, train gate, aTolerance or bMethod.
 * @example const s = detectorInit(runEvent, { delta: 0.05 }); s.design_source // 'override'
 */
export function detectorInit(run: RunEvent, override?: Partial<DesignInput>, options: DetectorOptions = {}): DetectorState {
  if (run === null || typeof run !== 'object' || run.type !== 'run') throw detectorErrors.missingRun();
  const { design, source, input } = detectorDesignFor(run, override);
  const maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
  if (!Number.isInteger(maxPending) || maxPending < 1) throw detectorErrors.invalidDesign(`maxPending ${maxPending} (expected an integer >= 1)`);
  const gapAfter = options.gapAfter ?? DEFAULT_GAP_AFTER;
  if (!Number.isInteger(gapAfter) || gapAfter < 1) throw detectorErrors.invalidDesign(`gapAfter ${gapAfter} (expected an integer >= 1)`);
  const gate = { ...trainGateFor(run.plan.steps), ...options.trainGate };
  if (!Number.isInteger(gate.minSteps) || gate.minSteps < 0) throw detectorErrors.invalidDesign(`trainGate.minSteps ${gate.minSteps} (expected an integer >= 0)`);
  if (!(gate.gradNormBound > 0)) throw detectorErrors.invalidDesign(`trainGate.gradNormBound ${gate.gradNormBound} (expected > 0)`);
  const plan = {
    steps: run.plan.steps, gpus: run.plan.gpus, usd_per_gpu_hour: run.plan.usd_per_gpu_hour, gpu_type: run.plan.gpu_type,
    ...(run.plan.seconds_per_step !== undefined ? { seconds_per_step: run.plan.seconds_per_step } : {}),
  };
  const aTol = options.aTolerance ?? DEFAULT_A_TOLERANCE;
  if (!(typeof aTol === 'number' && aTol >= 0 && aTol < 1)) throw detectorErrors.invalidDesign(`aTolerance ${String(aTol)} (expected 0 <= eps < 1)`);
  const aWarm = options.aWarmupRound ?? Math.max(1, Math.ceil(gate.minSteps / run.probe.every));
  if (!Number.isInteger(aWarm) || aWarm < 1) throw detectorErrors.invalidDesign(`aWarmupRound ${String(aWarm)} (expected an integer >= 1)`);
  const bm: BMethod = { ...DEFAULT_B_METHOD, ...options.bMethod };
  if (bm.kind !== 'stratified_kelly' && bm.kind !== 'paired') throw detectorErrors.invalidDesign(`bMethod.kind ${String(bm.kind)} (expected 'stratified_kelly' or 'paired')`);
  if (!(bm.discount > 0 && bm.discount <= 1)) throw detectorErrors.invalidDesign(`bMethod.discount ${String(bm.discount)} (expected 0 < discount <= 1)`);
  if (!(bm.kellyFraction > 0 && bm.kellyFraction <= 1)) throw detectorErrors.invalidDesign(`bMethod.kellyFraction ${String(bm.kellyFraction)} (expected 0 < fraction <= 1)`);
  if (!(Array.isArray(bm.priorGaps) && bm.priorGaps.length <= MAX_PRIOR_GAPS && bm.priorGaps.every((g) => typeof g === 'number' && g > 0 && g < 1))) throw detectorErrors.invalidDesign(`bMethod.priorGaps ${JSON.stringify(bm.priorGaps)} (expected at most ${MAX_PRIOR_GAPS} gaps, each 0 < g < 1)`);
  if (!(typeof bm.priorItems === 'number' && Number.isFinite(bm.priorItems) && bm.priorItems >= 0)) throw detectorErrors.invalidDesign(`bMethod.priorItems ${String(bm.priorItems)} (expected a number >= 0)`);
  const mu0 = run.base.pool_accuracy;
  if (bm.kind === 'stratified_kelly' && !(mu0 > 0 && mu0 < 1)) throw detectorErrors.invalidDesign(`stratified_kelly needs 0 < base.pool_accuracy < 1, got ${mu0}`);
  const fixed = run.probe.sampling === 'fixed';
  const probe = { size: run.probe.size, every: run.probe.every, sampling: run.probe.sampling, seed: run.probe.seed ?? null };
  const poolIds = poolIdsOf(run.probe as Record<string, unknown>, run.base.pool_size);
  const checked = drawCheckInit({ pool_size: run.base.pool_size, probe, pool_ids: poolIds });
  const draws = options.trustDraws === true && checked.rule !== 'declared_fixed' ? { ...checked, rule: 'trusted' as const, status: 'verified' as const } : checked;
  // unseeded fresh draws count as a fixed probe until the overlap test verifies them (draws.ts)
  const unverified = draws.rule === 'overlap';
  return {
    v: 1, kind: 'detector', run: run.run,
    base_accuracy: run.base.pool_accuracy, pool_size: run.base.pool_size,
    probe,
    plan, design, design_source: source, design_input: input, method: { a_tolerance: aTol, a_warmup_round: aWarm, b: { ...bm, priorGaps: [...bm.priorGaps] }, a_warmup_step: aWarm * run.probe.every, b_warmup_step: design.warmupRound * run.probe.every, ...(options.learnedRule !== undefined ? { learned_rule: checkLearnedRule(options.learnedRule) } : {}), ...(options.learnedMidP === true ? { learned_mid_p: true } : {}) }, train_gate: gate,
    train: trainPassInit(), train_clock: clockInit(), probe_clock: clockInit(),
    train_series: [], train_stride: 1,
    delivery: { nextSeq: 1, pending: [], maxPending, gapAfter, duplicates: 0, late: 0, gapSeqs: [], gapCount: 0 },
    mode: fixed || unverified ? 'fixed' : 'pooled', fixed_reason: fixed ? 'declared' : unverified ? 'unverified_draws' : null,
    fixed_since_round: fixed || unverified ? 1 : null,
    rounds: [], warm: { A: false, B: false }, draws, pool_ids: poolIds, base_check: baseCheckInit(run.base.pool_accuracy, design.alphaSplit.B * BASE_CHECK_SHARE),
    proc: {
      A: bettingInit({ m: (1 - aTol) / 2, c: design.truncation, strategy: design.strategy, alpha: design.alphaSplit.A }),
      B: null, Bs: bm.kind === 'stratified_kelly' ? stratKellyInit(mu0, design.delta, design.truncation, bm) : null, C: null, fixA: null, fixB: null,
      alarms: { A: alarmInit(design.logThreshold.A), B: alarmInit(design.logThreshold.B), C: alarmInit(design.logThreshold.C) },
      credit: { A: null, B: null },
      alarmRounds: { A: null, B: null, C: null },
    },
    eval: evalInit(), eval_duplicates: 0,
    end: null, finished: false, notices: [], last_step: 0,
    ignored: { run_repeats: 0, after_finish: 0, unknown_type: 0 },
  };
}
