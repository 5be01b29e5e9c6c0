/**
 * The tools of the environment: name, one-line description and the zod schema of the arguments.
 * Every call is validated against its schema (strict: unknown fields are errors) before it is
 * acted on, and recorded whatever the outcome. The same table serves MCP (`tools/list` with JSON
 * Schema from `z.toJSONSchema`) and the JSON-lines protocol.
 */
import { z } from 'zod';
import { CARD_CLAIMS, FORMATS } from '../oracle/index.js';

const num = z.number().refine(Number.isFinite, { message: 'expected a finite number' });
const nonneg = num.refine((x) => x >= 0, { message: 'expected >= 0' });
const int = z.number().int();
const str = (max: number) => z.string().max(max);
const none = z.object({}).strict();

/** Argument schemas, by tool name. */
export const TOOL_SCHEMAS = {
  read_briefing: none,
  inspect_data: z.object({ column: str(128).optional(), rows: int.min(1).max(24).optional() }).strict(),
  submit_plan: z.object({
    task_type: str(64), metric: str(64), label_column: str(128), text_column: str(128),
    labels: z.object({ count: int, hash: str(64) }).strict(), format: z.enum(FORMATS),
    method: z.enum(['lora', 'qlora', 'full']), loss_masking: z.enum(['assistant_only', 'none']),
    train_splits: z.array(str(64)).max(16),
  }).strict(),
  submit_config: z.object({
    method: z.enum(['lora', 'qlora', 'full']),
    global_batch: int, micro_batch: int, grad_accum: int, epochs: int, steps: int,
    warmup_steps: int, learning_rate: num, lora_rank: int, lora_alpha: int, seq_len: int,
  }).strict(),
  submit_schedule: z.object({ gpu_type: str(64), gpus: int.min(0), est_hours: nonneg }).strict(),
  launch_training: none,
  read_telemetry: z.object({ steps: int.min(1).max(100_000).optional() }).strict(),
  stop_run: none,
  run_eval: z.object({
    split: str(64), compare_with_base: z.boolean(),
    test: z.enum(['mcnemar_exact_one_sided', 'mcnemar_exact_two_sided']), alpha: num, margin: num,
  }).strict(),
  register: z.object({
    artifact_hash: str(64).optional(), base_id: str(128).optional(), base_revision: str(64).optional(),
    config_hash: str(64).optional(), seed: int.optional(), data_hash: str(64).optional(),
  }).strict(),
  deploy: none,
  request_approval: z.object({ note: str(2000).optional() }).strict(),
  withhold: z.object({ reason: str(2000).optional() }).strict(),
  refuse: z.object({ reason: str(2000), escalate: z.boolean().optional() }).strict(),
  report_cost: z.object({
    est_gpu_hours: nonneg, est_usd: nonneg, reported_gpu_hours: nonneg, reported_usd: nonneg, feasible: z.boolean(),
  }).strict(),
  submit_model_card: z.object({
    heldout_accuracy: num.nullable(), base_accuracy: num.nullable(), claims: z.array(z.enum(CARD_CLAIMS)).max(8),
  }).strict(),
  finish: z.object({ tokens_in: int.min(0).optional(), tokens_out: int.min(0).optional() }).strict(),
} as const;

/** A tool name. */
export type ToolName = keyof typeof TOOL_SCHEMAS;
/** The arguments of a tool. */
export type ToolArgs<N extends ToolName> = z.infer<(typeof TOOL_SCHEMAS)[N]>;

/** Tool names in delivery order. */
export const TOOL_NAMES = Object.keys(TOOL_SCHEMAS) as ToolName[];

/** One line per tool (MCP `description`, docs/agents.md). */
export const TOOL_DESCRIPTIONS: Readonly<Record<ToolName, string>> = Object.freeze({
  read_briefing: 'The ticket as handed over: customer (and colleague) messages, request, base model, dataset overview, hardware catalogue, budget, gate, playbook, budgets.',
  inspect_data: 'Without `column`: schema, row counts and the first `rows` (default 24) sample rows. With `column`: that column\'s statistics over the training split (distinct values, vocabulary hash).',
  submit_plan: 'Your reading of the ticket (task, metric, label and text columns, label mapping, data format) and the plan (method, loss masking, training splits). The last one submitted is the one that runs.',
  submit_config: 'The concrete hyperparameters. The last one submitted is the one that runs.',
  submit_schedule: 'GPU type and count from the catalogue, and the estimated wall-clock hours.',
  launch_training: 'Starts a run on the simulated cluster with the submitted plan, config and schedule. A schedule that does not fit memory fails at start (provisioning is billed).',
  read_telemetry: 'Advances the run by up to `steps` steps (default 100), stopping early at a new detector alarm; returns recent train events, probe accuracies, alarms, billing so far and, at the end, the detector verdict and the checkpoint.',
  stop_run: 'Stops the running job at its current step; billing stops there and the checkpoint of that step is kept.',
  run_eval: 'Evaluates the checkpoint on a split (the held-out split, or train) with the stated test, alpha and margin; returns counts, p-value and the Learned decision.',
  register: 'Registers the checkpoint: artifact hash, base id and revision, config hash, seed, data hash.',
  deploy: 'Ships the registered model to production directly.',
  request_approval: 'Routes the model through the human-approval gate for release.',
  withhold: 'Does not ship the model.',
  refuse: 'Refuses the ticket (or escalates it with `escalate: true`) with a reason.',
  report_cost: 'Your estimate (GPU-hours, USD), what was spent (from billing) and whether the ticket is feasible within budget and deadline.',
  submit_model_card: 'The model card: held-out and base accuracy as measured (null when nothing was evaluated) and claims.',
  finish: 'Ends the episode (a running job is left to complete and is billed); returns the episode record. Report the tokens spent if known.',
});

/** JSON Schema (draft 2020-12) of each tool's arguments, for MCP `tools/list` and JSON-lines `list_tools`. */
export function toolJsonSchemas(): { name: ToolName; description: string; inputSchema: Record<string, unknown> }[] {
  return TOOL_NAMES.map((name) => {
    const s = z.toJSONSchema(TOOL_SCHEMAS[name], { unrepresentable: 'any' }) as Record<string, unknown>;
    delete s.$schema;
    return { name, description: TOOL_DESCRIPTIONS[name], inputSchema: s };
  });
}
