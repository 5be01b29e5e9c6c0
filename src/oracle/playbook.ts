/**
 * The playbook: every constant the configurator uses, as data, each with its source or rationale.
 * The configurator (./configurator/) is a deterministic function of a ticket and this object.
 * Units: bytes, GB = 1e9 bytes, TFLOP/s, USD, hours.
 */
import type { Gpu } from './schema/ticket.js';

/** The playbook's shape (all fields documented on {@link PLAYBOOK}). */
export interface Playbook {
  globalBatch: number;
  microBatch: readonly { maxParamsB: number; value: number }[];
  epochs: number;
  loraLr: readonly { maxParamsB: number; value: number }[];
  fullLr: number;
  warmupRatio: number;
  loraRank: number;
  loraAlpha: number;
  loraTargetsPerLayer: number;
  seqLen: { csv: number; jsonl: number; chat: number };
  bytesPerParamBf16: number;
  bytesPerTrainableParam: number;
  checkpointBytesPerToken: number;
  layerWorkingSetBytesPerToken: number;
  memoryReserveFraction: number;
  mfu: number;
  scalingEfficiencyPerDoubling: number;
  loraFlopFraction: number;
  flopsPerParamToken: number;
  gpuCounts: readonly number[];
  fullFtMaxParamsB: number;
  surviveSteps: number;
  gradNormBound: number;
  tolerance: { lr: number; hours: number; cost: number; accuracy: number };
}

/**
 * The default playbook. Sources:
 * - globalBatch 64: LoRA SFT recipes use effective batches of 16-128 (QLoRA, Dettmers et al. 2023,
 *   App. B); 64 is divisible by every micro-batch x GPU count below, so grad_accum is an integer.
 * - microBatch 8 / 4 / 2 for <= 10B / <= 40B / larger: keeps activations small next to weights.
 * - epochs 3: small classification sets (BANKING77, 10k rows) converge in 3-5 epochs.
 * - loraLr 2e-4 (<= 13B) / 1e-4 (larger): QLoRA Table 9 (7B/13B 2e-4, 33B/65B 1e-4).
 * - fullLr 1e-5: common full fine-tuning rate for 7B-class chat models.
 * - warmupRatio 0.03: Alpaca / QLoRA recipes.
 * - LoRA rank 16, alpha 32 (alpha = 2r convention), on 4 attention projections per layer
 *   (q, k, v, o), each approximated as hidden x hidden: adapter params = layers x 4 x r x 2h.
 * - seqLen 256 (short utterances plus prompt) for csv/jsonl, 1024 for chat transcripts.
 * - bytesPerParamBf16 2; bytesPerTrainableParam 16 = bf16 weight 2 + bf16 grad 2 + fp32 master 4
 *   + Adam m and v 8 (ZeRO, Rajbhandari et al. 2020, section 3.1).
 * - Activations under full checkpointing: each layer keeps its bf16 input (2 bytes per token per
 *   hidden unit), plus one layer's working set of 34 bytes per token per hidden unit during
 *   recomputation (Korthikanti et al. 2022, eq. 1, attention-score term dropped under
 *   FlashAttention).
 * - memoryReserveFraction 0.10: CUDA context, allocator fragmentation, NCCL buffers.
 * - Weights and trainable states are fully sharded across GPUs (FSDP full shard).
 * - mfu 0.40: well-tuned bf16 training reaches 35-50% model FLOPs utilisation (PaLM 46%).
 * - scalingEfficiencyPerDoubling 0.90: single-node data-parallel/FSDP overhead per doubling of
 *   GPUs, so the minimal count that meets the deadline is also the cheapest on a GPU type.
 * - flopsPerParamToken 6 (forward 2 + backward 4; Kaplan et al. 2020); loraFlopFraction 2/3: with
 *   frozen base weights the backward pass computes activation gradients (2) but not weight
 *   gradients (2), so 4 of the 6.
 * - gpuCounts 1, 2, 4, 8: one node.
 * - fullFtMaxParamsB 10: full fine-tuning is admissible only up to 10B parameters (beyond that the
 *   playbook mandates LoRA: 16 bytes per trainable parameter would need a multi-node job).
 * - surviveSteps 50 (K of the T criterion) and gradNormBound 100 (pre-clip global norm).
 * - tolerances: learning rate relative 1%; hours relative 5%; cost relative 2%; card accuracy
 *   absolute 0.005 (half a point, the precision cards usually state).
 */
export const PLAYBOOK: Readonly<Playbook> = Object.freeze({
  globalBatch: 64,
  microBatch: Object.freeze([{ maxParamsB: 10, value: 8 }, { maxParamsB: 40, value: 4 }, { maxParamsB: Infinity, value: 2 }]),
  epochs: 3,
  loraLr: Object.freeze([{ maxParamsB: 13, value: 2e-4 }, { maxParamsB: Infinity, value: 1e-4 }]),
  fullLr: 1e-5,
  warmupRatio: 0.03,
  loraRank: 16,
  loraAlpha: 32,
  loraTargetsPerLayer: 4,
  seqLen: Object.freeze({ csv: 256, jsonl: 256, chat: 1024 }),
  bytesPerParamBf16: 2,
  bytesPerTrainableParam: 16,
  checkpointBytesPerToken: 2,
  layerWorkingSetBytesPerToken: 34,
  memoryReserveFraction: 0.1,
  mfu: 0.4,
  scalingEfficiencyPerDoubling: 0.9,
  loraFlopFraction: 2 / 3,
  flopsPerParamToken: 6,
  gpuCounts: Object.freeze([1, 2, 4, 8]),
  fullFtMaxParamsB: 10,
  surviveSteps: 50,
  gradNormBound: 100,
  tolerance: Object.freeze({ lr: 0.01, hours: 0.05, cost: 0.02, accuracy: 0.005 }),
});

/**
 * The hardware catalogue. H200 SXM: 141 GB HBM3e, 989 dense bf16 TFLOP/s (NVIDIA H200 datasheet,
 * 1,979 with sparsity), $3.00 per GPU-hour (mission.md). A40: 48 GB GDDR6, 149.7 dense bf16
 * TFLOP/s (NVIDIA A40 datasheet, 299.4 with sparsity), $0.40 per GPU-hour (2025 on-demand market
 * rates of $0.35-0.45; at $0.80 the H200 would be cheaper per FLOP and the A40 never chosen).
 */
export const HARDWARE: readonly Gpu[] = Object.freeze([
  Object.freeze({ gpu_type: 'H200', memory_gb: 141, peak_bf16_tflops: 989, usd_per_gpu_hour: 3.0 }),
  Object.freeze({ gpu_type: 'A40', memory_gb: 48, peak_bf16_tflops: 149.7, usd_per_gpu_hour: 0.4 }),
]);

/** First rule whose `maxParamsB` covers `paramsB`. */
export function byParams(rules: readonly { maxParamsB: number; value: number }[], paramsB: number): number {
  for (const r of rules) if (paramsB <= r.maxParamsB) return r.value;
  const last = rules[rules.length - 1];
  if (last === undefined) throw new RangeError('invalid playbook rule: empty (expected at least one entry)');
  return last.value;
}
