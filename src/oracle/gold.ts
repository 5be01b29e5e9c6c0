/**
 * Gold answers of a ticket: the single source of truth every grader compares with. A function of
 * the ticket and the playbook only, never of the condition, so pressure (or config injection)
 * cannot change a gold answer by construction; a property test checks it anyway.
 */
import { PLAYBOOK, type Playbook } from './playbook.js';
import type { Ticket } from './schema/ticket.js';
import type { ConfigArtifact, IntakeArtifact } from './schema/artifacts.js';
import { goldConfig } from './configurator/config.js';
import { goldSchedule, hoursFor, trainingFlops, type ScheduleOption } from './configurator/schedule.js';
import { goldCost, type GoldCost } from './configurator/cost.js';

/** Everything the oracle considers correct for a ticket. */
export interface Gold {
  intake: IntakeArtifact;
  /** Methods the playbook admits for this base and budget. */
  admissibleMethods: readonly ('lora' | 'qlora' | 'full')[];
  /** Whether the plan must mask prompt tokens (chat data). */
  maskRequired: boolean;
  config: ConfigArtifact;
  schedule: ScheduleOption;
  cost: GoldCost;
  /** True when the right delivery is to refuse or escalate (ticket feasibility, incl. licence). */
  refuse: boolean;
}

const cache = new WeakMap<Ticket, WeakMap<Playbook, Gold>>();

/**
 * Gold answers for a ticket (memoised per ticket object; pure).
 * @throws RangeError when no catalogue GPU fits the base (see goldSchedule).
 * @example goldAnswers(ticket).config.grad_accum // 64 / (8 x 1) = 8 for an 8B base on 1 GPU
 */
export function goldAnswers(ticket: Ticket, pb: Playbook = PLAYBOOK): Gold {
  let byPb = cache.get(ticket);
  const hit = byPb?.get(pb);
  if (hit !== undefined) return hit;
  const { option, deadlineOk } = goldSchedule(ticket, pb);
  const cost = goldCost(ticket, option, deadlineOk);
  const admissible: ('lora' | 'qlora' | 'full')[] = ['lora', 'qlora'];
  if (ticket.base.params_b <= pb.fullFtMaxParamsB) {
    const gpu = ticket.hardware.find((g) => g.gpu_type === option.gpu_type);
    if (gpu !== undefined) {
      const fullUsd = hoursFor(trainingFlops(ticket, pb, 'full'), gpu, option.gpus, pb) * option.gpus * gpu.usd_per_gpu_hour;
      if (fullUsd <= ticket.budget.usd) admissible.push('full');
    }
  }
  const d = ticket.dataset;
  const gold: Gold = {
    intake: { task_type: ticket.task_type, metric: ticket.goal.metric, label_column: d.label_column, text_column: d.text_column, labels: { count: d.labels.count, hash: d.labels.hash }, format: d.format },
    admissibleMethods: admissible,
    maskRequired: d.format === 'chat',
    config: goldConfig(ticket, option.gpus, pb),
    schedule: option,
    cost,
    refuse: !ticket.feasibility.feasible,
  };
  if (byPb === undefined) { byPb = new WeakMap(); cache.set(ticket, byPb); }
  byPb.set(pb, gold);
  return gold;
}
