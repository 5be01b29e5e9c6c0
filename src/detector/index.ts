/**
 * src/detector public API, listed by name: the composed clean-probe detector (init / apply /
 * finish / summary / series), the Learned gate (McNemar kernel + wrapper), the train gate, cost,
 * the probe sampler and the coded errors.
 */
export { detectorInit, aWarmupRoundFor } from './init.js';
export type { DetectorOptions } from './init.js';
export { detectorApply } from './apply.js';
export type { DetectorStep } from './apply.js';
export { detectorFinish, verdictLine, firedAlarms } from './verdict.js';
export type { FiredAlarm } from './verdict.js';
export { detectorSummary, detectorSeries } from './summary.js';
export type { DetectorRunRow, DetectorSeriesRow } from './summary.js';
export { detectorDesignFor } from './design-map.js';
export type { DetectorDesign, DesignSource } from './design-map.js';
export { ALARM_NAMES, TRAIN_SERIES_CAP, DEFAULT_MAX_PENDING, DEFAULT_GAP_AFTER, DEFAULT_A_TOLERANCE } from './state.js';
export { baseCheckInit, baseCheckRound, baseCheckLogValue, BASE_CHECK_SHARE } from './base-check.js';
export type { BaseCheck } from './base-check.js';
export { evalApply, evalInit, evalKey, evalSplitNamed, EVAL_IDS_CAP } from './eval-pairs.js';
export type { EvalState, EvalSplit } from './eval-pairs.js';
export { drawCheckInit, drawCheckRound, OVERLAP_ALPHA, DRAW_TABLE_CAP } from './draws.js';
export type { DrawCheck, SortedMap } from './draws.js';
export { DEFAULT_B_METHOD, stratKellyInit, stratKellyBet, stratKellyStep, stratRoundLogFactor } from './b-process.js';
export type { BMethod, Cells, StratKellyState } from './b-process.js';
export { planProbe } from './plan.js';
export type { PlanProbeInput, PlanProbeResult, PlanRow } from './plan.js';
export { idsKey } from './probe-round.js';
export type { DetectorState, RoundRecord, AlarmName, EvalTable } from './state.js';
export { mcnemarExact, logBinomHalfUpper } from './mcnemar.js';
export { logBinomPmf, binomCdf } from './binomial.js';
export type { McnemarOptions, McnemarResult, McnemarSide } from './mcnemar.js';
export { learned, learnedFromTable, marginItems } from './learned.js';
export type { LearnedDesign, LearnedOptions, LearnedResult, Pair } from './learned.js';
export { marginExactTest, EXACT_MARGIN_GAMMA_SHARE } from '../stats/margin-exact.js';
export type { MarginExactResult } from '../stats/margin-exact.js';
export { marginLowerBound, checkLearnedRule, learnedOptionsOf, withLearnedRule, LEARNED_RULES, DEFAULT_LEARNED_RULE } from './learned-margin.js';
export type { LearnedRule, LearnedMethod } from './learned-margin.js';
export { trainGateFor, trainPassInit, trainPassUpdate, trainPassResult } from './train-pass.js';
export type { TrainGate, TrainPassState, TrainPassResult } from './train-pass.js';
export { costAt, secondsPerStep, clockInit, clockUpdate } from './cost.js';
export type { CostAt, CostPlan, CostRule, StepClock } from './cost.js';
export { sampleProbe, probeRoundSeed } from './sampler.js';
export type { ProbeSampleInput } from './sampler.js';
export { roundAccuracyInterval, clopperPearson } from './cs.js';
export type { RoundInterval } from './cs.js';
export { detectorErrors, isDetectorError } from './errors.js';
export type { DetectorError, DetectorErrorCode } from './errors.js';
