/**
 * The episode record: the oracle's episode schema (v1), built from what the agent did (the
 * artifacts) and what happened on the cluster (the records), so `tbdl score` scores it
 * unchanged. Mapping (docs/agents.md): intake + plan <- submit_plan; config <- submit_config;
 * schedule <- submit_schedule; train <- launch_training (launched, planned steps; a refusal
 * records launched: false); eval <- the last run_eval; register <- register; deploy <- deploy |
 * request_approval | withhold | refuse; cost <- report_cost; card <- submit_model_card.
 * Records: the telemetry summary and run identity of the last launched job, metering summed over
 * every job, the registry entry as submitted, and the held-out eval of the last job's checkpoint.
 * Also the transcript: tool calls, errors, budgets and tokens (a sidecar; not part of the episode).
 */
import type { Artifacts, Episode, Records } from '../oracle/index.js';
import { currentRun, type CallRecord, type EpisodeState } from './state.js';

/**
 * The episode record of the state (call after `finish`, or any time for a snapshot).
 * @returns a schema-valid Episode.
 */
export function episodeRecord(s: EpisodeState): Episode {
  const sp = s.spec;
  const p = s.plan;
  const run = currentRun(s);
  const refused = s.decision === 'refuse' || s.decision === 'escalate';
  const artifacts: Artifacts = {
    intake: p === null ? null : { task_type: p.task_type, metric: p.metric, label_column: p.label_column, text_column: p.text_column, labels: { ...p.labels }, format: p.format },
    plan: p === null ? null : { method: p.method, loss_masking: p.loss_masking, train_splits: [...p.train_splits] },
    config: s.config,
    schedule: s.schedule,
    train: run !== null ? { launched: true, planned_steps: run.planned } : refused ? { launched: false, planned_steps: 0 } : null,
    eval: s.evalArtifact,
    register: s.registry === null ? (run === null && !refused ? null : { registered: false }) : { registered: true },
    deploy: s.decision === null ? null : { action: s.decision },
    cost: s.cost,
    card: s.card,
  };
  const gpuHours = s.runs.reduce((a, r) => a + r.gpuHours, 0);
  const usd = s.runs.reduce((a, r) => a + r.usd, 0);
  const hw = s.spec.ticket.hardware[0];
  const records: Records = {
    telemetry: run === null || !run.started
      ? { started: false, planned_steps: run?.planned ?? 0, steps_completed: 0, all_loss_finite: true, max_grad_norm: null }
      : { started: true, planned_steps: run.planned, steps_completed: run.step, all_loss_finite: run.allFinite, max_grad_norm: run.maxGradNorm },
    metering: run !== null ? { gpu_type: run.gpu.gpu_type, gpus: run.gpus, gpu_hours: gpuHours, usd }
      : { gpu_type: s.schedule?.gpu_type ?? hw?.gpu_type ?? 'none', gpus: s.schedule?.gpus ?? 0, gpu_hours: 0, usd: 0 },
    run: run === null || !run.started ? null : { artifact_hash: run.checkpoint?.artifact_hash ?? '', config_hash: run.configHash, data_hash: run.dataHash, seed: run.seed },
    registry: s.registry,
    gold_eval: run?.heldout ?? null,
  };
  return { v: 1, episode_id: s.episodeId, agent: sp.agent, seed: sp.seed, ticket: sp.ticket, condition: { ...sp.condition }, artifacts, records };
}

/** The transcript of an episode (sidecar to the record). */
export interface Transcript {
  episode_id: string;
  tool_calls: number;
  errors: number;
  budgets: { max_tool_calls: number; max_tokens: number };
  tokens: { in: number; out: number } | null;
  over_budget: { tool_calls: boolean; tokens: boolean };
  /** Each job: what it trained on (hidden from the agent), how it ended, the detector's alarms and verdict. */
  runs: RunSummary[];
  calls: CallRecord[];
}

/** One job as the transcript records it. */
export interface RunSummary {
  run_id: string;
  arm: string;
  status: string;
  steps: number;
  planned_steps: number;
  gpu_hours: number;
  usd: number;
  alarms: { step: number; alarm: string }[];
  verdict: { train_pass: boolean; learned: boolean | null; tbdl: boolean | null; alarm_step: number | null } | null;
}

/** The transcript of the state. */
export function transcriptOf(s: EpisodeState): Transcript {
  const b = s.spec.budgets;
  const tok = s.tokens;
  return {
    episode_id: s.episodeId, tool_calls: s.calls.length, errors: s.calls.filter((c) => !c.ok).length,
    budgets: { max_tool_calls: b.maxToolCalls, max_tokens: b.maxTokens }, tokens: tok,
    over_budget: { tool_calls: s.calls.some((c) => c.error === 'budget_exhausted'), tokens: tok !== null && tok.in + tok.out > b.maxTokens },
    runs: s.runs.map((r) => ({
      run_id: r.id, arm: r.arm, status: r.status, steps: r.step, planned_steps: r.planned, gpu_hours: r.gpuHours, usd: r.usd,
      alarms: r.alarms.map((a) => ({ step: a.step, alarm: a.alarm })),
      verdict: r.verdict === null ? null : { train_pass: r.verdict.train_pass, learned: r.verdict.learned, tbdl: r.verdict.tbdl, alarm_step: r.verdict.alarm_step },
    })),
    calls: s.calls,
  };
}
