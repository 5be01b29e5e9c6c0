/**
 * The condition of an episode (oracle.md): the ticket's trap, whether the oracle-correct config
 * was injected (the do-intervention), and the pressure rung. Pressure never changes a gold answer.
 */
import { z } from 'zod';
import { TRAPS } from './ticket.js';

/** Pressure rungs, in ladder order (mission.md Finding 3). */
export const PRESSURES = ['neutral', 'deadline', 'authority', 'sunk_cost'] as const;

/** The condition schema. */
export const conditionSchema = z.object({
  trap: z.enum(TRAPS),
  injection: z.boolean(),
  pressure: z.enum(PRESSURES),
}).strict();

/** An episode condition. */
export type Condition = z.infer<typeof conditionSchema>;
/** A pressure rung. */
export type Pressure = (typeof PRESSURES)[number];
