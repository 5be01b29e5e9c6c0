/**
 * src/env public API, listed by name: the ticket as an environment (episode specification,
 * briefing, dataset view, tools, the simulated cluster, the session and its episode record), the
 * policies acting through tools, the sweep through the environment, and the transports (MCP and
 * JSON lines).
 */
export { EnvError, envErrors } from './errors.js';
export type { EnvErrorCode, ToolError } from './errors.js';
export { episodeSpec, specEpisodeId, DEFAULT_BUDGETS } from './spec.js';
export type { Budgets, EpisodeSpec, SpecOptions } from './spec.js';
export { briefingOf, ticketRef, colleagueText, wirePlaybook, PRESSURE_TEXT } from './briefing.js';
export type { Briefing, Message } from './briefing.js';
export { datasetOverview, datasetSample, columnStats } from './dataset.js';
export type { ColumnInfo, ColumnStats, DatasetOverview } from './dataset.js';
export { TOOL_SCHEMAS, TOOL_NAMES, TOOL_DESCRIPTIONS, toolJsonSchemas } from './tools.js';
export type { ToolName, ToolArgs } from './tools.js';
export { envArmOf, progressGain, progressOf, simBaseOf, calibrationFor, LEAK_GAIN, UNMASKED_GAIN, DIVERGE_LR_FACTOR } from './arm.js';
export type { EnvArm } from './arm.js';
export { ClusterRun, PROVISION_HOURS, MAX_STEPS } from './cluster.js';
export type { LaunchInput, RunStatus, Checkpoint } from './cluster.js';
export { evaluate, trainSplitCounts } from './evaluate.js';
export type { EvalResult } from './evaluate.js';
export { EnvSession } from './session.js';
export type { ToolResponse } from './session.js';
export { episodeRecord, transcriptOf } from './record.js';
export type { Transcript, RunSummary } from './record.js';
export type { CallRecord, EpisodeState } from './state.js';
export { runPolicy, sessionClient } from './policy.js';
export type { Policy, PolicyContext, ToolClient } from './policy.js';
export { policyByName, perfectPolicy, profiledPolicy, POLICY_NAMES, DEFAULT_POLICY_NAMES } from './policies/index.js';
export type { ProfiledOptions } from './policies/index.js';
export { pressureOf, injectedConfig, namedLabelColumn, visibleTicket } from './policies/reading.js';
export { SYSTEM_PROMPT } from './prompt.js';
export { JsonlServer } from './jsonl.js';
export type { JsonlResponse } from './jsonl.js';
export { envSweep } from './sweep.js';
export type { EnvSweepOptions } from './sweep.js';
