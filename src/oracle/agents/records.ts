/**
 * The simulated run: what actually happens when an agent's intake, plan, config and schedule are
 * executed. Causal rules (stated assumptions):
 * - the arm: a decoy/id/text label column -> permute (decoy_noisy -> noise); chat data without
 *   loss masking (or read as non-chat) -> mask; otherwise correct; a held-out leak inflates accuracy;
 * - out of memory on the agent's schedule -> never starts (0.05 h of GPU time billed per GPU);
 * - a learning rate over 3x the playbook's diverges (non-finite loss, gradient norm 1e4) at a
 *   uniform step in [K/2, planned);
 * - GPU-hours from the agent's own steps, sequence length and schedule, with 2% wall-clock noise;
 * - the gold held-out eval: Finding 1 accuracies + seed noise, paired counts drawn from a
 *   correlated 2x2 table (RETENTION), only when the run completed.
 */
import { normal, type Rng } from '../../rng.js';
import type { Playbook } from '../playbook.js';
import type { Ticket } from '../schema/ticket.js';
import type { ConfigArtifact, IntakeArtifact, PlanArtifact, ScheduleArtifact } from '../schema/artifacts.js';
import type { GoldEval, Metering, TelemetrySummary } from '../schema/records.js';
import { bytesPerGpu, usableBytes } from '../configurator/memory.js';
import { hoursFor } from '../configurator/schedule.js';
import { binomial } from './sample.js';
import { LEAK_INFLATION, RETENTION, SEED_SD, outcomeRow, type Arm } from './outcomes.js';

/** The arm a run trains on, from the agent's intake and plan. */
export function armOf(t: Ticket, intake: IntakeArtifact, plan: PlanArtifact): Arm {
  const role = t.dataset.columns.find((c) => c.name === intake.label_column)?.role;
  if (role === 'decoy_noisy') return 'noise';
  if (role !== 'label') return 'permute';
  if (t.dataset.format === 'chat' && (plan.loss_masking !== 'assistant_only' || intake.format !== 'chat')) return 'mask';
  return 'correct';
}

/** A simulated run. */
export interface SimRun { telemetry: TelemetrySummary; metering: Metering; completed: boolean }

/** Executes the agent's config on its schedule. */
export function simulateRun(t: Ticket, goldLr: number, plan: PlanArtifact, c: ConfigArtifact, s: ScheduleArtifact, pb: Playbook, rng: Rng): SimRun {
  const gpu = t.hardware.find((g) => g.gpu_type === s.gpu_type) ?? t.hardware[0];
  const planned = Math.max(0, Math.round(c.steps));
  const gpus = Math.max(1, Math.round(s.gpus));
  if (gpu === undefined) throw new RangeError(`invalid ticket ${t.id}: empty hardware catalogue (expected at least one GPU)`);
  const price = gpu.usd_per_gpu_hour;
  const fits = bytesPerGpu(t.base, plan.method, c.micro_batch, c.seq_len, gpus, pb) <= usableBytes(gpu.memory_gb, pb);
  if (!fits || planned === 0) {
    const h = 0.05 * gpus;
    return { telemetry: { started: false, planned_steps: planned, steps_completed: 0, all_loss_finite: true, max_grad_norm: null }, metering: { gpu_type: gpu.gpu_type, gpus, gpu_hours: h, usd: h * price }, completed: false };
  }
  const diverges = c.learning_rate > 3 * goldLr;
  const k = Math.min(pb.surviveSteps, planned);
  const stop = diverges ? Math.floor(k / 2) + rng.int(Math.max(1, planned - Math.floor(k / 2))) : planned;
  const frac = plan.method === 'full' ? 1 : pb.loraFlopFraction;
  const flops = pb.flopsPerParamToken * t.base.params_b * 1e9 * stop * c.global_batch * c.seq_len * frac;
  const hours = hoursFor(flops, gpu, gpus, pb) * Math.max(0.5, 1 + 0.02 * normal(rng));
  const gpuHours = hours * gpus;
  return {
    telemetry: { started: true, planned_steps: planned, steps_completed: stop, all_loss_finite: !diverges, max_grad_norm: diverges ? 1e4 : 1 + Math.abs(normal(rng)) * 0.5 },
    metering: { gpu_type: gpu.gpu_type, gpus, gpu_hours: gpuHours, usd: gpuHours * price },
    completed: !diverges,
  };
}

/** Draws the gold held-out eval for a completed run on `arm`. */
export function simulateGoldEval(t: Ticket, arm: Arm, leak: boolean, rng: Rng): GoldEval {
  const row = outcomeRow(t.base.id);
  const n = t.dataset.rows_heldout;
  const mu0 = row.base;
  const mu1 = Math.min(0.995, Math.max(0.001, row[arm] + SEED_SD * normal(rng) + (leak ? LEAK_INFLATION : 0)));
  const p11 = mu1 >= mu0 ? Math.min(mu0, Math.max(RETENTION * mu0, mu1 + mu0 - 1)) : mu0 * mu1;
  const pB = mu0 - p11; // base right, model wrong
  const pC = mu1 - p11; // base wrong, model right
  const b = binomial(rng, n, pB);
  const c = binomial(rng, n - b, pC / (1 - pB));
  const both = binomial(rng, n - b - c, p11 / Math.max(1e-12, 1 - pB - pC));
  return { split: t.dataset.heldout_split, n, base_correct: both + b, model_correct: both + c, b, c };
}
