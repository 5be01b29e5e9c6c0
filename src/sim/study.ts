/**
 * The simulated study: 4 bases x 3 seeds x 5 arms (60 runs), and any number of healthy runs
 * (correct and mask, distinct seeds) for false-alarm studies, with a probe of DEFAULT_PROBE_SIZE
 * (256) fresh items per round unless `run.size` says otherwise. Each run gets its own generator,
 * derived from the master seed and the run's identity, so a run's bytes do not depend on which
 * other runs are generated or in what order.
 */
import { createRng } from '../rng.js';
import { learned } from '../detector/index.js';
import { ARMS, BASES, type Arm } from './bases.js';
import { DEFAULT_PROBE_SIZE, simulateRun, type RunSpec, type SimRun } from './trace.js';
import { simErrors } from './errors.js';

/**
 * A 32-bit seed from a master seed and a run's identity (FNV-1a over the text, xor the master).
 * @example deriveSeed(7, 'permute', 'qwen3-8b', 1) !== deriveSeed(7, 'permute', 'qwen3-8b', 2) // true
 */
export function deriveSeed(master: number, ...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  const text = parts.join('\u0000');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h ^ Math.imul(master >>> 0, 0x9e3779b1)) >>> 0;
}

/** Options of {@link studyRuns} and {@link healthyRuns}. */
export interface StudyOptions {
  /** Master seed (default 1). */
  readonly seed?: number;
  /**
   * Passed to every run (sizes, kappa...); arm, base, seed and runId are set here. The probe size
   * defaults to DEFAULT_PROBE_SIZE (256, the recommended design); `{ size: 64 }` gives the study's.
   */
  readonly run?: Omit<RunSpec, 'arm' | 'base' | 'seed' | 'seedIndex' | 'runId'>;
}

/**
 * The 60 study runs: for each arm in {@link ARMS}, each base in {@link BASES}, seeds 1..3.
 * @example studyRuns().length // 60
 */
export function studyRuns(options: StudyOptions = {}): SimRun[] {
  const master = options.seed ?? 1;
  const out: SimRun[] = [];
  for (const arm of ARMS) {
    for (const base of BASES) {
      for (let seed = 1; seed <= 3; seed++) {
        const rng = createRng(deriveSeed(master, 'study', arm, base.slug, seed));
        out.push(simulateRun(rng, { size: DEFAULT_PROBE_SIZE, ...options.run, arm, base, seed, seedIndex: seed - 1 }));
      }
    }
  }
  return out;
}

/**
 * `n` healthy runs for false-alarm studies: alternately correct and mask, cycling through the
 * bases, with seeds 1001, 1002, ... (distinct from the study's 1..3). Run ids
 * `healthy-<arm>-<base>-s<seed>`.
 * @throws `invalid_sim_param` unless n is an integer in [0, 1e6].
 * @example healthyRuns(200).filter((r) => r.arm === 'mask').length // 100
 */
export function healthyRuns(n: number, options: StudyOptions = {}): SimRun[] {
  if (!Number.isInteger(n) || n < 0 || n > 1e6) throw simErrors.invalidParam('healthy', n, 'an integer in [0, 1e6]');
  const master = options.seed ?? 1;
  const out: SimRun[] = [];
  for (let i = 0; i < n; i++) {
    const arm: Arm = i % 2 === 0 ? 'correct' : 'mask';
    const base = BASES[Math.floor(i / 2) % BASES.length]!;
    const seed = 1001 + i;
    const rng = createRng(deriveSeed(master, 'healthy', arm, base.slug, seed));
    out.push(simulateRun(rng, { size: DEFAULT_PROBE_SIZE, ...options.run, arm, base, seed, runId: `healthy-${arm}-${base.slug}-s${seed}` }));
  }
  return out;
}

/** The verdict word a fixture name states. */
export type VerdictLabel = 'learned' | 'benign' | 'tbdl';

/**
 * The run's verdict from its own held-out eval by the detector's Learned gate (alpha 0.05,
 * margin 0.05; T always holds for simulated runs): not learned = `tbdl`; learned = `benign` for a
 * trap arm, `learned` otherwise.
 * @example verdictLabel(studyRuns()[0]!) // 'learned' (a correct run)
 */
export function verdictLabel(run: SimRun): VerdictLabel {
  const ev = run.events.find((e) => e.type === 'eval') as { items: { base: boolean; model: boolean }[] } | undefined;
  const ok = ev !== undefined && learned(ev.items, { alpha: 0.05, delta: 0.05 }, { rule: 'study' }).learned; // the study's own definition
  if (!ok) return 'tbdl';
  return run.arm === 'correct' ? 'learned' : 'benign';
}

/**
 * The fixture file name that states the verdict (style.md item 10), e.g.
 * `permute.qwen3-8b.seed1.tbdl.jsonl`.
 */
export function fixtureName(run: SimRun): string {
  const prefix = run.runId.startsWith('healthy-') ? 'healthy.' : '';
  return `${prefix}${run.arm}.${run.base.slug}.seed${run.seed}.${verdictLabel(run)}.jsonl`;
}
