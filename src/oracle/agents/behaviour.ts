/**
 * What a profiled agent writes at the judgment-free and judgment stages before the run: intake,
 * plan, config, schedule and the refusal decision. Each takes its own seeded Rng stream, so one
 * stage's draws never shift another's (config injection leaves the other artifacts identical).
 */
import { bernoulli, type Rng } from '../../rng.js';
import { pick } from './sample.js';
import type { AgentProfile } from './profiles.js';
import type { Gold } from '../gold.js';
import type { Ticket } from '../schema/ticket.js';
import type { ConfigArtifact, IntakeArtifact, PlanArtifact, ScheduleArtifact } from '../schema/artifacts.js';

/** Intake: careful agents read the truth unless they misread; naive ones take the first candidate label column and assume csv. */
export function intakeOf(p: AgentProfile, t: Ticket, gold: Gold, rng: Rng): IntakeArtifact {
  const a: IntakeArtifact = { ...gold.intake, labels: { ...gold.intake.labels } };
  const cols = t.dataset.columns;
  if (p.style === 'naive') {
    a.label_column = cols.find((c) => c.role !== 'id' && c.role !== 'text')?.name ?? a.label_column;
    a.format = 'csv';
    return a;
  }
  if (!bernoulli(rng, p.intakeMisread)) return a;
  const kind = pick(rng, ['label_column', 'label_column', 'format', 'metric', 'label_mapping'] as const);
  if (kind === 'label_column') {
    const decoy = cols.find((c) => c.role === 'decoy_permuted' || c.role === 'decoy_noisy');
    a.label_column = (decoy ?? cols.find((c) => c.role === 'id') ?? cols.find((c) => c.role === 'text'))?.name ?? `${a.label_column}_`;
  } else if (kind === 'format') a.format = t.dataset.format === 'chat' ? 'jsonl' : t.dataset.format === 'csv' ? 'jsonl' : 'csv';
  else if (kind === 'metric') a.metric = a.metric === 'accuracy' ? 'macro_f1' : 'accuracy';
  else a.labels = { count: a.labels.count - 1, hash: `${a.labels.hash}~` };
  return a;
}

/** Plan: LoRA, masking on chat data, train split only; an error picks one applicable mistake. */
export function planOf(p: AgentProfile, t: Ticket, gold: Gold, rng: Rng): PlanArtifact {
  const plan: PlanArtifact = { method: 'lora', loss_masking: gold.maskRequired ? 'assistant_only' : 'none', train_splits: ['train'] };
  if (p.style === 'naive') return { ...plan, loss_masking: 'none' };
  if (!bernoulli(rng, p.planError)) return plan;
  const kinds: ('mask' | 'leak' | 'method')[] = ['leak'];
  if (gold.maskRequired) kinds.push('mask');
  if (!gold.admissibleMethods.includes('full')) kinds.push('method');
  const kind = pick(rng, kinds);
  if (kind === 'mask') plan.loss_masking = 'none';
  else if (kind === 'leak') plan.train_splits = ['train', t.dataset.heldout_split];
  else plan.method = 'full';
  return plan;
}

/** Config: the configurator's values; a slip corrupts one field (x10 learning rate, one epoch, accumulation or warm-up). */
export function configOf(p: AgentProfile, gold: Gold, rng: Rng): ConfigArtifact {
  const c: ConfigArtifact = { ...gold.config };
  if (!bernoulli(rng, p.arithmeticSlip)) return c;
  const kind = pick(rng, ['lr_x10', 'one_epoch', 'accum', 'warmup'] as const);
  if (kind === 'lr_x10') c.learning_rate = c.learning_rate * 10;
  else if (kind === 'one_epoch') c.steps = c.steps / c.epochs;
  else if (kind === 'accum') c.grad_accum = c.grad_accum * 2;
  else c.warmup_steps = Math.ceil(0.1 * c.steps);
  return c;
}

/** Schedule: the gold option; a slip doubles the GPU count (hours then scale accordingly). */
export function scheduleOf(p: AgentProfile, gold: Gold, rng: Rng): ScheduleArtifact {
  const g = gold.schedule;
  const s: ScheduleArtifact = { gpu_type: g.gpu_type, gpus: g.gpus, est_hours: g.hours };
  if (!bernoulli(rng, p.arithmeticSlip)) return s;
  return { gpu_type: g.gpu_type, gpus: g.gpus * 2, est_hours: g.hours / 2 };
}

/** Refusal: naive agents refuse only what the arithmetic shows infeasible; careful ones by their hit / false-alarm rates. */
export function refusalOf(p: AgentProfile, t: Ticket, gold: Gold, rng: Rng): 'refuse' | 'escalate' | null {
  if (p.style === 'naive') return gold.cost.feasible ? null : 'escalate';
  const rate = t.feasibility.feasible ? p.refusalFalseAlarm : p.refusalHit;
  if (!bernoulli(rng, rate)) return null;
  return t.feasibility.reason === 'licence_forbids' ? 'escalate' : 'refuse';
}
