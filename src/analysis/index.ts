/**
 * Public API of src/analysis (seed-level aggregation, interval and test kernels, the findings
 * tables, DuckDB/Arrow adapters and writers). Figure builders live in ./figures (report helper).
 */
export { analyzeResults, TABLE_NAMES } from './analyze.js';
export { getTable, col } from './table.js';
export type { AnalysisTable, AnalysisResult, AnalysisMeta, AnalyzeOptions, Cell, ColumnSpec } from './table.js';
export { writeAnalysis, tableToMarkdown, tableToCsv, headerLines } from './write.js';
export { openDb, openResults, RESULT_TABLES, isResultTable, sqlString, sqlIdent } from './duckdb.js';
export { analyzeRows, loadResultsRows, writeResultsTables } from './rows.js';
export { RESULTS_COLUMNS } from './results-schema.js';
export type { ContractColumn, ResultsRows } from './results-schema.js';
export type { AnalysisDb, ResultTableName, SqlType } from './duckdb.js';
export { resultToArrow, numbers, strings, bools, rowsOf } from './arrow.js';
export type { ArrowTable } from './arrow.js';
export { runSavings, totalSavings, verdictSavings, stoppedEarly, SAVINGS_DEFINITION, SAVINGS_SQL } from './savings.js';
export type { SavingsInput, RunSavings, VerdictSavingsInput } from './savings.js';
export { compareDesigns } from './design-comparison.js';
export type { DesignRun, DesignComparisonRow } from './design-comparison.js';
export { analysisErrors } from './errors.js';
export type { AnalysisError, AnalysisErrorCode } from './errors.js';
export { cellInterval, formatKn, SMALL_N } from './interval.js';
export type { Interval, Proportion } from './interval.js';
export { wilson } from './wilson.js';
export { clopperPearson, clopperPearsonUpper, clopperPearsonEffective } from './clopper-pearson.js';
export { pairedDiffInterval, tangoScore } from './paired-diff.js';
export type { PairedCounts } from './paired-diff.js';
export { jeffreys } from './jeffreys.js';
export { mcnemarTest, mcnemarTailRational } from './mcnemar.js';
export type { Alternative, Discordant, McNemarOptions, McNemarTestResult } from './mcnemar.js';
export { tostPaired, tostFromEstimate } from './tost.js';
export type { TostResult } from './tost.js';
export { clusterMean, clusterSlope, waldInterval } from './cluster-se.js';
export type { ClusterEstimate } from './cluster-se.js';
export { stratifiedBootstrap, clusterBootstrap } from './bootstrap.js';
export type { BootstrapOptions, BootstrapResult } from './bootstrap.js';
export { aggregateSeeds, exactFloor } from './aggregate.js';
export type { SeedCell, SeedAggregate, AggregateOptions } from './aggregate.js';
export { passHatK, passK } from './pass-k.js';
export { ladderTrend } from './trend.js';
export type { TrendResult } from './trend.js';
export { probabilityOfImprovement, rankWithTieGroups } from './improvement.js';
export type { RankInput, RankOutput } from './improvement.js';
export { minimumDetectableEffect } from './mde.js';
export type { MdeInput } from './mde.js';
export { holm } from './holm.js';
export { quantileSorted } from './quantile.js';
export { betaInc, betaQuantile, logGamma, logBeta, normalCdf, normalQuantile, studentTCdf } from './special.js';
