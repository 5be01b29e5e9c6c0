/**
 * Maps a run's pre-registration (telemetry `run.design`, in steps) to the e-process {@link Design}
 * (in probe rounds), and records where the design came from.
 *
 * Round k is the probe at step k * every (seq = k). Mapping:
 *   alpha -> alpha (split 40/40/20 % as src/eprocess design() does when only alpha is given),
 *   margin -> delta, warmup_step -> warmupRound = max(1, ceil(warmup_step / every)),
 *   horizonRounds K = max(1, ceil(plan.steps / every)) (alarm C's threshold log(K / alpha_C)).
 * An override (the monitor's own config) is merged last and wins field by field;
 * design_source = 'override' when an override with at least one field is given, else 'run' when
 * the run event carries a design, else 'default'.
 */
import { design, type Design, type DesignInput } from '../eprocess/index.js';
import type { RunEvent } from '../telemetry/schema.js';

/** Where the detector's design came from. */
export type DesignSource = 'run' | 'override' | 'default';

/** The design in use and its provenance. */
export interface DetectorDesign {
  design: Design;
  source: DesignSource;
  /** The merged input passed to design() (plain JSON, for the record). */
  input: DesignInput;
}

/**
 * The design for a run: its own pre-registration mapped to rounds, overridden field by field.
 * @param run the `run` event (probe.every, plan.steps, design).
 * @param override monitor-side design fields (win over the run's).
 * @throws DesignError (from src/eprocess) with coded issues when the merged design is invalid.
 * @example detectorDesignFor(run).design.warmupRound // 10 for warmup_step 100, every 10
 */
export function detectorDesignFor(run: RunEvent, override?: Partial<DesignInput>): DetectorDesign {
  const every = run.probe.every;
  const input: DesignInput = { horizonRounds: Math.max(1, Math.ceil(run.plan.steps / every)) };
  const rd = run.design;
  let hasRun = false;
  if (rd !== undefined) {
    if (rd.alpha !== undefined) { input.alpha = rd.alpha; hasRun = true; }
    if (rd.margin !== undefined) { input.delta = rd.margin; hasRun = true; }
    if (rd.warmup_step !== undefined) { input.warmupRound = Math.max(1, Math.ceil(rd.warmup_step / every)); hasRun = true; }
  }
  let hasOverride = false;
  if (override !== undefined) {
    for (const [k, v] of Object.entries(override)) {
      if (v === undefined) continue;
      // defineProperty, not assignment: a key such as "__proto__" from a JSON override stays an own
      // (unknown, rejected by design()) field instead of replacing the input's prototype
      Object.defineProperty(input, k, { value: v, enumerable: true, writable: true, configurable: true });
      hasOverride = true;
    }
  }
  // alphaSplit scales with alpha only when no split is given; keep that behaviour for overrides too
  const source: DesignSource = hasOverride ? 'override' : hasRun ? 'run' : 'default';
  return { design: design(input), source, input };
}
