/**
 * Mixed inputs as one protocol line stream (what `tbdl replay` and `tbdl watch` read): protocol
 * JSONL files, stdin, trainer logs and folders, in any mix. Folders are searched by discovery
 * (discover.ts); each trainer-log run gets a `run` event from the run settings (run-settings.ts)
 * unless `run` names the protocol run its logs belong to. `adapter` forces the format of
 * trainer-log FILES only: protocol JSONL beside them is read as JSONL. A binary file nothing
 * recognises is reported with a hint instead of being read line by line.
 */
import type { AdapterKind } from './adapters/detect.js';
import type { TagMap } from './adapters/tag-map.js';
import { discoverRuns, type DiscoveredRun, type Discovery } from './discover.js';
import type { RawLine } from './lines.js';
import { readFile, readStream } from './read.js';
import { runEventFor, type RunSettings } from './run-settings.js';
import { readRun, unmappedNotice, type NoticeLine } from './trainer-runs.js';

/** Options of {@link inputLines}. */
export interface InputOptions {
  /** Force this format for trainer-log files ('auto' or absent: detect). Folders filter their runs to it. */
  adapter?: AdapterKind | 'auto';
  /** Put every trainer-log event into this run (the run of the protocol telemetry beside them). */
  run?: string;
  tags?: TagMap;
  settings?: RunSettings;
  /** Where the settings came from (recorded on the synthesized run event). */
  settingsSource?: string;
  maxLineBytes?: number;
  stdin?: AsyncIterable<Uint8Array | string>;
  /** Issues and hints, one line each. */
  log: (message: string) => void;
  /** Notice lines (unmapped tags) for the output. */
  notice?: (line: NoticeLine) => void;
  /** Ids of the runs whose `run` event was built from settings (trainer logs alone). */
  synthesized?: Set<string>;
}

/** Counts the caller turns into an exit status. */
export interface InputCounts {
  /** Inputs or sources that could not be read (exit 2). */
  failed: number;
  /** Trainer-log runs read. */
  runs: number;
}

/** Every input classified: runs (with the input each came from), protocol files, stdin. */
export interface InputPlan {
  runs: Array<{ input: string; run: DiscoveredRun }>;
  protocol: string[];
  stdin: boolean;
  problems: string[];
}

const RUN_LAYOUTS = 'TensorBoard event files, Lightning version_N/metrics.csv, a Hugging Face output_dir with trainer_state.json, an MLflow run, a torchtune log, or protocol-v1 *.jsonl';

/**
 * Classifies inputs (no events read yet).
 * @param inputs - paths, or `-` for stdin. @param adapter - forced trainer-log format.
 * @returns the plan, with a message per input that holds nothing readable.
 */
export async function planInputs(inputs: readonly string[], adapter?: AdapterKind | 'auto'): Promise<InputPlan> {
  const forced = adapter === undefined || adapter === 'auto' ? undefined : adapter;
  const plan: InputPlan = { runs: [], protocol: [], stdin: false, problems: [] };
  for (const input of inputs) {
    if (input === '-') { plan.stdin = true; continue; }
    let d: Discovery;
    try {
      d = await discoverRuns(input, forced !== undefined ? { adapter: forced } : {});
    } catch (err) {
      plan.problems.push(err instanceof Error ? err.message : String(err));
      continue;
    }
    const runs = forced === undefined ? d.runs : d.runs.map((r) => ({ ...r, sources: r.sources.filter((s) => s.kind === forced) })).filter((r) => r.sources.length > 0);
    for (const run of runs) plan.runs.push({ input, run });
    plan.protocol.push(...d.protocol);
    for (const f of d.unknownBinary) {
      plan.problems.push(`${f}: a binary file that is neither protocol-v1 JSONL nor a trainer log this version recognises (expected JSONL, or one of: ${RUN_LAYOUTS}; a TensorBoard event file under another name: pass --adapter tensorboard)`);
    }
    if (runs.length === 0 && d.protocol.length === 0 && d.unknownBinary.length === 0) {
      plan.problems.push(`${input}: no runs found${forced !== undefined ? ` of kind ${forced}` : ''} (expected ${RUN_LAYOUTS})`);
    }
  }
  return plan;
}

/**
 * All inputs as one line stream: first the trainer-log runs (each as its `run` event, when
 * synthesized, then its train events in step order), then the protocol inputs in argument order.
 * @param inputs - paths or `-`. @param o - options. @param counts - filled while reading.
 * @returns an async generator of protocol lines (`file` names the source, `#kind` for adapted logs).
 * @example for await (const l of inputLines(['runs/', 'probe.jsonl'], { log: console.error }, counts)) monitor.line(l);
 */
export async function* inputLines(inputs: readonly string[], o: InputOptions, counts: InputCounts): AsyncGenerator<RawLine> {
  const plan = await planInputs(inputs, o.adapter);
  for (const p of plan.problems) { o.log(`tbdl: ${p}`); counts.failed++; }
  // trainer logs join a protocol run only when --run names one and protocol input is given
  const synthesize = o.run === undefined || (plan.protocol.length === 0 && !plan.stdin);
  const lineOpts = o.maxLineBytes !== undefined ? { maxLineBytes: o.maxLineBytes } : {};
  const announced = new Set<string>();
  for (const { run } of plan.runs) {
    const id = o.run ?? run.id;
    let r;
    try {
      r = await readRun(run, id, o.tags);
    } catch (err) {
      o.log(`tbdl: ${err instanceof Error ? err.message : String(err)}`);
      counts.failed++;
      continue;
    }
    for (const issue of r.issues) o.log(`tbdl: ${issue.file ?? run.dir} (${run.sources.find((s) => s.path === issue.file)?.kind ?? run.sources[0]?.kind ?? ''}): ${issue.message}`);
    counts.failed += r.failedSources.length;
    counts.runs++;
    if (r.unmapped.length > 0) o.notice?.(unmappedNotice(id, r.unmapped, run.sources));
    const file = `${run.sources[0]?.path ?? run.dir}#${run.sources[0]?.kind ?? ''}`;
    let lineNo = 0;
    if (synthesize && !announced.has(id)) {
      announced.add(id);
      o.synthesized?.add(id);
      const last = r.events.reduce((m, e) => Math.max(m, e.step), 0);
      yield { text: JSON.stringify(runEventFor(id, o.settings ?? {}, last, o.settingsSource ?? 'defaults')), lineNo: ++lineNo, file };
    }
    for (const ev of r.events) yield { text: JSON.stringify(ev), lineNo: ++lineNo, file };
  }
  if (plan.stdin && o.stdin !== undefined) yield* readStream(o.stdin, '-', lineOpts);
  for (const f of plan.protocol) yield* readFile(f, lineOpts);
}
