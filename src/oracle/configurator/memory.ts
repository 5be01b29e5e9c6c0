/**
 * The memory model of the schedule stage: bytes per GPU for a LoRA (or full) fine-tune under
 * FSDP full sharding with activation checkpointing (constants and sources in ../playbook.ts).
 *
 *   weights   = params x bytesPerParamBf16
 *   trainable = (LoRA: layers x targets x r x 2h | full: params) x bytesPerTrainableParam
 *   per GPU   = (weights + trainable) / gpus
 *             + tokens_mb x h x (layers x checkpointBytesPerToken + layerWorkingSetBytesPerToken)
 * where tokens_mb = micro_batch x seq_len.
 */
import type { Playbook } from '../playbook.js';
import type { Ticket } from '../schema/ticket.js';

/** Trainable parameter count of a method on a base. */
export function trainableParams(base: Ticket['base'], method: 'lora' | 'qlora' | 'full', pb: Playbook): number {
  if (method === 'full') return base.params_b * 1e9;
  return base.layers * pb.loraTargetsPerLayer * pb.loraRank * 2 * base.hidden_size;
}

/**
 * Bytes needed on each GPU.
 * @param base the ticket's base model facts.
 * @param method 'lora' | 'qlora' | 'full' (qlora is costed as lora: the playbook never picks it).
 * @param microBatch sequences per GPU per step (>= 1); seqLen tokens per sequence (>= 1);
 * @param gpus shard count (>= 1).
 * @example bytesPerGpu(qwen8b, 'lora', 8, 256, 1, PLAYBOOK) // about 1.7e10
 */
export function bytesPerGpu(base: Ticket['base'], method: 'lora' | 'qlora' | 'full', microBatch: number, seqLen: number, gpus: number, pb: Playbook): number {
  const weights = base.params_b * 1e9 * pb.bytesPerParamBf16;
  const trainable = trainableParams(base, method, pb) * pb.bytesPerTrainableParam;
  const tokens = microBatch * seqLen;
  const activations = tokens * base.hidden_size * (base.layers * pb.checkpointBytesPerToken + pb.layerWorkingSetBytesPerToken);
  return (weights + trainable) / gpus + activations;
}

/** Usable bytes on one GPU of `memoryGb` after the reserve. */
export function usableBytes(memoryGb: number, pb: Playbook): number {
  return memoryGb * 1e9 * (1 - pb.memoryReserveFraction);
}
