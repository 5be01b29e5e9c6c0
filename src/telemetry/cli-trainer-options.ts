/**
 * The trainer-log options shared by `tbdl convert`, `tbdl replay` and `tbdl watch`: `--map
 * TAG=FIELD` (repeatable) and the run settings (`--base-accuracy`, `--pool-size`, `--plan-steps`,
 * `--gpus`, `--gpu-type`, `--usd-per-gpu-hour`, `--base-model`, `--run-config FILE`), as node:util
 * parseArgs option specs, help lines and one validation into {@link TrainerLogOptions}.
 */
import { readFileSync } from 'node:fs';
import { createTagMap, parseMapOption, type MapTarget, type TagMap } from './adapters/tag-map.js';
import { checkRunSettings, parseRunConfig, type RunSettings } from './run-settings.js';

/** Validated trainer-log options. */
export interface TrainerLogOptions {
  tags: TagMap;
  settings: RunSettings;
  /** `defaults`, `flags`, `run_config` or `run_config+flags` (recorded on the run event). */
  settingsSource: string;
}

const SETTING_OPTIONS = ['base-accuracy', 'pool-size', 'plan-steps', 'gpus', 'gpu-type', 'usd-per-gpu-hour', 'base-model'] as const;

/** Names of the value-taking options (for joinNegativeValues). */
export const TRAINER_LOG_VALUE_OPTIONS: readonly string[] = ['map', 'run-config', ...SETTING_OPTIONS];

/** parseArgs specs of the options. */
export const TRAINER_LOG_PARSE_OPTIONS = {
  map: { type: 'string', multiple: true }, 'run-config': { type: 'string' },
  'base-accuracy': { type: 'string' }, 'pool-size': { type: 'string' }, 'plan-steps': { type: 'string' },
  gpus: { type: 'string' }, 'gpu-type': { type: 'string' }, 'usd-per-gpu-hour': { type: 'string' }, 'base-model': { type: 'string' },
} as const;

/** Help lines of the options (two-space indent, aligned with the verbs' help). */
export const TRAINER_LOG_HELP = `  --map TAG=FIELD        map a logged name to a train field (loss, grad_norm, lr, eval_loss, eval_accuracy,
                         accuracy, epoch) or ignore it; repeatable (built-in table: docs/protocol.md "Tag map")
run settings for trainer logs without a protocol file (their run event; docs/protocol.md "Run settings"):
  --base-accuracy X      base model's accuracy on the probe pool, 0 < X < 1 (default 0.5)
  --pool-size N          probe pool size (default 1000)
  --plan-steps N         planned training steps (default: the run's last logged step)
  --gpus N  --gpu-type T  --usd-per-gpu-hour X   cost model (default 1, unknown, 0)
  --base-model NAME      base model name (default unknown)
  --run-config FILE      the same settings as a JSON object (base_accuracy, pool_size, ...); flags win`;

/**
 * Validates the trainer-log options from parseArgs values.
 * @param v - parseArgs values (other options are ignored).
 * @returns the options, or an error message naming the option (or file and field).
 * @example trainerLogOptions({ map: ['Loss/dev=eval_loss'], 'plan-steps': '300' })
 */
export function trainerLogOptions(v: Readonly<Record<string, unknown>>): TrainerLogOptions | string {
  const overrides: Record<string, MapTarget> = {};
  const maps = v.map;
  for (const m of Array.isArray(maps) ? maps : []) {
    const r = parseMapOption(String(m));
    if (typeof r === 'string') return r;
    overrides[r[0]] = r[1];
  }
  let fromFile: RunSettings = {};
  const file = v['run-config'];
  if (typeof file === 'string') {
    let text: string;
    try { text = readFileSync(file, 'utf8'); } catch (err) { return `unreadable --run-config: ${file} (${err instanceof Error ? err.message : String(err)})`; }
    const r = parseRunConfig(text, file);
    if (typeof r === 'string') return r;
    fromFile = r;
  }
  const raw: Record<string, unknown> = {};
  for (const o of SETTING_OPTIONS) if (typeof v[o] === 'string') raw[o.replace(/-/g, '_')] = v[o];
  const flags = checkRunSettings(raw, 'flags');
  if (typeof flags === 'string') return flags;
  const hasFile = typeof file === 'string', hasFlags = Object.keys(flags).length > 0;
  const settingsSource = hasFile && hasFlags ? 'run_config+flags' : hasFile ? 'run_config' : hasFlags ? 'flags' : 'defaults';
  return { tags: createTagMap(overrides), settings: { ...fromFile, ...flags }, settingsSource };
}
