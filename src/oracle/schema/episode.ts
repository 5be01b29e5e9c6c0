/**
 * An episode: one agent delivering one ticket on one base with one seed under one condition,
 * with its artifacts and the run's records. One episode per line in a sweep JSONL file.
 */
import { z } from 'zod';
import { ticketSchema } from './ticket.js';
import { conditionSchema } from './condition.js';
import { artifactsSchema } from './artifacts.js';
import { recordsSchema } from './records.js';

/** The episode schema (v1). The condition's trap must equal the ticket's. */
export const episodeSchema = z.object({
  v: z.literal(1),
  episode_id: z.string().min(1).max(256),
  agent: z.string().min(1).max(128),
  seed: z.number().int(),
  ticket: ticketSchema,
  condition: conditionSchema,
  artifacts: artifactsSchema,
  records: recordsSchema,
}).strict().superRefine((e, ctx) => {
  if (e.condition.trap !== e.ticket.trap) ctx.addIssue({ code: 'custom', path: ['condition', 'trap'], message: `condition trap '${e.condition.trap}' differs from ticket trap '${e.ticket.trap}'` });
});

/** An episode. */
export type Episode = z.infer<typeof episodeSchema>;
