/**
 * Consistency fixes found by recomputing the demo's numbers (issue 13):
 * - dollars saved: one definition (src/analysis/savings.ts) in table1, analyze, the report card and
 *   the demo; a false-alarm stop of a run that learned is a cost, never a saving;
 * - a repeated episode id is scored once (score keeps the first, with a notice) and analyze rejects
 *   results holding one episode twice;
 * - an episode with no agent artifacts fails train and register;
 * - `tbdl score` on empty input exits 2; `analyze` says when the detector tables are skipped.
 */
import { describe, expect, it, vi } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeResults, analyzeRows, getTable, openResults, rowsOf } from '../../src/analysis/index.js';
import { runSavings, SAVINGS_DEFINITION, verdictSavings } from '../../src/analysis/savings.js';
import { detectorApply, detectorFinish, detectorInit, detectorSummary } from '../../src/detector/index.js';
import { buildCatalogue, PERFECT_PROFILE, scoreEpisode, simulateEpisode, STAGES } from '../../src/oracle/index.js';
import { keyNumbers } from '../../src/report/summary.js';
import { BASES, deriveSeed, simulateRun } from '../../src/sim/index.js';
import { createRng } from '../../src/rng.js';
import { table1 } from '../../src/table1/index.js';
import type { RunEvent, TelemetryEvent } from '../../src/telemetry/schema.js';
import { run as score } from '../../src/cli/score.js';
import { run as analyze } from '../../src/cli/analyze.js';
import { generateSweep as syntheticSweep, STUDY_AGENTS, writeSweep } from '../analysis/synthetic.js';

/** Captures what a CLI function writes to stderr while it runs. */
async function stderrOf(f: () => Promise<number>): Promise<{ code: number; err: string }> {
  let err = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((t: string | Uint8Array) => { err += String(t); return true; });
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try { return { code: await f(), err }; } finally { spy.mockRestore(); out.mockRestore(); }
}

/** One run of the simulated study (seed 1, 256 items a round), exactly as `tbdl simulate` writes it. */
function studyRun(arm: 'noise' | 'permute', slug: string, seed: number): TelemetryEvent[] {
  const base = BASES.find((b) => b.slug === slug)!;
  const rng = createRng(deriveSeed(1, 'study', arm, slug, seed));
  return simulateRun(rng, { size: 256, arm, base, seed, seedIndex: seed - 1 }).events as unknown as TelemetryEvent[];
}

// The study's Learned rule (significant AND point estimate >= margin): under it the run below learned.
const STUDY_RULE = { learnedRule: 'study' } as const;

function detectorRow(events: readonly TelemetryEvent[]): Record<string, unknown> {
  let s = detectorInit(events[0] as RunEvent, undefined, STUDY_RULE);
  for (const e of events.slice(1)) s = detectorApply(s, e).state;
  s = detectorFinish(s).state;
  const run = events[0] as RunEvent & { arm: string };
  return { ...detectorSummary(s), source: 'simulated', arm: run.arm, base: run.base.model, seed: 1 };
}

describe('dollars saved: one definition everywhere', () => {
  // noise-qwen3-32b-s1 learns by the study's rule (b 40, c 22 of 300: +0.06 on the held-out split,
  // significant) but alarm B stops it: what the stop "saved" is not a saving. noise-qwen3-8b-s1 is
  // TBDL and caught.
  const learnedButStopped = studyRun('noise', 'qwen3-32b', 1);
  const caughtTbdl = studyRun('noise', 'qwen3-8b', 1);
  const runs = [detectorRow(learnedButStopped), detectorRow(caughtTbdl)];

  it('the stop of a run that learned is a false-alarm cost, not a saving (table1 and analyze agree)', async () => {
    const fa = runs[0]!;
    expect(fa).toMatchObject({ learned: true, tbdl: false, learned_rule_id: 'study' });
    expect(fa['alarm_step']).not.toBeNull();
    expect(fa['usd_saved']).toBeGreaterThan(0); // the detector's raw figure: what stopping there would have saved
    const tbdlSaved = runs[1]!['usd_saved'] as number;
    expect(runs[1]).toMatchObject({ tbdl: true });
    expect(tbdlSaved).toBeGreaterThan(0);

    const t1 = table1([{ events: learnedButStopped }, { events: caughtTbdl }], { detector: STUDY_RULE });
    const noise = t1.rows.find((r) => r.arm === 'noise' && r.base === 'all')!;
    expect(noise.usd_saved).toBeCloseTo(tbdlSaved, 9);
    expect(noise.false_alarm_usd).toBeCloseTo(fa['usd_spent'] as number, 9);

    const res = await analyzeRows({ detector_runs: runs as never }, { replicates: 100 });
    const pooled = getTable(res, 'trap_base')!.rows.find((r) => r['arm'] === 'noise' && r['base'] === '(all bases)')!;
    expect(pooled['usd_saved']).toBeCloseTo(noise.usd_saved, 9); // was tbdlSaved + 3.60
    expect(pooled['false_alarm_usd']).toBeCloseTo(noise.false_alarm_usd, 9);
    expect(getTable(res, 'trap_base')!.notes.join(' ')).toContain(SAVINGS_DEFINITION);

    const cards = keyNumbers((n) => getTable(res, n));
    const card = cards.find((c) => c.label.startsWith('trains-but-does-not-learn'))!;
    expect(card.detail).toContain(`$${tbdlSaved.toFixed(2)} of GPU time saved`);
    expect(card.detail).toContain(`false-alarm stops of runs that learned cost $${(fa['usd_spent'] as number).toFixed(2)}`);
  });

  it('the demo summary (monitor verdict lines) applies the same rule', () => {
    const v = { ...runs[0]!, type: 'verdict' } as unknown as Parameters<typeof verdictSavings>[0];
    expect(verdictSavings(v)).toEqual(runSavings(runs[0] as never));
    expect(verdictSavings(v).usd_saved).toBe(0);
    // an alarm at the planned last step stops nothing: neither saving nor cost
    expect(runSavings({ tbdl: false, learned: true, alarm_step: 300, planned_steps: 300, usd_saved: 0, usd_spent: 9 })).toEqual({ usd_saved: 0, false_alarm_usd: 0 });
  });
});

describe('episode ids are scored once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tbdl-consistency-'));
  const t = buildCatalogue()[0]!;
  const ep = (seed: number) => JSON.stringify(simulateEpisode(PERFECT_PROFILE, t, { trap: t.trap, injection: false, pressure: 'neutral' }, seed));

  it('score keeps the first of a repeated episode id, with a notice naming file and lines', async () => {
    const f = join(dir, 'dup.jsonl');
    writeFileSync(f, [ep(1), ep(2), ep(1)].join('\n') + '\n');
    const out = join(dir, 'results');
    const r = await stderrOf(() => score([f, '--out', out, '--quiet']));
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/dup\.jsonl:3: duplicate episode_id '.+' \(first at .*dup\.jsonl:1\); kept the first/);
    expect(r.err).toContain('1 duplicate ids skipped');
    const db = await openResults(out);
    try {
      const n = rowsOf(await db.query('SELECT count(*)::INTEGER AS n, count(DISTINCT episode_id)::INTEGER AS d FROM episodes'))[0]!;
      expect(n).toEqual({ n: 2, d: 2 });
      const s = rowsOf(await db.query('SELECT count(*)::INTEGER AS n FROM stage_results'))[0]!;
      expect(s['n']).toBe(20);
    } finally { db.close(); }
  });

  it('analyze rejects results that hold one episode twice (it would count it twice)', async () => {
    const rows = syntheticSweep({ seed: 3, agents: { a: STUDY_AGENTS['claude-sonnet']! }, bases: ['b1'], seeds: 2, tickets: 2 });
    const d = await writeSweep({ stage_results: [...rows.stage_results, ...rows.stage_results.slice(0, 10)], episodes: [...rows.episodes, rows.episodes[0]!] });
    await expect(analyzeResults(d)).rejects.toMatchObject({ code: 'duplicate_ids' });
    const r = await stderrOf(() => analyze([d, '--out', join(dir, 'tables-dup')]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\[duplicate_ids\] table episodes: 1 episode_id value occur/);
  });
});

describe('an episode with no agent artifacts', () => {
  it('fails train and register (records alone are not a delivery)', () => {
    const t = buildCatalogue().find((x) => x.trap === 'none')!;
    const e = simulateEpisode(PERFECT_PROFILE, t, { trap: t.trap, injection: false, pressure: 'neutral' }, 1);
    expect(e.records.telemetry.started).toBe(true);
    const bare = { ...e, artifacts: Object.fromEntries(STAGES.map((s) => [s, null])) as unknown as typeof e.artifacts };
    const s = scoreEpisode(bare);
    for (const st of STAGES) {
      const row = s.stages.find((r) => r.stage === st)!;
      expect({ stage: st, pass: row.pass }).toEqual({ stage: st, pass: false });
    }
    expect(s.stages.find((r) => r.stage === 'train')!.reasons).toBe('artifact_missing');
    expect(s.stages.find((r) => r.stage === 'register')!.reasons).toBe('artifact_missing');
    // the same episode with its artifacts still passes train (control)
    expect(scoreEpisode(e).stages.find((r) => r.stage === 'train')!.pass).toBe(true);
  });
});

describe('empty or partial input is said, never silent', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tbdl-consistency-'));

  it('score exits 2 on an empty file and on a directory with no episodes', async () => {
    const f = join(dir, 'empty.jsonl');
    writeFileSync(f, '\n');
    const r = await stderrOf(() => score([f, '--out', join(dir, 'r1'), '--quiet']));
    expect(r.code).toBe(2);
    expect(r.err).toContain('no episodes in');
    const empty = join(dir, 'nothing');
    mkdirSync(empty);
    expect((await stderrOf(() => score([empty, '--quiet']))).code).toBe(2);
  });

  it('analyze says the detector tables were skipped when replay --results was not run into the folder', async () => {
    const rows = syntheticSweep({ seed: 4, agents: { a: STUDY_AGENTS['claude-sonnet']! }, bases: ['b1'], seeds: 2, tickets: 2 });
    const d = await writeSweep({ stage_results: rows.stage_results, episodes: rows.episodes });
    const res = await analyzeResults(d, { replicates: 100 });
    expect(getTable(res, 'trap_base')).toBeUndefined();
    expect(res.meta.notices?.join('\n')).toMatch(/no detector_runs .*trap_base, detector_baselines, learned_audit.*`tbdl replay TRACES\.\.\. --results RESULTS/);
    const out = join(dir, 'tables');
    const r = await stderrOf(() => analyze([d, '--out', out, '--replicates', '100']));
    expect(r.code).toBe(0);
    expect(r.err).toContain('tbdl analyze: notice: no detector_runs in RESULTS');
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('**Notice:** no detector_runs');
    // with the detector tables excluded by --only there is nothing to say
    const only = await analyzeResults(d, { replicates: 100, only: ['stage_pass'] });
    expect(only.meta.notices).toEqual([]);
  });
});
