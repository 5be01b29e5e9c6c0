/**
 * What actually happened (oracle.md "records"): the telemetry summary, metering, the registry
 * entry, the run's own identity, and the gold held-out eval (run by the benchmark under the gold
 * config on the held-out split: b = base right & model wrong, c = base wrong & model right).
 */
import { z } from 'zod';

const num = z.number().refine(Number.isFinite, { message: 'expected a finite number' });
const nonneg = num.refine((x) => x >= 0, { message: 'expected >= 0' });
const count = z.number().int().min(0);

/** Telemetry summary of the training run. `max_grad_norm` may be null when never logged. */
export const telemetrySummarySchema = z.object({
  started: z.boolean(),
  planned_steps: count,
  steps_completed: count,
  all_loss_finite: z.boolean(),
  max_grad_norm: nonneg.nullable(),
}).strict();

/** Metering: what the provider billed. */
export const meteringSchema = z.object({
  gpu_type: z.string().max(64),
  gpus: count,
  gpu_hours: nonneg,
  usd: nonneg,
}).strict();

/** The run's identity as recorded by the trainer (what the registry must agree with). */
export const runRecordSchema = z.object({
  artifact_hash: z.string().max(64),
  config_hash: z.string().max(64),
  data_hash: z.string().max(64),
  seed: z.number().int(),
}).strict();

/** The registry entry as stored (fields optional: incompleteness is a verdict, not a schema error). */
export const registryEntrySchema = z.object({
  artifact_hash: z.string().max(64).optional(),
  base_id: z.string().max(128).optional(),
  base_revision: z.string().max(64).optional(),
  config_hash: z.string().max(64).optional(),
  seed: z.number().int().optional(),
  data_hash: z.string().max(64).optional(),
}).strict();

/** Gold held-out eval: paired counts on n items. */
export const goldEvalSchema = z.object({
  split: z.string().max(64),
  n: z.number().int().min(1),
  base_correct: count,
  model_correct: count,
  b: count,
  c: count,
}).strict().superRefine((g, ctx) => {
  if (g.base_correct > g.n || g.model_correct > g.n) ctx.addIssue({ code: 'custom', path: ['n'], message: 'correct counts exceed n' });
  if (g.model_correct - g.base_correct !== g.c - g.b) ctx.addIssue({ code: 'custom', path: ['c'], message: 'model_correct - base_correct must equal c - b' });
  if (g.b > g.base_correct || g.c > g.n - g.base_correct) ctx.addIssue({ code: 'custom', path: ['b'], message: 'b or c inconsistent with base_correct' });
});

/** All records of an episode (null where nothing exists, e.g. no run was launched). */
export const recordsSchema = z.object({
  telemetry: telemetrySummarySchema,
  metering: meteringSchema,
  run: runRecordSchema.nullable(),
  registry: registryEntrySchema.nullable(),
  gold_eval: goldEvalSchema.nullable(),
}).strict();

export type TelemetrySummary = z.infer<typeof telemetrySummarySchema>;
export type Metering = z.infer<typeof meteringSchema>;
export type RunRecord = z.infer<typeof runRecordSchema>;
export type RegistryEntry = z.infer<typeof registryEntrySchema>;
export type GoldEval = z.infer<typeof goldEvalSchema>;
/** The records of an episode. */
export type Records = z.infer<typeof recordsSchema>;
