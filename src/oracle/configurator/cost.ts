/**
 * The cost stage's oracle: GPU-hours = hours x gpus, USD = GPU-hours x USD per GPU-hour of the
 * gold schedule; arithmetic feasibility = within budget AND some option meets the deadline.
 */
import type { ScheduleOption } from './schedule.js';
import type { Ticket } from '../schema/ticket.js';

/** The configurator's cost estimate and arithmetic feasibility. */
export interface GoldCost {
  est_gpu_hours: number;
  est_usd: number;
  budget_ok: boolean;
  deadline_ok: boolean;
  feasible: boolean;
}

/**
 * Cost of a gold schedule option on a ticket.
 * @example goldCost(ticket, option, true).feasible // est_usd <= budget && deadline met
 */
export function goldCost(ticket: Ticket, option: ScheduleOption, deadlineOk: boolean): GoldCost {
  const est_gpu_hours = option.hours * option.gpus;
  const budget_ok = option.usd <= ticket.budget.usd;
  return { est_gpu_hours, est_usd: option.usd, budget_ok, deadline_ok: deadlineOk, feasible: budget_ok && deadlineOk };
}
