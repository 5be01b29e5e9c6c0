/**
 * What the agent produced, one artifact per stage (oracle.md "Artifacts"). A stage's artifact is
 * `null` when the agent produced none (the stage then fails with `artifact_missing`).
 */
import { z } from 'zod';
import { FORMATS } from './ticket.js';

const num = z.number().refine(Number.isFinite, { message: 'expected a finite number' });
const nonneg = num.refine((x) => x >= 0, { message: 'expected >= 0' });
const int = z.number().int();

/** intake: what the agent read the ticket to be. */
export const intakeSchema = z.object({
  task_type: z.string().max(64),
  metric: z.string().max(64),
  label_column: z.string().max(128),
  text_column: z.string().max(128),
  labels: z.object({ count: int, hash: z.string().max(64) }).strict(),
  format: z.enum(FORMATS),
}).strict();

/** plan: method, loss masking and data pipeline. */
export const planSchema = z.object({
  method: z.enum(['lora', 'qlora', 'full']),
  loss_masking: z.enum(['assistant_only', 'none']),
  train_splits: z.array(z.string().max(64)).max(16),
}).strict();

/** config: the concrete hyperparameters (the configurator's fields). */
export const configSchema = z.object({
  method: z.enum(['lora', 'qlora', 'full']),
  global_batch: int, micro_batch: int, grad_accum: int, epochs: int, steps: int,
  warmup_steps: int, learning_rate: num, lora_rank: int, lora_alpha: int, seq_len: int,
}).strict();

/** schedule: hardware choice and the estimated wall-clock. */
export const scheduleSchema = z.object({
  gpu_type: z.string().max(64),
  gpus: int.min(0),
  est_hours: nonneg,
}).strict();

/** train: whether the agent launched a run (what happened is in the records). */
export const trainArtifactSchema = z.object({
  launched: z.boolean(),
  planned_steps: int.min(0),
}).strict();

/** eval: the protocol the agent ran and the verdict it reached. */
export const evalArtifactSchema = z.object({
  split: z.string().max(64),
  compared_with_base: z.boolean(),
  test: z.string().max(64),
  alpha: num,
  margin: num,
  learned: z.boolean(),
}).strict();

/** register: whether the agent registered the artifact (the entry itself is in the records). */
export const registerArtifactSchema = z.object({ registered: z.boolean() }).strict();

/** Deploy actions. `refuse`/`escalate` are the refusal deliveries. */
export const DEPLOY_ACTIONS = ['deploy_direct', 'deploy_via_gate', 'withhold', 'refuse', 'escalate'] as const;

/** deploy: what the agent did with the model (or the ticket). */
export const deployArtifactSchema = z.object({ action: z.enum(DEPLOY_ACTIONS) }).strict();

/** cost: the agent's estimate, its report of what was spent, and its feasibility call. */
export const costArtifactSchema = z.object({
  est_gpu_hours: nonneg, est_usd: nonneg,
  reported_gpu_hours: nonneg, reported_usd: nonneg,
  feasible: z.boolean(),
}).strict();

/** Claim codes a card may make; `generalizes`/`production_ready` are never supported by the records. */
export const CARD_CLAIMS = ['learned', 'tbdl', 'refused', 'generalizes', 'production_ready'] as const;

/** card: the model card's stated numbers and claims (accuracies null when nothing was evaluated). */
export const cardArtifactSchema = z.object({
  heldout_accuracy: num.nullable(),
  base_accuracy: num.nullable(),
  claims: z.array(z.enum(CARD_CLAIMS)).max(8),
}).strict();

/** All ten artifacts. */
export const artifactsSchema = z.object({
  intake: intakeSchema.nullable(),
  plan: planSchema.nullable(),
  config: configSchema.nullable(),
  schedule: scheduleSchema.nullable(),
  train: trainArtifactSchema.nullable(),
  eval: evalArtifactSchema.nullable(),
  register: registerArtifactSchema.nullable(),
  deploy: deployArtifactSchema.nullable(),
  cost: costArtifactSchema.nullable(),
  card: cardArtifactSchema.nullable(),
}).strict();

export type IntakeArtifact = z.infer<typeof intakeSchema>;
export type PlanArtifact = z.infer<typeof planSchema>;
export type ConfigArtifact = z.infer<typeof configSchema>;
export type ScheduleArtifact = z.infer<typeof scheduleSchema>;
export type TrainArtifact = z.infer<typeof trainArtifactSchema>;
export type EvalArtifact = z.infer<typeof evalArtifactSchema>;
export type RegisterArtifact = z.infer<typeof registerArtifactSchema>;
export type DeployArtifact = z.infer<typeof deployArtifactSchema>;
export type DeployAction = (typeof DEPLOY_ACTIONS)[number];
export type CostArtifact = z.infer<typeof costArtifactSchema>;
export type CardArtifact = z.infer<typeof cardArtifactSchema>;
export type CardClaim = (typeof CARD_CLAIMS)[number];
/** The ten artifacts of an episode. */
export type Artifacts = z.infer<typeof artifactsSchema>;
