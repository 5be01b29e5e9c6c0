/**
 * Discovery: given any path, find the training runs in it, with no configuration. Rules (a run's
 * id is its folder path relative to the argument; a run in the argument itself takes the
 * argument's folder name, the output_dir's name for a `checkpoint-N/`):
 *  - TensorBoard: one run per folder holding `*tfevents*` files (every file of the folder: a
 *    restarted writer adds a file). A sub-folder written by `add_scalars(main, {sub: x})`
 *    (folder `<main>_<sub>`, every tag `main`) joins its parent as series `<main>_<sub>`.
 *  - Lightning: one run per folder holding `metrics.csv` with a `step` column (`version_N`).
 *  - Hugging Face: one run per `output_dir`: its top-level `trainer_state.json`, else the one of
 *    its newest `checkpoint-N/`.
 *  - MLflow: one run per folder holding `metrics/` and `meta.yaml` (or under `mlruns/`).
 *  - torchtune: one run per log (`Step N | ...` text or step JSON lines); the folder's id, or
 *    `folder/file` when the folder holds several logs.
 *  - Protocol-v1 JSONL files at the top of the argument are read as telemetry, not as runs.
 * Hidden folders and `node_modules` are skipped; discovery stops at {@link MAX_DEPTH} levels.
 */
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { detectAdapterFromHead, type AdapterKind } from './adapters/detect.js';
import { tensorboardScalars } from './adapters/tensorboard.js';
import { IngestFailure, ingestIssues } from './errors.js';
import { errorText } from './read.js';

/** Deepest folder level searched below the argument. */
export const MAX_DEPTH = 12;

/** One file (or MLflow run folder) feeding a run. */
export interface RunSource {
  kind: AdapterKind;
  path: string;
  /** `add_scalars` sub-run name: its values are mapped by this name, not by their tag. */
  series?: string;
}

/** A run found by discovery. */
export interface DiscoveredRun {
  /** Folder path relative to the argument (`/`-separated), or the id given by the caller. */
  id: string;
  /** The run's folder. */
  dir: string;
  sources: RunSource[];
}

/** What a path holds: runs, protocol files, and files nothing reads (for a hint). */
export interface Discovery {
  runs: DiscoveredRun[];
  protocol: string[];
  /** Files that look binary and no adapter recognises. */
  unknownBinary: string[];
}

/** First bytes of a file ('' when unreadable). */
export async function headOf(path: string, n = 4096): Promise<Uint8Array> {
  const fh = await open(path, 'r').catch(() => null);
  if (fh === null) return new Uint8Array();
  try {
    const buf = new Uint8Array(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Whether the first bytes read as a protocol-v1 line (a JSON object with `"type"` and `"v"`). */
export function looksLikeProtocol(head: Uint8Array): boolean {
  const first = new TextDecoder().decode(head).split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return first.startsWith('{') && /"type"\s*:/.test(first);
}

/** Whether the first bytes hold a NUL byte (no JSONL or text log does). */
export function looksBinary(head: Uint8Array): boolean {
  return head.includes(0);
}

/** The run id of a folder: its path relative to the argument; the argument's own name for the argument itself. */
const idOf = (root: string, dir: string): string => {
  const r = relative(root, dir).split(sep).join('/');
  if (r !== '') return r;
  const abs = resolve(root);
  const name = basename(CHECKPOINT.test(basename(abs)) ? dirname(abs) : abs);
  return name === '' ? '.' : name;
};

interface Listing { dir: string; files: string[]; dirs: string[] }

async function listAll(root: string): Promise<Listing[]> {
  const out: Listing[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (depth === 0) throw new IngestFailure(ingestIssues.unreadableInput(dir, errorText(err)));
      return;
    }
    const l: Listing = { dir, files: [], dirs: [] };
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      if (e.isFile()) l.files.push(e.name);
      else if (e.isDirectory()) l.dirs.push(e.name);
    }
    out.push(l);
    const isMlflowRun = l.dirs.includes('metrics') && (l.files.includes('meta.yaml') || dir.split(sep).includes('mlruns'));
    if (isMlflowRun || depth >= MAX_DEPTH) return;
    for (const d of l.dirs) await walk(join(dir, d), depth + 1);
  };
  await walk(root, 0);
  return out;
}

/**
 * Whether folder `name`'s scalars are an `add_scalars` sub-run: every tag `t` satisfies
 * `name = t.replace('/', '_') + '_' + sub` (torch's SummaryWriter.add_scalars layout). A folder
 * with no scalars yet counts when its name has a `_` (a writer that has not flushed).
 */
export function isSubRunName(name: string, tags: readonly string[]): boolean {
  if (tags.length === 0) return name.includes('_');
  return tags.every((t) => { const p = `${t.replace(/\//g, '_')}_`; return name.startsWith(p) && name.length > p.length; });
}

async function tagsOf(files: readonly string[]): Promise<string[]> {
  const tags = new Set<string>();
  for (const f of files) {
    const bytes = await readFile(f).catch(() => new Uint8Array());
    for (const s of tensorboardScalars(bytes).scalars) tags.add(s.tag);
  }
  return [...tags];
}

const CHECKPOINT = /^checkpoint-(\d+)$/;

/**
 * Find the runs under a path (a folder, or a single trainer-log file).
 * @param path - file or folder.
 * @param options - `adapter`: read every non-protocol file as this kind (files only; folders are
 *   searched by the rules above).
 * @returns runs (sorted by id), protocol files and unknown binary files.
 * @throws {IngestFailure} `unreadable_input` when the path cannot be read.
 * @example (await discoverRuns('runs/')).runs.map((r) => r.id) // ['exp1', 'exp2']
 */
export async function discoverRuns(path: string, options: { adapter?: AdapterKind } = {}): Promise<Discovery> {
  const st = await stat(path).catch((err: unknown) => { throw new IngestFailure(ingestIssues.unreadableInput(path, errorText(err))); });
  if (!st.isDirectory()) return discoverFile(path, options.adapter);
  const found: Discovery = { runs: [], protocol: [], unknownBinary: [] };
  const listings = await listAll(path);
  const byDir = new Map(listings.map((l) => [l.dir, l]));
  const tbDirs = new Set(listings.filter((l) => l.files.some((f) => f.includes('tfevents'))).map((l) => l.dir));
  const runs = new Map<string, DiscoveredRun>();
  const runAt = (dir: string, id = idOf(path, dir)): DiscoveredRun => {
    let r = runs.get(id);
    if (r === undefined) { r = { id, dir, sources: [] }; runs.set(id, r); }
    return r;
  };
  for (const l of listings) {
    const files = l.files.map((f) => join(l.dir, f));
    // TensorBoard (a sub-run joins its parent)
    if (tbDirs.has(l.dir)) {
      const ev = files.filter((f) => basename(f).includes('tfevents'));
      const parent = dirname(l.dir);
      const sub = l.dir !== path && tbDirs.has(parent) && isSubRunName(basename(l.dir), await tagsOf(ev));
      const run = runAt(sub ? parent : l.dir);
      for (const f of ev) run.sources.push(sub ? { kind: 'tensorboard', path: f, series: basename(l.dir) } : { kind: 'tensorboard', path: f });
    }
    // MLflow run folder
    if (l.dirs.includes('metrics') && (l.files.includes('meta.yaml') || l.dir.split(sep).includes('mlruns'))) {
      runAt(l.dir).sources.push({ kind: 'mlflow', path: l.dir });
    }
    // Hugging Face output_dir
    const ckpts = l.dirs.map((d) => CHECKPOINT.exec(d)).filter((m): m is RegExpExecArray => m !== null)
      .filter((m) => byDir.get(join(l.dir, m[0]))?.files.includes('trainer_state.json') === true)
      .sort((a, b) => Number(b[1]) - Number(a[1]));
    if (l.files.includes('trainer_state.json') && (!CHECKPOINT.test(basename(l.dir)) || l.dir === path)) {
      runAt(l.dir).sources.push({ kind: 'hf_trainer_state', path: join(l.dir, 'trainer_state.json') });
    } else if (ckpts[0] !== undefined) {
      runAt(l.dir).sources.push({ kind: 'hf_trainer_state', path: join(l.dir, ckpts[0][0], 'trainer_state.json') });
    }
    // files by content: Lightning CSV, torchtune logs, protocol JSONL, unknown binaries
    const logs: string[] = [];
    for (const f of files) {
      const name = basename(f);
      if (name.includes('tfevents') || name === 'trainer_state.json' || name.endsWith('.yaml')) continue;
      if (!/\.(csv|txt|log|jsonl|json)$/.test(name)) continue;
      const head = await headOf(f);
      const kind = detectAdapterFromHead(f, head);
      // top-level *.jsonl that is not a torchtune log is telemetry (read, and bad lines rejected, as always)
      if (name.endsWith('.jsonl') && (looksLikeProtocol(head) || kind !== 'torchtune')) { if (l.dir === path) found.protocol.push(f); continue; }
      if (kind === 'lightning_csv' && name === 'metrics.csv') runAt(l.dir).sources.push({ kind, path: f });
      else if (kind === 'torchtune') logs.push(f);
    }
    for (const f of logs) {
      const id = logs.length === 1 ? idOf(path, l.dir) : idOf(path, f);
      runAt(l.dir, id).sources.push({ kind: 'torchtune', path: f });
    }
  }
  found.runs = [...runs.values()].filter((r) => r.sources.length > 0).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return found;
}

/**
 * A single file: protocol JSONL, a trainer log (detected, or forced with `adapter`), or an
 * unknown binary file. A trainer log's run id is its folder's name (`output_dir` for a
 * `checkpoint-N/trainer_state.json`), or the file's name at the top of a path.
 */
async function discoverFile(path: string, adapter: AdapterKind | undefined): Promise<Discovery> {
  const head = await headOf(path);
  const none: Discovery = { runs: [], protocol: [], unknownBinary: [] };
  if (looksLikeProtocol(head)) return { ...none, protocol: [path] };
  const kind = adapter ?? detectAdapterFromHead(path, head);
  if (kind === undefined) return looksBinary(head) ? { ...none, unknownBinary: [path] } : { ...none, protocol: [path] };
  let dir = dirname(path);
  if (kind === 'hf_trainer_state' && CHECKPOINT.test(basename(dir))) dir = dirname(dir);
  const name = basename(dir);
  const id = name === '.' || name === '' || name === sep ? basename(path) : name;
  return { ...none, runs: [{ id, dir, sources: [{ kind, path }] }] };
}
