/**
 * src/eprocess public API, listed by name: design, capital processes (betting), the paired
 * design, one-round e-values, e-detectors, confidence sequences, combination rules, alarms.
 */
export { design, safeDesign, STRATEGIES } from './design.js';
export type { Design, DesignInput, SafeDesignResult, Strategy } from './design.js';
export { DesignError, EProcessError, issues as eprocessIssues } from './errors.js';
export type { EProcessErrorCode, EProcessIssue } from './errors.js';
export {
  bettingInit, designBettingInit, bettingUpdate, bettingUpdateMany, bettingUpdateRound, bettingUpdateRounds, bettingUpdateRoundMean,
  bettingLogValue, logMeanExp, GRID_SIZE,
} from './betting.js';
export type { BettingState, BettingOptions, PairedCounts } from './betting.js';
export { pairedCounts, pairedNullMean, pairedY } from './paired.js';
export type { PairedItem } from './paired.js';
export { roundLogEValue, roundGridLogEValue } from './round-evalue.js';
export type { RoundGridOptions } from './round-evalue.js';
export {
  srInit, srUpdate, srUpdateMany, srLogValue, cusumInit, cusumUpdate, cusumUpdateMany, cusumLogValue, srThreshold, softplus,
} from './detectors.js';
export type { SrState, CusumState } from './detectors.js';
export { alarmInit, alarmUpdate, designAlarms } from './alarm.js';
export type { AlarmState } from './alarm.js';
export {
  fixedProbeCombinerInit, fixedProbeCombinerUpdate, fixedProbeCombinerUpdateMany, fixedProbeCombinerLogValue,
} from './fixed-probe.js';
export type { FixedProbeCombinerState } from './fixed-probe.js';
export { eProduct, eAverage, eSnapshot, eBonferroni, eBH } from './combine.js';
export type { EProcessState, EValueSnapshot, FleetDecision } from './combine.js';
export { hedgedCsInit, hedgedCsUpdate, hedgedCsUpdateMany, hedgedCsUpdateRound, hedgedCsInterval, csGridPoint } from './cs-hedged.js';
export type { HedgedCsState, HedgedCsOptions, Interval } from './cs-hedged.js';
export { ebCsInit, ebCsUpdate, ebCsUpdateMany, ebCsUpdateRound, ebCsInterval, psiE } from './cs-eb.js';
export type { EbCsState, EbCsOptions } from './cs-eb.js';
