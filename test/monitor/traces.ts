/**
 * Test traces: small seeded runs from src/sim (calibrated to the study), interleaved
 * deterministically, as JSONL lines.
 */
import { createRng } from '../../src/rng.js';
import { BASES, simulateRun, type Arm } from '../../src/sim/index.js';

/** One simulated run's lines; `steps` kept small so tests stay fast. */
export function runLines(arm: Arm, seed: number, opts: { runId?: string; steps?: number; heldout?: number } = {}): string[] {
  const base = BASES[seed % BASES.length]!;
  const run = simulateRun(createRng(1000 + seed * 7 + arm.length), {
    arm, base, seed, steps: opts.steps ?? 300, heldoutSize: opts.heldout ?? 300,
    ...(opts.runId !== undefined ? { runId: opts.runId } : {}),
  });
  return run.events.map((e) => JSON.stringify(e));
}

/** Round-robin interleave of several runs' lines (deterministic). */
export function interleave(runs: string[][]): string[] {
  const out: string[] = [];
  const max = Math.max(...runs.map((r) => r.length));
  for (let i = 0; i < max; i++) for (const r of runs) if (i < r.length) out.push(r[i]!);
  return out;
}

/** A mixed fleet: `n` runs cycling through the arms permute, correct, noise, mask. */
export function fleet(n: number, steps = 300): string[] {
  const arms: Arm[] = ['permute', 'correct', 'noise', 'mask'];
  return interleave(Array.from({ length: n }, (_, i) => runLines(arms[i % arms.length]!, i + 1, { steps })));
}
