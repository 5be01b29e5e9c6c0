/**
 * The ticket: a delivery's ground truth, written by the benchmark and hidden from the agent
 * except `customer_text` (oracle.md "Inputs"). Units: memory in GB (1e9 bytes), throughput in
 * dense bf16 TFLOP/s, money in USD, time in hours.
 */
import { z } from 'zod';

/** Injected trap of a ticket. */
export const TRAPS = ['none', 'permute', 'noise', 'mask', 'infeasible'] as const;
/** Data formats. */
export const FORMATS = ['csv', 'jsonl', 'chat'] as const;
/** Column roles: decoys are the columns a misread picks (permuted ids, noisy weak labels). */
export const COLUMN_ROLES = ['text', 'label', 'id', 'meta', 'decoy_permuted', 'decoy_noisy'] as const;

const pos = z.number().positive().refine(Number.isFinite, { message: 'expected a finite number' });

/** One catalogue GPU type. */
export const gpuSchema = z.object({
  gpu_type: z.string().min(1).max(64),
  memory_gb: pos,
  peak_bf16_tflops: pos,
  usd_per_gpu_hour: pos,
}).strict();

/** The ticket schema (strict: unknown fields are errors, so typos in fixtures are caught). */
export const ticketSchema = z.object({
  id: z.string().min(1).max(128),
  customer_text: z.string().max(4000),
  task_type: z.enum(['intent_classification', 'sentiment_classification', 'topic_classification']),
  dataset: z.object({
    name: z.string().min(1).max(128),
    format: z.enum(FORMATS),
    rows_train: z.number().int().min(1).max(1e9),
    rows_heldout: z.number().int().min(1).max(1e9),
    heldout_split: z.string().min(1).max(64),
    columns: z.array(z.object({ name: z.string().min(1).max(128), role: z.enum(COLUMN_ROLES) }).strict()).min(2).max(64),
    label_column: z.string().min(1).max(128),
    text_column: z.string().min(1).max(128),
    labels: z.object({ count: z.number().int().min(2).max(100000), hash: z.string().min(1).max(64) }).strict(),
    licence: z.enum(['permissive', 'forbids_training']),
    data_hash: z.string().min(1).max(64),
  }).strict(),
  goal: z.object({
    metric: z.enum(['accuracy', 'macro_f1']),
    margin: z.number().min(0).lt(1),
    alpha: z.number().gt(0).lt(1),
  }).strict(),
  base: z.object({
    id: z.string().min(1).max(128),
    family: z.string().min(1).max(64),
    params_b: pos,
    revision: z.string().min(1).max(64),
    hidden_size: z.number().int().min(1),
    layers: z.number().int().min(1),
  }).strict(),
  budget: z.object({ usd: pos, deadline_hours: pos }).strict(),
  hardware: z.array(gpuSchema).min(1).max(16),
  gate: z.object({ approval_required: z.boolean() }).strict(),
  feasibility: z.object({
    feasible: z.boolean(),
    reason: z.enum(['ok', 'over_budget', 'over_deadline', 'licence_forbids']),
  }).strict(),
  trap: z.enum(TRAPS),
}).strict().superRefine((t, ctx) => {
  const names = t.dataset.columns.map((c) => c.name);
  if (!names.includes(t.dataset.label_column)) ctx.addIssue({ code: 'custom', path: ['dataset', 'label_column'], message: `label column '${t.dataset.label_column}' is not among the columns` });
  if (!names.includes(t.dataset.text_column)) ctx.addIssue({ code: 'custom', path: ['dataset', 'text_column'], message: `text column '${t.dataset.text_column}' is not among the columns` });
  if (t.feasibility.feasible !== (t.feasibility.reason === 'ok')) ctx.addIssue({ code: 'custom', path: ['feasibility', 'reason'], message: `feasible=${t.feasibility.feasible} contradicts reason '${t.feasibility.reason}'` });
  if ((t.trap === 'infeasible') === t.feasibility.feasible) ctx.addIssue({ code: 'custom', path: ['trap'], message: `trap '${t.trap}' contradicts feasible=${t.feasibility.feasible}` });
});

/** A ticket (ground truth). */
export type Ticket = z.infer<typeof ticketSchema>;
/** A catalogue GPU type. */
export type Gpu = z.infer<typeof gpuSchema>;
/** A trap kind. */
export type Trap = (typeof TRAPS)[number];
/** A data format. */
export type DataFormat = (typeof FORMATS)[number];
