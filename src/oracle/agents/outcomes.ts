/**
 * Held-out accuracies that drive the simulated gold eval: the study's Finding 1 table
 * (mission.md, BANKING77, LoRA, mean over 3 seeds). Arms: correct | permute | noise | mask.
 * A base not in the table falls back to the Qwen3-8B row.
 */

/** A data arm: what the run actually trained on after the agent's intake and plan. */
export type Arm = 'correct' | 'permute' | 'noise' | 'mask';

/** Base accuracy mu0 and fine-tuned accuracy per arm. */
export interface OutcomeRow { base: number; correct: number; permute: number; noise: number; mask: number }

/** Finding 1, by base id. */
export const FINDING1: Readonly<Record<string, OutcomeRow>> = Object.freeze({
  'Qwen/Qwen3-8B': { base: 0.328, correct: 0.784, permute: 0.038, noise: 0.335, mask: 0.767 },
  'google/gemma-2-9b-it': { base: 0.329, correct: 0.791, permute: 0.04, noise: 0.335, mask: 0.791 },
  'Qwen/Qwen3-32B': { base: 0.307, correct: 0.797, permute: 0.045, noise: 0.386, mask: 0.773 },
  'meta-llama/Llama-3.3-70B-Instruct': { base: 0.239, correct: 0.755, permute: 0.033, noise: 0.216, mask: 0.717 },
});

/** Seed-to-seed standard deviation of a fine-tuned accuracy (a stated simulation assumption). */
export const SEED_SD = 0.012;
/** Accuracy inflation when held-out rows leaked into training (a stated simulation assumption). */
export const LEAK_INFLATION = 0.05;
/** P(model right | base right) on learning arms (retention; a stated simulation assumption). */
export const RETENTION = 0.92;

/** The outcome row of a base id. */
export function outcomeRow(baseId: string): OutcomeRow {
  return FINDING1[baseId] ?? (FINDING1['Qwen/Qwen3-8B'] as OutcomeRow);
}
