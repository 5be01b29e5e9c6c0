/**
 * The calibration table: the reference study's Finding 1 (docs/readme/sim.md), BANKING77
 * intent classification, LoRA, 3 seeds per base, held-out accuracy at the end of training.
 * Every simulated trace is calibrated to one row of this table.
 */
import { simErrors } from './errors.js';

/** The arms of the simulated study: the correct run, three traps and a late collapse. */
export const ARMS = ['correct', 'permute', 'noise', 'mask', 'collapse'] as const;
/** One arm of {@link ARMS}. */
export type Arm = (typeof ARMS)[number];

/** One base model's row of the study's Finding 1 table, plus the compute it ran on. */
export interface BaseCalibration {
  /** Slug used in run ids and fixture names, e.g. `qwen3-8b`. */
  readonly slug: string;
  /** Model name as logged in `run.base.model`. */
  readonly model: string;
  /** Base accuracy mu0 (exact on the simulated clean pool and on the held-out split). */
  readonly mu0: number;
  /** Study's held-out accuracy per arm (3-seed mean). `collapse` is ours (not in the study). */
  readonly heldout: Readonly<Record<Arm, number>>;
  /** Per-seed offsets added to the noise arm's final accuracy (mean 0; see `noise` note). */
  readonly noiseSeedOffsets: readonly [number, number, number];
  /** GPUs of the plan (H200) and wall-clock seconds per step (assumed; the study does not say). */
  readonly gpus: number;
  readonly secondsPerStep: number;
}

/**
 * The four bases. Held-out numbers are the study's; `collapse` (learns to about 0.75, then
 * falls below base after step 200) is this project's extra arm. The noise trap of Qwen3-32B was
 * TBDL in 2/3 seeds with mean 0.386: seeds 1-2 end near base, seed 3 learns (offsets sum to 0).
 * Compute (gpus, seconds per step) is an assumption for the cost column, stated here once.
 */
export const BASES: readonly BaseCalibration[] = [
  {
    slug: 'qwen3-8b', model: 'Qwen3-8B', mu0: 0.328,
    heldout: { correct: 0.784, permute: 0.038, noise: 0.335, mask: 0.767, collapse: 0.12 },
    noiseSeedOffsets: [-0.01, 0, 0.01], gpus: 1, secondsPerStep: 6,
  },
  {
    slug: 'gemma-2-9b-it', model: 'Gemma-2-9B-it', mu0: 0.329,
    heldout: { correct: 0.791, permute: 0.04, noise: 0.335, mask: 0.791, collapse: 0.12 },
    noiseSeedOffsets: [0.01, -0.01, 0], gpus: 1, secondsPerStep: 7,
  },
  {
    slug: 'qwen3-32b', model: 'Qwen3-32B', mu0: 0.307,
    heldout: { correct: 0.797, permute: 0.045, noise: 0.386, mask: 0.773, collapse: 0.11 },
    noiseSeedOffsets: [-0.07, -0.062, 0.132], gpus: 2, secondsPerStep: 12,
  },
  {
    slug: 'llama-3.3-70b', model: 'Llama-3.3-70B', mu0: 0.239,
    heldout: { correct: 0.755, permute: 0.033, noise: 0.216, mask: 0.717, collapse: 0.09 },
    noiseSeedOffsets: [0, 0.01, -0.01], gpus: 4, secondsPerStep: 18,
  },
];

/**
 * Looks up a base by slug (`qwen3-8b`) or model name (`Qwen3-8B`), case-insensitively.
 * @throws `unknown_base` when no row matches.
 * @example baseBySlug('qwen3-32b').mu0 // 0.307
 */
export function baseBySlug(name: string): BaseCalibration {
  const key = name.toLowerCase();
  const hit = BASES.find((b) => b.slug === key || b.model.toLowerCase() === key);
  if (hit === undefined) throw simErrors.unknownBase(name, BASES.map((b) => b.slug));
  return hit;
}

/**
 * Checks an arm name.
 * @throws `unknown_arm` when `name` is not one of {@link ARMS}.
 * @example asArm('permute') // 'permute'
 */
export function asArm(name: string): Arm {
  if ((ARMS as readonly string[]).includes(name)) return name as Arm;
  throw simErrors.unknownArm(name, ARMS);
}
