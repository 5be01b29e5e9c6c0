/**
 * Telemetry protocol v1 (docs/protocol.md) as zod schemas: the contract between
 * training jobs and the monitor. Field names are the contract; unknown fields pass through
 * (`.passthrough()` keeps them, the detector ignores them).
 */
import { z } from 'zod';

const finite = z.number().refine(Number.isFinite, { message: 'expected a finite number' });
/** Absurd magnitudes are rejected rather than carried (untrusted input). */
const bounded = finite.refine((x) => Math.abs(x) <= 1e15, { message: 'expected |x| <= 1e15' });
const step = z.number().int().min(0).max(1e12);
/** Run ids: any printable string up to 256 characters; never used unescaped in a path, shell or URL. */
const runId = z.string().min(1).max(256);

/** One probe or eval item: the base's and the checkpoint's correctness on one pool item. */
export const itemSchema = z.object({
  id: z.union([z.string().max(256), z.number().int()]).transform(String),
  base: z.boolean(),
  model: z.boolean(),
}).passthrough();

/** `run` event: identity, pre-registration and cost model (sent once, first). */
export const runEventSchema = z.object({
  v: z.literal(1),
  type: z.literal('run'),
  run: runId,
  ts: z.string().max(64).optional(),
  base: z.object({
    model: z.string().max(256),
    pool_size: z.number().int().min(1).max(1e9),
    pool_accuracy: z.number().min(0).max(1),
  }).passthrough(),
  probe: z.object({
    size: z.number().int().min(1).max(1e6),
    every: z.number().int().min(1).max(1e9),
    sampling: z.enum(['with_replacement', 'fixed']),
    seed: z.number().int().optional(),
  }).passthrough(),
  plan: z.object({
    steps: z.number().int().min(1).max(1e12),
    gpus: z.number().int().min(1).max(1e6),
    gpu_type: z.string().max(64),
    usd_per_gpu_hour: z.number().min(0).max(1e6),
    seconds_per_step: z.number().positive().max(1e9).optional(),
  }).passthrough(),
  design: z.object({
    alpha: z.number().gt(0).lt(1),
    margin: z.number().min(0).lt(1),
    warmup_step: z.number().int().min(0),
  }).partial().passthrough().optional(),
}).passthrough();

/** `train` event: in-process signals at a logging step. */
export const trainEventSchema = z.object({
  v: z.literal(1),
  type: z.literal('train'),
  run: runId,
  step,
  loss: bounded.nullable().optional(),
  grad_norm: bounded.nullable().optional(),
  lr: bounded.nullable().optional(),
  eval_loss: bounded.nullable().optional(),
  ts: z.string().max(64).optional(),
}).passthrough();

/** `probe` event: one probe round (checkpoint and base on the same sampled pool items). */
export const probeEventSchema = z.object({
  v: z.literal(1),
  type: z.literal('probe'),
  run: runId,
  step,
  seq: z.number().int().min(1).max(1e12),
  items: z.array(itemSchema).min(1).max(100_000),
  ts: z.string().max(64).optional(),
}).passthrough();

/** `eval` event: the held-out split for the Learned gate. */
export const evalEventSchema = z.object({
  v: z.literal(1),
  type: z.literal('eval'),
  run: runId,
  step,
  split: z.string().max(64),
  items: z.array(itemSchema).min(1).max(10_000_000),
  ts: z.string().max(64).optional(),
}).passthrough();

/** `end` event: the run finished (sent once, last). */
export const endEventSchema = z.object({
  v: z.literal(1),
  type: z.literal('end'),
  run: runId,
  step,
  status: z.enum(['completed', 'failed', 'stopped']),
  ts: z.string().max(64).optional(),
}).passthrough();

/** Any protocol-v1 event, discriminated by `type`. */
export const telemetryEventSchema = z.discriminatedUnion('type', [
  runEventSchema, trainEventSchema, probeEventSchema, evalEventSchema, endEventSchema,
]);

/** The event types of protocol v1. */
export const EVENT_TYPES = ['run', 'train', 'probe', 'eval', 'end'] as const;

export type ProbeItem = z.infer<typeof itemSchema>;
export type RunEvent = z.infer<typeof runEventSchema>;
export type TrainEvent = z.infer<typeof trainEventSchema>;
export type ProbeEvent = z.infer<typeof probeEventSchema>;
export type EvalEvent = z.infer<typeof evalEventSchema>;
export type EndEvent = z.infer<typeof endEventSchema>;
export type TelemetryEvent = z.infer<typeof telemetryEventSchema>;

/** Monitor output: an alarm (docs/protocol.md "Output lines"). */
export interface AlarmLine {
  type: 'alarm';
  run: string;
  step: number;
  alarm: 'worse_than_base' | 'not_learned' | 'collapse';
  log_e: number;
  threshold: number;
  probe_accuracy: number;
  base_accuracy: number;
  gpu_hours_saved: number;
  usd_saved: number;
  [extra: string]: unknown;
}

/** Monitor output: the run verdict. */
export interface VerdictLine {
  type: 'verdict';
  run: string;
  train_pass: boolean;
  learned: boolean | null;
  tbdl: boolean | null;
  mcnemar_p: number | null;
  b: number | null;
  c: number | null;
  n: number | null;
  alarm_step: number | null;
  alarm: AlarmLine['alarm'] | null;
  [extra: string]: unknown;
}

/** Monitor output: a line that was skipped, with where and why. */
export interface RejectedLine {
  type: 'rejected';
  line: number;
  reason: string;
  file?: string;
  [extra: string]: unknown;
}

/** Any line the monitor writes. */
export type OutputLine = AlarmLine | VerdictLine | RejectedLine | { type: string; [extra: string]: unknown };
