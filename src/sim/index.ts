/**
 * The seeded simulator of protocol-v1 telemetry calibrated to the reference study (Finding 1).
 */
export { ARMS, BASES, baseBySlug, asArm } from './bases.js';
export type { Arm, BaseCalibration } from './bases.js';
export { drawShape, accuracyAt, lossAt, gradNormAt, lrAt } from './curves.js';
export type { CurveShape } from './curves.js';
export { coupledAccuracies, makeItems, realizeCheckpoint, DEFAULT_KAPPA, DEFAULT_PERSISTENCE } from './items.js';
export type { ItemSet } from './items.js';
export { probit } from './probit.js';
export { simulateRun, toJsonl, fixedProbeItems, DEFAULT_PROBE_SIZE, STUDY_PROBE_SIZE } from './trace.js';
export type { RunSpec, SimRun } from './trace.js';
export { studyRuns, healthyRuns, deriveSeed, verdictLabel, fixtureName } from './study.js';
export type { StudyOptions, VerdictLabel } from './study.js';
export { simErrors, isSimError } from './errors.js';
export type { SimError, SimErrorCode } from './errors.js';
export { kellyDelay, kellyDelayGrid, kellyBoundRounds, klBernoulli, pairedKellyBoundRounds } from './kelly-delay.js';
export type { DelayCell, DelayStudyInput, DelayStudyResult, DelayGridRow } from './kelly-delay.js';
