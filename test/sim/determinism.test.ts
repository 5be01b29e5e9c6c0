import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/rng.js';
import { BASES, DEFAULT_PROBE_SIZE, STUDY_PROBE_SIZE, fixtureName, healthyRuns, simulateRun, studyRuns, toJsonl } from '../../src/sim/index.js';
import { telemetryEventSchema } from '../../src/telemetry/schema.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/traces/sim');

describe('simulator determinism', () => {
  it('same seed, same bytes; another seed, other bytes', () => {
    const spec = { arm: 'permute' as const, base: BASES[0]!, seed: 1 };
    const a = toJsonl(simulateRun(createRng(42), spec));
    const b = toJsonl(simulateRun(createRng(42), spec));
    const c = toJsonl(simulateRun(createRng(43), spec));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it('regenerates the committed study fixtures byte for byte (master seed 1)', () => {
    const runs = studyRuns({ seed: 1 });
    const names = readdirSync(FIXTURES).filter((f) => f.endsWith('.jsonl')).sort();
    expect(runs.map(fixtureName).sort()).toEqual(names);
    for (const r of runs) expect(toJsonl(r)).toBe(readFileSync(join(FIXTURES, fixtureName(r)), 'utf8'));
  });

  it('a run does not depend on which other runs are generated', () => {
    const h1 = healthyRuns(3)[2]!;
    const h2 = healthyRuns(5)[2]!;
    expect(toJsonl(h1)).toBe(toJsonl(h2));
    const seeds = new Set(healthyRuns(40).map((r) => r.runId));
    expect(seeds.size).toBe(40);
  });

  it('every event is valid protocol v1 and ordered run, ..., eval, end', () => {
    const r = simulateRun(createRng(3), { arm: 'collapse', base: BASES[3]!, seed: 2 });
    for (const e of r.events) expect(telemetryEventSchema.safeParse(e).success).toBe(true);
    expect(r.events[0]!.type).toBe('run');
    expect(r.events.at(-2)!.type).toBe('eval');
    expect(r.events.at(-1)!.type).toBe('end');
    const probes = r.events.filter((e) => e.type === 'probe') as { seq: number; step: number; items: unknown[]; true_accuracy: number }[];
    expect(probes.map((p) => p.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(probes.every((p) => p.items.length === STUDY_PROBE_SIZE && p.step === p.seq * 10)).toBe(true); // simulateRun's default: the study's 64
    expect(probes.map((p) => p.true_accuracy)).toEqual(r.trueAccuracy);
  });

  it('the simulated study uses the recommended 256-item probe (docs/power.md) unless told otherwise', () => {
    expect(DEFAULT_PROBE_SIZE).toBe(256);
    const one = (runs: { events: readonly Record<string, unknown>[] }[]) => (runs[0]!.events.find((e) => e.type === 'probe') as { items: unknown[] }).items.length;
    expect(one(healthyRuns(1))).toBe(256);
    expect(one(healthyRuns(1, { run: { size: 64 } }))).toBe(64);
    expect(one(studyRuns().slice(0, 1))).toBe(256);
  });

  it('the probe size changes only the probe draws: same truth, held-out eval and verdict (64-item study variant vs default)', () => {
    const spec = { arm: 'noise' as const, base: BASES[2]!, seed: 1 };
    const big = simulateRun(createRng(8), { ...spec, size: DEFAULT_PROBE_SIZE });
    const small = simulateRun(createRng(8), spec);
    expect(small.trueAccuracy).toEqual(big.trueAccuracy);
    expect(small.events.at(-2)).toEqual(big.events.at(-2)); // the held-out eval event
    expect(fixtureName(small)).toBe(fixtureName(big));
    const p64 = small.events.filter((e) => e.type === 'probe') as { items: unknown[] }[];
    expect(p64.every((p) => p.items.length === 64)).toBe(true);
  });
});
