/**
 * What a run learns, from what the agent actually submitted and the ticket's data (stated
 * assumptions of the environment, each a rule):
 * - label column: the annotated label column trains the task; the routing heuristic's weak labels
 *   train the noise arm; any other column (the legacy id column, the id, the text) trains labels
 *   unrelated to the text: the permute arm;
 * - chat data without the assistant-only loss mask: the loss is spent on the customer turns (the
 *   intent is a few tokens of each ~1,000-token transcript), so the run fits the transcripts and
 *   stays at the base's accuracy (the `unmasked` arm, flat at mu0 + 0.005); chat data masked but
 *   read as flat text: the benign `mask` arm (a dip, then recovery, as in the study's Finding 1);
 * - training progress r = (steps x global_batch) / (playbook steps x playbook global batch)
 *   x min(1, lr / playbook lr): the run realises the fraction g(r) = (1 - e^{-3r}) / (1 - e^{-3})
 *   (capped at 1) of its arm's gain over the base, so too few steps or a learning rate far below
 *   the playbook's under-train (r = 0.05 leaves 15% of the gain: below a 0.1 margin);
 * - a learning rate above 3x the playbook's diverges (non-finite loss, gradient norm 1e4) at a
 *   uniform step in [K/2, planned), K = the T criterion's survival steps;
 * - held-out rows in the training splits inflate the accuracy by 0.05 (leak).
 */
import type { ConfigArtifact, PlanArtifact, Playbook, Ticket } from '../oracle/index.js';
import { BASES, type Arm as SimArm, type BaseCalibration } from '../sim/index.js';

/** The arm a run trains on. */
export type EnvArm = 'correct' | 'permute' | 'noise' | 'mask' | 'unmasked';

/** Accuracy inflation of a held-out leak. */
export const LEAK_GAIN = 0.05;
/** The unmasked arm's final accuracy over the base. */
export const UNMASKED_GAIN = 0.005;
/** A learning rate above this multiple of the playbook's diverges. */
export const DIVERGE_LR_FACTOR = 3;

/**
 * The arm a run trains on, from the plan (label column, format read, loss masking).
 * @example envArmOf(chatTicket, { ...plan, loss_masking: 'none' }) // 'unmasked'
 */
export function envArmOf(t: Ticket, plan: Pick<PlanArtifact, 'loss_masking'> & { label_column: string; format: string }): EnvArm {
  const role = t.dataset.columns.find((c) => c.name === plan.label_column)?.role;
  if (role === 'decoy_noisy') return 'noise';
  if (role !== 'label') return 'permute';
  if (t.dataset.format === 'chat') {
    if (plan.loss_masking !== 'assistant_only') return 'unmasked';
    if (plan.format !== 'chat') return 'mask';
  }
  return 'correct';
}

/** g(r): the fraction of the arm's gain a run with progress r realises. */
export function progressGain(r: number): number {
  if (!(r > 0)) return 0;
  if (r >= 1) return 1;
  return (1 - Math.exp(-3 * r)) / (1 - Math.exp(-3));
}

/** Training progress r of a config against the playbook's (see the header). */
export function progressOf(c: ConfigArtifact, goldSteps: number, goldLr: number, pb: Playbook): number {
  const tokens = (Math.max(0, c.steps) * Math.max(0, c.global_batch)) / (goldSteps * pb.globalBatch);
  return tokens * Math.min(1, Math.max(0, c.learning_rate) / goldLr);
}

/** The simulator's calibration row of a ticket's base (by model name; Qwen3-8B's row when unknown). */
export function simBaseOf(t: Ticket): BaseCalibration {
  const name = (t.base.id.split('/').at(-1) ?? t.base.id).toLowerCase();
  return BASES.find((b) => name.startsWith(b.slug)) ?? (BASES[0] as BaseCalibration);
}

/**
 * The simulator arm and a calibration row whose held-out target encodes the run's outcome.
 * @param gain g(r) of the run; @param leak held-out rows trained on; @param secondsPerStep the
 * run's wall-clock per step (for timestamps and the detector's cost model).
 */
export function calibrationFor(t: Ticket, arm: EnvArm, gain: number, leak: boolean, secondsPerStep: number): { simArm: SimArm; base: BaseCalibration } {
  const b = simBaseOf(t);
  const mu0 = b.mu0;
  const bump = leak ? LEAK_GAIN : 0;
  const cap = (x: number): number => Math.min(0.99, x + bump);
  const h = { ...b.heldout };
  let simArm: SimArm = arm === 'unmasked' ? 'noise' : arm;
  let offsets = b.noiseSeedOffsets;
  if (arm === 'correct') h.correct = cap(mu0 + (b.heldout.correct - mu0) * gain);
  else if (arm === 'mask') h.mask = cap(mu0 + (b.heldout.mask - mu0) * gain);
  else if (arm === 'noise') h.noise = cap(b.heldout.noise);
  else if (arm === 'permute') h.permute = cap(b.heldout.permute);
  else { h.noise = cap(mu0 + UNMASKED_GAIN); offsets = [0, 0, 0]; simArm = 'noise'; }
  return { simArm, base: { ...b, heldout: h, noiseSeedOffsets: offsets, secondsPerStep } };
}
