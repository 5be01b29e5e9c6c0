/**
 * The config stage's oracle: concrete hyperparameters from the ticket and the playbook.
 *   grad_accum = global_batch / (micro_batch x gpus)
 *   steps = epochs x ceil(rows_train / global_batch)
 *   warmup_steps = ceil(warmup_ratio x steps)
 *   learning_rate = the playbook's LoRA rule by base size (QLoRA Table 9)
 */
import { byParams, type Playbook } from '../playbook.js';
import type { Ticket } from '../schema/ticket.js';
import type { ConfigArtifact } from '../schema/artifacts.js';

/** Micro-batch of the playbook for a base. */
export function microBatchFor(ticket: Ticket, pb: Playbook): number {
  return byParams(pb.microBatch, ticket.base.params_b);
}

/** Sequence length of the playbook for the ticket's data format. */
export function seqLenFor(ticket: Ticket, pb: Playbook): number {
  return pb.seqLen[ticket.dataset.format];
}

/**
 * The oracle-correct config for `gpus` GPUs (the gold schedule's count).
 * @param gpus a count from the playbook's gpuCounts (global batch must divide evenly).
 * @throws RangeError when global_batch is not divisible by micro_batch x gpus.
 * @example goldConfig(ticket, 1, PLAYBOOK).steps // 3 x ceil(10003 / 64) = 471
 */
export function goldConfig(ticket: Ticket, gpus: number, pb: Playbook): ConfigArtifact {
  const micro = microBatchFor(ticket, pb);
  const per = micro * gpus;
  if (pb.globalBatch % per !== 0) throw new RangeError(`invalid gpus: ${gpus} (expected global batch ${pb.globalBatch} divisible by micro_batch ${micro} x gpus)`);
  const steps = pb.epochs * Math.ceil(ticket.dataset.rows_train / pb.globalBatch);
  return {
    method: 'lora',
    global_batch: pb.globalBatch,
    micro_batch: micro,
    grad_accum: pb.globalBatch / per,
    epochs: pb.epochs,
    steps,
    warmup_steps: Math.ceil(pb.warmupRatio * steps),
    learning_rate: byParams(pb.loraLr, ticket.base.params_b),
    lora_rank: pb.loraRank,
    lora_alpha: pb.loraAlpha,
    seq_len: seqLenFor(ticket, pb),
  };
}
