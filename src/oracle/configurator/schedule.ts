/**
 * The schedule stage's oracle: the cheapest (GPU type, minimal count) that fits memory and meets
 * the deadline.
 *   FLOPs = flopsPerParamToken x params x tokens x (LoRA: loraFlopFraction)
 *   tokens = steps x global_batch x seq_len (padded, not packed)
 *   hours(n) = FLOPs / (mfu x peak x n x eff^log2(n)) / 3600
 *   usd = hours x n x usd_per_gpu_hour
 * Among options that fit and meet the deadline: least USD, then fewer GPUs, then catalogue order.
 * If none meets the deadline the gold schedule is the fastest option (least hours, then USD) and
 * the ticket is infeasible by deadline.
 */
import type { Playbook } from '../playbook.js';
import type { Gpu, Ticket } from '../schema/ticket.js';
import { bytesPerGpu, usableBytes } from './memory.js';
import { microBatchFor, seqLenFor } from './config.js';

/** One candidate (type, count) with its estimate. */
export interface ScheduleOption {
  gpu_type: string;
  gpus: number;
  hours: number;
  usd: number;
  bytes_per_gpu: number;
  fits: boolean;
  meets_deadline: boolean;
}

/** Training FLOPs of the playbook's LoRA run on the ticket. */
export function trainingFlops(ticket: Ticket, pb: Playbook, method: 'lora' | 'qlora' | 'full' = 'lora', steps?: number): number {
  const s = steps ?? pb.epochs * Math.ceil(ticket.dataset.rows_train / pb.globalBatch);
  const tokens = s * pb.globalBatch * seqLenFor(ticket, pb);
  const frac = method === 'full' ? 1 : pb.loraFlopFraction;
  return pb.flopsPerParamToken * ticket.base.params_b * 1e9 * tokens * frac;
}

/** Wall-clock hours of `flops` on `gpus` GPUs of type `gpu`. */
export function hoursFor(flops: number, gpu: Gpu, gpus: number, pb: Playbook): number {
  const eff = Math.pow(pb.scalingEfficiencyPerDoubling, Math.log2(gpus));
  return flops / (pb.mfu * gpu.peak_bf16_tflops * 1e12 * gpus * eff) / 3600;
}

/** Every (catalogue type, playbook count) option with its memory fit, hours and USD. */
export function scheduleOptions(ticket: Ticket, pb: Playbook): ScheduleOption[] {
  const flops = trainingFlops(ticket, pb);
  const micro = microBatchFor(ticket, pb);
  const seq = seqLenFor(ticket, pb);
  const out: ScheduleOption[] = [];
  for (const gpu of ticket.hardware) {
    for (const n of pb.gpuCounts) {
      if (pb.globalBatch % (micro * n) !== 0) continue;
      const bytes = bytesPerGpu(ticket.base, 'lora', micro, seq, n, pb);
      const hours = hoursFor(flops, gpu, n, pb);
      out.push({
        gpu_type: gpu.gpu_type, gpus: n, hours, usd: hours * n * gpu.usd_per_gpu_hour, bytes_per_gpu: bytes,
        fits: bytes <= usableBytes(gpu.memory_gb, pb), meets_deadline: hours <= ticket.budget.deadline_hours,
      });
    }
  }
  return out;
}

/**
 * The gold schedule and whether any fitting option meets the deadline.
 * @throws RangeError when no catalogue option fits in memory at all.
 */
export function goldSchedule(ticket: Ticket, pb: Playbook): { option: ScheduleOption; deadlineOk: boolean } {
  const fitting = scheduleOptions(ticket, pb).filter((o) => o.fits);
  if (fitting.length === 0) throw new RangeError(`invalid ticket ${ticket.id}: no catalogue GPU option fits base ${ticket.base.id} in memory (expected at least one)`);
  const ok = fitting.filter((o) => o.meets_deadline);
  if (ok.length > 0) {
    const best = ok.reduce((a, b) => (b.usd < a.usd - 1e-12 || (Math.abs(b.usd - a.usd) <= 1e-12 && b.gpus < a.gpus) ? b : a));
    return { option: best, deadlineOk: true };
  }
  const fastest = fitting.reduce((a, b) => (b.hours < a.hours - 1e-12 || (Math.abs(b.hours - a.hours) <= 1e-12 && b.usd < a.usd) ? b : a));
  return { option: fastest, deadlineOk: false };
}
