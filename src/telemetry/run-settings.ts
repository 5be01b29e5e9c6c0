/**
 * Run settings for trainer logs that come without a protocol file: the `run` event the monitor
 * needs (base accuracy, pool size, plan, cost model) built from flags (`--base-accuracy`,
 * `--pool-size`, `--plan-steps`, `--gpus`, `--gpu-type`, `--usd-per-gpu-hour`), a JSON file
 * (`--run-config FILE`, same names in snake_case; flags win) or documented defaults. The event
 * says where its settings came from (`settings`: `flags`, `run_config`, `defaults`, or a mix).
 */
import { runEventSchema, type RunEvent } from './schema.js';
import { describeIssue, formatPath } from './issue-path.js';

/** The settings (all optional; {@link RUN_DEFAULTS} fill the gaps). */
export interface RunSettings {
  base_accuracy?: number;
  pool_size?: number;
  plan_steps?: number;
  gpus?: number;
  gpu_type?: string;
  usd_per_gpu_hour?: number;
  base_model?: string;
}

/**
 * Defaults. `plan_steps` has none: it is the run's largest logged step when the run is first
 * read (give `--plan-steps` when watching a run live). The base accuracy only matters when
 * probe rounds arrive; trainer logs alone never carry them.
 */
export const RUN_DEFAULTS = {
  base_accuracy: 0.5, pool_size: 1000, gpus: 1, gpu_type: 'unknown', usd_per_gpu_hour: 0, base_model: 'unknown',
} as const;

type Check = { key: keyof RunSettings; ok: (x: unknown) => boolean; expected: string };
const int = (lo: number, hi: number) => (x: unknown): boolean => typeof x === 'number' && Number.isInteger(x) && x >= lo && x <= hi;
const CHECKS: Check[] = [
  { key: 'base_accuracy', ok: (x) => typeof x === 'number' && x > 0 && x < 1, expected: 'a number with 0 < x < 1' },
  { key: 'pool_size', ok: int(1, 1e9), expected: 'an integer in [1, 1e9]' },
  { key: 'plan_steps', ok: int(1, 1e12), expected: 'an integer in [1, 1e12]' },
  { key: 'gpus', ok: int(1, 1e6), expected: 'an integer in [1, 1e6]' },
  { key: 'gpu_type', ok: (x) => typeof x === 'string' && x.length >= 1 && x.length <= 64, expected: 'a string of 1..64 characters' },
  { key: 'usd_per_gpu_hour', ok: (x) => typeof x === 'number' && x >= 0 && x <= 1e6, expected: 'a number in [0, 1e6]' },
  { key: 'base_model', ok: (x) => typeof x === 'string' && x.length >= 1 && x.length <= 256, expected: 'a string of 1..256 characters' },
];

/** The flag of each setting (for messages). */
export const SETTING_FLAGS: Readonly<Record<keyof RunSettings, string>> = {
  base_accuracy: '--base-accuracy', pool_size: '--pool-size', plan_steps: '--plan-steps', gpus: '--gpus',
  gpu_type: '--gpu-type', usd_per_gpu_hour: '--usd-per-gpu-hour', base_model: '--base-model',
};

/**
 * Validates settings from flags (strings) or a config object.
 * @param raw - values by snake_case name; strings are converted for the numeric settings.
 * @param where - `flags` (messages name the flag) or a config file path (messages name file and field).
 * @returns the settings, or an error message naming the setting and what was expected.
 * @example checkRunSettings({ base_accuracy: '0.3' }, 'flags') // { base_accuracy: 0.3 }
 */
export function checkRunSettings(raw: Readonly<Record<string, unknown>>, where: 'flags' | string): RunSettings | string {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(raw)) {
    if (raw[k] === undefined) continue;
    if (!CHECKS.some((c) => c.key === k)) return `${where}: unknown setting ${JSON.stringify(k)} (expected one of ${CHECKS.map((c) => c.key).join(', ')})`;
  }
  for (const c of CHECKS) {
    let v = raw[c.key];
    if (v === undefined) continue;
    if (where === 'flags' && typeof v === 'string' && c.key !== 'gpu_type' && c.key !== 'base_model') v = v.trim() === '' ? NaN : Number(v);
    if (!c.ok(v)) {
      const shown = JSON.stringify(raw[c.key]);
      return where === 'flags' ? `invalid ${SETTING_FLAGS[c.key]}: ${shown} (expected ${c.expected})` : `${where}: ${c.key}: ${shown} (expected ${c.expected})`;
    }
    out[c.key] = v;
  }
  return out as RunSettings;
}

/**
 * Parses a `--run-config` file's text (a JSON object of settings).
 * @returns the settings, or an error message naming the file and the field.
 */
export function parseRunConfig(text: string, file: string): RunSettings | string {
  let doc: unknown;
  try { doc = JSON.parse(text); } catch (err) { return `${file}: invalid JSON: ${err instanceof Error ? err.message : String(err)} (expected a JSON object of run settings)`; }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return `${file}: expected a JSON object of run settings`;
  return checkRunSettings(doc as Record<string, unknown>, file);
}

/**
 * The `run` event for a trainer-log run.
 * @param id - run id. @param settings - merged settings (flags over file).
 * @param lastStep - the run's largest step so far (the plan when `plan_steps` is not set).
 * @param source - where the settings came from, recorded on the event as `settings`.
 * @returns a valid protocol-v1 `run` event (probe: size 1, every 1, with_replacement: no probe is expected).
 * @throws {Error} when the settings do not make a valid run event (a bug: settings are checked first).
 */
export function runEventFor(id: string, settings: RunSettings, lastStep: number, source: string): RunEvent {
  const ev = {
    v: 1, type: 'run', run: id,
    base: { model: settings.base_model ?? RUN_DEFAULTS.base_model, pool_size: settings.pool_size ?? RUN_DEFAULTS.pool_size,
      pool_accuracy: settings.base_accuracy ?? RUN_DEFAULTS.base_accuracy },
    probe: { size: 1, every: 1, sampling: 'with_replacement' },
    plan: { steps: settings.plan_steps ?? Math.max(1, Math.min(1e12, Math.floor(lastStep))), gpus: settings.gpus ?? RUN_DEFAULTS.gpus,
      gpu_type: settings.gpu_type ?? RUN_DEFAULTS.gpu_type, usd_per_gpu_hour: settings.usd_per_gpu_hour ?? RUN_DEFAULTS.usd_per_gpu_hour },
    source: 'trainer_logs', settings: source,
  };
  const r = runEventSchema.safeParse(ev);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`run settings for ${JSON.stringify(id)}: ${i === undefined ? 'invalid' : `${formatPath('run', i.path)}: ${describeIssue(i, ev)}`}`);
  }
  return r.data;
}
