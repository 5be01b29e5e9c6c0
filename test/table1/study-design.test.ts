/**
 * The study's own detector as a mode (issue 13): a fixed 64-item probe re-scored every round,
 * alarm A only, its rounds pooled as the study did, set beside ours on the SAME simulated runs in
 * `tbdl table1 --study`, in analyze's design_comparison and in the report.
 * Deterministic: the simulated study at master seed 1 (60 runs) and 40 healthy runs.
 */
import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../../src/rng.js';
import { BASES, fixedProbeItems, simulateRun, studyRuns } from '../../src/sim/index.js';
import { evaluateRun, evaluateStudyDesign, formatNullBoundary, nullBoundaryStudy, pooledAsFresh, table1, type TraceInput } from '../../src/table1/index.js';
import { analyzeResults, getTable, openResults, rowsOf } from '../../src/analysis/index.js';
import { run as table1Cli } from '../../src/cli/table1.js';
import { writeResultsTables } from '../../src/analysis/rows.js';
import { detectorApply, detectorFinish, detectorInit, detectorSummary } from '../../src/detector/index.js';
import type { RunEvent, TelemetryEvent } from '../../src/telemetry/schema.js';

const asTrace = (r: { events: readonly Record<string, unknown>[]; runId: string }): TraceInput => ({ events: r.events as unknown as TelemetryEvent[], file: r.runId });
const probes = (events: readonly Record<string, unknown>[]) => events.filter((e) => e['type'] === 'probe') as unknown as Array<{ items: Array<{ id: string }>; true_accuracy: number }>;

describe('simulated fixed probe (the study design)', () => {
  it('re-scores the same 64 distinct items every round; the run itself is unchanged', () => {
    const spec = { arm: 'permute' as const, base: BASES[0]!, seed: 1 };
    const fresh = simulateRun(createRng(5), { ...spec, size: 64 });
    const fixed = simulateRun(createRng(5), { ...spec, size: 64, sampling: 'fixed' });
    expect((fixed.events[0] as { probe: { sampling: string } }).probe.sampling).toBe('fixed');
    const rounds = probes(fixed.events).map((p) => p.items.map((i) => i.id).join(','));
    expect(new Set(rounds).size).toBe(1);
    expect(new Set(rounds[0]!.split(',')).size).toBe(64);
    expect(new Set(probes(fresh.events).map((p) => p.items.map((i) => i.id).join(','))).size).toBe(30); // control: fresh draws differ
    expect(fixed.trueAccuracy).toEqual(fresh.trueAccuracy);
    expect(fixed.events.at(-2)).toEqual(fresh.events.at(-2)); // the held-out eval
    expect(fixedProbeItems(1000, 64, 7)).toEqual(fixedProbeItems(1000, 64, 7));
    expect(() => fixedProbeItems(10, 64, 7)).toThrow(/at most the pool size/);
  });
});

describe("the study's detector beside ours on the same runs", () => {
  const ours = studyRuns({ seed: 1 }).map(asTrace);
  const study = studyRuns({ seed: 1, run: { size: 64, sampling: 'fixed' } }).map(asTrace);
  const res = table1(ours, { study });
  const row = (arm: string) => res.study!.rows.find((r) => r.arm === arm)!;

  it('pairs all 60 runs and reads alarm A only', () => {
    expect(res.study).not.toBeNull();
    expect(res.study!.unpaired).toBe(0);
    expect(row('all arms').runs).toBe(60);
    const one = evaluateStudyDesign(study.find((t) => t.file === 'permute-qwen3-8b-s1')!.events);
    expect(one.alarm_b_step).toBeNull();
    expect(one.alarm_c_step).toBeNull();
    expect(one.alarm_step).toBe(one.alarm_a_step);
  });

  it('catches the severe trap late and misses the subtle ones, with no false alarms on healthy runs (the study: 11/12 permute near step 180, noise silent, 0/36)', () => {
    expect(row('permute').study_caught).toBeGreaterThanOrEqual(9);
    expect(row('permute').study_median_step!).toBeGreaterThan(row('permute').ours_median_step!);
    expect(row('noise').study_caught).toBe(0);
    expect(row('collapse').study_caught).toBe(0);
    for (const r of res.study!.rows) expect(r.study_caught).toBeLessThanOrEqual(r.ours_caught);
    expect(row('permute').ours_caught).toBe(12);
    expect(row('correct').study_false_alarms + row('mask').study_false_alarms).toBe(0);
    expect(row('all arms').study_usd_saved).toBeLessThan(row('all arms').ours_usd_saved);
  });

  it('negative control: without pooling (our valid fixed-probe combiner) the same 64 items catch no permute run', () => {
    const perm = study.filter((t) => t.file!.startsWith('permute'));
    const valid = perm.map((t) => evaluateRun(t.events, { override: { alpha: 0.05, alphaSplit: { A: 0.05 - 2e-7, B: 1e-7, C: 1e-7 } } }));
    expect(valid.filter((r) => r.alarm_a_step !== null).length).toBe(0);
    // and the detector itself notices the fixed probe unless the rounds are relabelled as fresh and
    // the declared draws are taken on trust (trustDraws: the study's design only; unseeded fresh
    // draws are otherwise unverified until the id-overlap test passes, which renamed ids never do)
    let s = detectorInit(perm[0]!.events[0] as RunEvent);
    for (const e of perm[0]!.events.slice(1)) s = detectorApply(s, e).state;
    expect(detectorFinish(s).state.mode).toBe('fixed');
    let u = detectorInit(pooledAsFresh(perm[0]!.events)[0] as RunEvent);
    for (const e of pooledAsFresh(perm[0]!.events).slice(1)) u = detectorApply(u, e).state;
    expect(detectorFinish(u).state.mode).toBe('fixed');
    let p = detectorInit(pooledAsFresh(perm[0]!.events)[0] as RunEvent, undefined, { trustDraws: true });
    for (const e of pooledAsFresh(perm[0]!.events).slice(1)) p = detectorApply(p, e).state;
    expect(detectorSummary(detectorFinish(p).state).alarm_a_step).not.toBeNull();
  });

  it("at the edge of alarm A's null the study's pooled design fires far more often than ours (seeded Monte Carlo, 60 runs)", () => {
    // 60 runs: ours ~0.02-0.04 (SE ~0.02), the study's ~0.25-0.30 (SE ~0.06); the gap is > 3 SE of either
    const r = nullBoundaryStudy(60, 1);
    expect(r.runs).toBe(60);
    expect(r.study_alarms / 60).toBeGreaterThanOrEqual(0.1);
    expect(r.ours_alarms / 60).toBeLessThanOrEqual(0.1);
    expect(r.study_alarms).toBeGreaterThan(r.ours_alarms);
    expect(formatNullBoundary(r)).toContain(`${r.study_alarms}/60`);
    expect(() => nullBoundaryStudy(0)).toThrow(/null runs/);
  });

  it('`tbdl table1 --study --results` writes detector_designs; analyze sets it beside detector_runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tbdl-study-'));
    let out = '';
    const w = vi.spyOn(process.stdout, 'write').mockImplementation((t: string | Uint8Array) => { out += String(t); return true; });
    const e = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    let code: number;
    try { code = await table1Cli(['--study', '--results', dir]); } finally { w.mockRestore(); e.mockRestore(); }
    expect(code).toBe(0);
    expect(out).toMatch(/\| permute \| 12 \| 12 \| \d+\/12 \/ 12\/12 \|/);
    expect(out).toContain("The study's detector next to ours");
    const db = await openResults(dir);
    try {
      expect(rowsOf(await db.query('SELECT count(*)::INTEGER AS n FROM detector_designs'))[0]!['n']).toBe(60);
    } finally { db.close(); }
    // ours: the detector_runs replay writes, here from the same 60 runs
    const runs = ours.map((t) => {
      let s = detectorInit(t.events[0] as RunEvent);
      for (const ev of t.events.slice(1)) s = detectorApply(s, ev).state;
      const r0 = t.events[0] as RunEvent & { arm: string };
      return { ...detectorSummary(detectorFinish(s).state), source: 'simulated', arm: r0.arm, base: r0.base.model, seed: 1 };
    });
    await writeResultsTables({ detector_runs: runs }, dir);
    const res2 = await analyzeResults(dir, { replicates: 100 });
    const dc = getTable(res2, 'design_comparison')!;
    const all = dc.rows.find((r) => r['arm'] === 'all arms')!;
    expect(all['runs']).toBe(60);
    const tbdlRuns = runs.filter((r) => r.tbdl === true).length; // 35 under the exact_margin Learned rule (34 under the study's)
    expect(all['study_caught']).toBe(`${row('all arms').study_caught}/${tbdlRuns}`);
    expect(all['ours_caught']).toBe(`${row('all arms').ours_caught}/${tbdlRuns}`);
    expect((res2.meta.notices ?? []).join(' ')).not.toContain('detector_designs');
    // without detector_designs the comparison is skipped, and analyze says so
    const only = mkdtempSync(join(tmpdir(), 'tbdl-study-'));
    await writeResultsTables({ detector_runs: runs }, only);
    const res3 = await analyzeResults(only, { replicates: 100 });
    expect(getTable(res3, 'design_comparison')).toBeUndefined();
    expect(res3.meta.notices?.join(' ')).toContain('tbdl table1 --study --results RESULTS');
  });
});
