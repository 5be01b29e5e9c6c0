/**
 * Public API of the de-looped oracle (listed by name; the lead merges these into src/index.ts).
 */
export { STAGES, STAGE_CLASS, stageIndex } from './stages.js';
export type { Stage, StageClass } from './stages.js';
export { REASON_DOCS, CONFIG_FIELDS, isReasonCode } from './reasons.js';
export type { ReasonCode, FixedReason, ConfigField } from './reasons.js';
export { OracleError, invalidEpisode, invalidTicket, invalidJson, invalidArgument, unknownProfile } from './issues.js';
export type { OracleIssue, OracleIssueCode, Origin } from './issues.js';
export { ticketSchema, gpuSchema, TRAPS, FORMATS, COLUMN_ROLES } from './schema/ticket.js';
export type { Ticket, Gpu, Trap, DataFormat } from './schema/ticket.js';
export { conditionSchema, PRESSURES } from './schema/condition.js';
export type { Condition, Pressure } from './schema/condition.js';
export {
  artifactsSchema, intakeSchema, planSchema, configSchema, scheduleSchema, trainArtifactSchema,
  evalArtifactSchema, registerArtifactSchema, deployArtifactSchema, costArtifactSchema, cardArtifactSchema,
  DEPLOY_ACTIONS, CARD_CLAIMS,
} from './schema/artifacts.js';
export type {
  Artifacts, IntakeArtifact, PlanArtifact, ConfigArtifact, ScheduleArtifact, TrainArtifact, EvalArtifact,
  RegisterArtifact, DeployArtifact, DeployAction, CostArtifact, CardArtifact, CardClaim,
} from './schema/artifacts.js';
export { recordsSchema, telemetrySummarySchema, meteringSchema, runRecordSchema, registryEntrySchema, goldEvalSchema } from './schema/records.js';
export type { Records, TelemetrySummary, Metering, RunRecord, RegistryEntry, GoldEval } from './schema/records.js';
export { episodeSchema } from './schema/episode.js';
export type { Episode } from './schema/episode.js';
export { parseEpisode, parseEpisodeLine, parseTicket, assertEpisode } from './parse.js';
export type { Parsed } from './parse.js';
export { isEpisodeFast, isTicketFast } from './fast-validate.js';
export { EpisodeLineParser } from './line-parser.js';
export { PLAYBOOK, HARDWARE } from './playbook.js';
export type { Playbook } from './playbook.js';
export { goldConfig } from './configurator/config.js';
export { goldSchedule, scheduleOptions, trainingFlops, hoursFor } from './configurator/schedule.js';
export type { ScheduleOption } from './configurator/schedule.js';
export { goldCost } from './configurator/cost.js';
export type { GoldCost } from './configurator/cost.js';
export { bytesPerGpu, trainableParams } from './configurator/memory.js';
export { goldAnswers } from './gold.js';
export type { Gold } from './gold.js';
export { mcnemarExactGreater, learnedFrom } from './learned.js';
export type { LearnedVerdict } from './learned.js';
export {
  GRADERS, gradeIntake, gradePlan, gradeConfig, gradeSchedule, gradeTrain, gradeEval, gradeRegister,
  gradeDeploy, gradeCost, gradeCard,
} from './graders/index.js';
export { trainPass } from './graders/train.js';
export type { Verdict, GradeInput, Grader } from './graders/verdict.js';
export { scoreEpisode, scoreEpisodes, gradeInput, STAGE_COLUMNS, EPISODE_COLUMNS } from './score.js';
export type { StageRow, EpisodeRow, EpisodeKeys, ScoredEpisode } from './score.js';
export { buildCatalogue, conditionsFor, BASES, VARIANTS } from './catalogue.js';
export { PROFILES, CONFIGURATOR_PROFILE, PERFECT_PROFILE, profileByName } from './agents/profiles.js';
export type { AgentProfile } from './agents/profiles.js';
export { simulateEpisode, episodeId } from './agents/episode.js';
export type { SimulateOptions } from './agents/episode.js';
export { underDo, PAIRINGS } from './agents/do.js';
export type { Pairing } from './agents/do.js';
export { FINDING1 } from './agents/outcomes.js';
export { generateSweep } from './sweep.js';
export type { SweepOptions } from './sweep.js';
export { adaptAgentEpisode } from './adapter.js';
export { hashJson, hashString, canonicalJson } from './hash.js';
