/**
 * Table 1 of the study, computed from telemetry traces: the detector's alarms and verdicts and
 * the in-process baselines side by side, per trap x base, with issue 3's targets.
 */
export { table1, splitRuns, falseAlarmStudy, measureTargets, median } from './aggregate.js';
export type { TraceInput, Table1Options } from './aggregate.js';
export { evaluateRun } from './run-one.js';
export { powerStudy, formatPowerStudy } from './power-study.js';
export type { PowerStudyOptions, PowerRow } from './power-study.js';
export type { EvaluateOptions } from './run-one.js';
export { formatTable1, RULE_ABBREV } from './format.js';
export { parseJsonl } from './load.js';
export type { SkippedLine } from './load.js';
export { table1Errors } from './errors.js';
export { STUDY_DESIGN, STUDY_OVERRIDE, STUDY_DESIGN_NOTE, pooledAsFresh, evaluateStudyDesign, formatDesignComparison, studyDesignRows, nullBoundaryStudy, formatNullBoundary } from './study-design.js';
export type { DesignResultRow, NullBoundaryStudy } from './study-design.js';
export type { Table1Error, Table1ErrorCode } from './errors.js';
export type { Table1Run, Table1Row, Table1Result, Table1Targets, FalseAlarmStudy, StudyComparison } from './types.js';
