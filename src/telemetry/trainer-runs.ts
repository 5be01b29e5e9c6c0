/**
 * Reading a discovered run: every source through its adapter (sub-runs mapped by their series
 * name), the events merged by step (a later source's value for a field wins; `non_finite`
 * lists are joined), the unmapped names collected for the run's notice.
 */
import { readFile } from 'node:fs/promises';
import { readAdapter } from './adapters/detect.js';
import { adaptTensorboard } from './adapters/tensorboard.js';
import type { AdapterResult } from './adapters/metrics.js';
import type { TagMap } from './adapters/tag-map.js';
import type { DiscoveredRun, RunSource } from './discover.js';
import type { IngestIssue } from './errors.js';
import type { TrainEvent } from './schema.js';

/** A run read from its trainer logs. */
export interface RunRead {
  events: TrainEvent[];
  issues: IngestIssue[];
  /** Names no field took, with the sub-run name for `add_scalars` series. */
  unmapped: string[];
  /** Sources that gave no event and at least one issue (unreadable as their format). */
  failedSources: string[];
}

/** A `notice` output line (docs/protocol.md "Output lines"). */
export interface NoticeLine {
  type: 'notice';
  code: string;
  run: string;
  level: 'info' | 'warning' | 'error';
  message: string;
  [extra: string]: unknown;
}

/**
 * Merges train events of one run by step, ascending.
 * @param lists - events per source, in source order (later wins per field).
 * @returns one event per step.
 * @example mergeTrainEvents([[{...loss at 5}], [{...eval_loss at 5}]]) // one event with both
 */
export function mergeTrainEvents(lists: readonly (readonly TrainEvent[])[]): TrainEvent[] {
  const by = new Map<number, Record<string, unknown>>();
  for (const list of lists) {
    for (const ev of list) {
      const cur = by.get(ev.step);
      if (cur === undefined) { by.set(ev.step, { ...ev }); continue; }
      const nf = new Set<string>([...((cur.non_finite as string[] | undefined) ?? []), ...((ev.non_finite as string[] | undefined) ?? [])]);
      const ts = cur.ts;
      Object.assign(cur, ev);
      if (ts !== undefined) cur.ts = ts;
      for (const [k, v] of Object.entries(ev)) if (typeof v === 'number') nf.delete(k);
      if (nf.size > 0) cur.non_finite = [...nf]; else delete cur.non_finite;
    }
  }
  return [...by.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e as TrainEvent);
}

/**
 * Reads one source through its adapter.
 * @param src - the source. @param run - run id for the events. @param tags - the tag map.
 * @returns the adapter's result.
 * @throws {IngestFailure} when the source cannot be read.
 */
export async function readSource(src: RunSource, run: string, tags: TagMap | undefined): Promise<AdapterResult> {
  const o = { run, file: src.path, ...(tags !== undefined ? { tags } : {}) };
  if (src.kind === 'tensorboard' && src.series !== undefined) {
    return adaptTensorboard(await readFile(src.path), { ...o, series: src.series });
  }
  return readAdapter(src.path, { run, kind: src.kind, ...(tags !== undefined ? { tags } : {}) });
}

/**
 * Reads every source of a run and merges them.
 * @param run - the discovered run. @param id - run id to put on the events (default `run.id`).
 * @param tags - the tag map (default: the built-in table).
 * @returns merged events, issues, unmapped names and failed sources.
 * @throws {IngestFailure} when a source cannot be read at all.
 */
export async function readRun(run: DiscoveredRun, id: string = run.id, tags?: TagMap): Promise<RunRead> {
  const lists: TrainEvent[][] = [];
  const issues: IngestIssue[] = [];
  const unmapped = new Set<string>();
  const failedSources: string[] = [];
  for (const src of run.sources) {
    const r = await readSource(src, id, tags);
    lists.push(r.events);
    issues.push(...r.issues);
    for (const u of r.unmapped) unmapped.add(u);
    if (r.events.length === 0 && r.issues.length > 0) failedSources.push(src.path);
  }
  return { events: mergeTrainEvents(lists), issues, unmapped: [...unmapped].sort(), failedSources };
}

/**
 * The notice listing a run's unmapped names (one per run; `tags` empty when every name mapped).
 * @example unmappedNotice('exp1', ['tokens_per_second_per_gpu']).message
 */
export function unmappedNotice(run: string, tags: readonly string[], sources: readonly RunSource[] = []): NoticeLine {
  return {
    type: 'notice', code: 'unmapped_tags', run, level: tags.length > 0 ? 'warning' : 'info', tags: [...tags],
    sources: sources.map((s) => (s.series !== undefined ? `${s.path} (series ${s.series})` : s.path)),
    message: tags.length === 0
      ? `run ${JSON.stringify(run)}: every logged metric was mapped`
      : `run ${JSON.stringify(run)}: ${tags.length} logged metric(s) not mapped to a train field: ${tags.join(', ')} (map one with --map TAG=FIELD; docs/protocol.md "Tag map")`,
  };
}
