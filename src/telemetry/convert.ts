/**
 * `tbdl convert`: trainer logs and folders as protocol-v1 JSONL (docs/protocol.md). Per
 * discovered run: its `run` event (from the run settings: flags, `--run-config` or defaults), its
 * `train` events in step order, and one `notice` line listing every name the tag map did not
 * take. Protocol JSONL inputs pass through unchanged, line by line.
 */
import { readFile } from 'node:fs/promises';
import type { AdapterKind } from './adapters/detect.js';
import type { TagMap } from './adapters/tag-map.js';
import { planInputs } from './inputs.js';
import { runEventFor, type RunSettings } from './run-settings.js';
import { readRun, unmappedNotice, type NoticeLine } from './trainer-runs.js';

/** Options of {@link convertInputs}. */
export interface ConvertOptions {
  adapter?: AdapterKind | 'auto';
  tags?: TagMap;
  settings?: RunSettings;
  settingsSource?: string;
  /** Issues and hints, one line each. */
  log: (message: string) => void;
}

/** One output item: a protocol line (text) or a run's notice. */
export type ConvertItem = { kind: 'line'; text: string } | { kind: 'notice'; notice: NoticeLine };

/** What {@link convertInputs} reports at the end. */
export interface ConvertCounts { runs: number; events: number; failed: number }

/**
 * Converts inputs to protocol lines.
 * @param inputs - files and folders. @param o - options. @param counts - filled while converting.
 * @returns an async generator of lines and notices, run by run (sorted by id within an input).
 * @example for await (const it of convertInputs(['runs/'], { log: console.error }, counts)) print(it);
 */
export async function* convertInputs(inputs: readonly string[], o: ConvertOptions, counts: ConvertCounts): AsyncGenerator<ConvertItem> {
  const plan = await planInputs(inputs.filter((i) => i !== '-'), o.adapter);
  for (const p of plan.problems) { o.log(`tbdl convert: ${p}`); counts.failed++; }
  for (const { run } of plan.runs) {
    let r;
    try {
      r = await readRun(run, run.id, o.tags);
    } catch (err) {
      o.log(`tbdl convert: ${err instanceof Error ? err.message : String(err)}`);
      counts.failed++;
      continue;
    }
    for (const issue of r.issues) o.log(`tbdl convert: ${issue.file ?? run.dir}: ${issue.message}`);
    counts.failed += r.failedSources.length;
    counts.runs++;
    const last = r.events.reduce((m, e) => Math.max(m, e.step), 0);
    yield { kind: 'line', text: JSON.stringify(runEventFor(run.id, o.settings ?? {}, last, o.settingsSource ?? 'defaults')) };
    for (const ev of r.events) { counts.events++; yield { kind: 'line', text: JSON.stringify(ev) }; }
    yield { kind: 'notice', notice: unmappedNotice(run.id, r.unmapped, run.sources) };
  }
  for (const f of plan.protocol) {
    const text = await readFile(f, 'utf8');
    for (const l of text.split('\n')) if (l.trim() !== '') yield { kind: 'line', text: l.replace(/\r$/, '') };
  }
}
