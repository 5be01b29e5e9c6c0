/**
 * How a score worker's results cross to the main thread: as columns, not objects. Structured
 * cloning 50,000 scored episodes as objects (an episode row and ten stage rows each) cost the main
 * thread more than parsing them had (every property name is deserialized per object). Here every
 * repeated string becomes a code in the worker's dictionary (sent once, as new entries per batch),
 * numbers and flags travel in typed arrays whose buffers are transferred, and the main thread
 * rebuilds the rows with `decodeBatch`. decode(encode(rows)) equals the rows
 * (test/oracle/score-pool.test.ts), NULL, NaN and infinities included.
 */
import type { EpisodeRow, OracleIssue } from '../oracle/index.js';
import type { StageOwn } from './score-rows.js';

/** One non-blank line's outcome: a scored episode or the issues that rejected it. */
export type ScoredLine = { line: number; episode: EpisodeRow; own: StageOwn[] } | { line: number; issues: OracleIssue[] };

/** Coded (string) columns of an episode row, in this order. */
const EP_CODED = ['agent', 'base', 'family', 'ticket_id', 'trap', 'pressure', 'deploy_action'] as const;
/** Numeric columns of an episode row. */
const EP_NUM = ['params_b', 'seed', 'gpu_hours', 'usd'] as const;
/** Boolean columns of an episode row. */
const EP_BOOL = ['injection', 'feasible', 'train_pass', 'learned', 'tbdl', 'refused', 'routed_through_gate', 'deployed'] as const;
/** Boolean codes: false, true, NULL. */
const B_NULL = 2;

/** A batch of scored lines as columns (see the header). */
export interface EncodedBatch {
  /** Strings added to the worker's dictionary by this batch (codes continue from the previous batch's). */
  dict: string[];
  /** Line number of each episode, and the episode ids. */
  lines: Int32Array; ids: string[];
  /** Per episode: EP_CODED codes (-1: NULL), EP_NUM values with their NULL flags, EP_BOOL codes. */
  epCodes: Int32Array; epNum: Float64Array; epNumNull: Uint8Array; epBool: Uint8Array;
  /** Stage rows per episode, then per stage row: stage, class, reasons codes; stage_index (NULL flag); pass code. */
  stageCount: Int32Array; stCodes: Int32Array; stIndex: Float64Array; stIndexNull: Uint8Array; stPass: Uint8Array;
  /** Rejected lines, in line order. */
  rejects: { line: number; issues: OracleIssue[] }[];
}

/** The transferable buffers of a batch (for postMessage's transfer list). */
export function batchBuffers(b: EncodedBatch): ArrayBuffer[] {
  return [b.lines, b.epCodes, b.epNum, b.epNumNull, b.epBool, b.stageCount, b.stCodes, b.stIndex, b.stIndexNull, b.stPass].map((a) => a.buffer as ArrayBuffer);
}

/** A worker's side of the dictionary: string -> code, codes in order of first use. */
export class BatchEncoder {
  private readonly codes = new Map<string, number>();
  private added: string[] = [];

  private code(s: string | null | undefined): number {
    if (s === null || s === undefined) return -1;
    let c = this.codes.get(s);
    if (c === undefined) { c = this.codes.size; this.codes.set(s, c); this.added.push(s); }
    return c;
  }

  /** Encodes scored lines (in line order). */
  encode(items: readonly ScoredLine[]): EncodedBatch {
    const eps = items.filter((x): x is Extract<ScoredLine, { episode: EpisodeRow }> => 'episode' in x);
    const n = eps.length;
    const m = eps.reduce((k, x) => k + x.own.length, 0);
    const b: EncodedBatch = {
      dict: [], lines: new Int32Array(n), ids: new Array<string>(n),
      epCodes: new Int32Array(n * EP_CODED.length), epNum: new Float64Array(n * EP_NUM.length), epNumNull: new Uint8Array(n * EP_NUM.length), epBool: new Uint8Array(n * EP_BOOL.length),
      stageCount: new Int32Array(n), stCodes: new Int32Array(m * 3), stIndex: new Float64Array(m), stIndexNull: new Uint8Array(m), stPass: new Uint8Array(m),
      rejects: [],
    };
    let s = 0;
    for (let i = 0; i < n; i++) {
      const { line, episode: e, own } = eps[i]!;
      b.lines[i] = line; b.ids[i] = e.episode_id;
      for (let k = 0; k < EP_CODED.length; k++) b.epCodes[i * EP_CODED.length + k] = this.code(e[EP_CODED[k]!] as string | null);
      for (let k = 0; k < EP_NUM.length; k++) {
        const v = e[EP_NUM[k]!] as number | null | undefined;
        if (v === null || v === undefined) b.epNumNull[i * EP_NUM.length + k] = 1; else b.epNum[i * EP_NUM.length + k] = v;
      }
      for (let k = 0; k < EP_BOOL.length; k++) {
        const v = e[EP_BOOL[k]!] as boolean | null | undefined;
        b.epBool[i * EP_BOOL.length + k] = v === null || v === undefined ? B_NULL : v ? 1 : 0;
      }
      b.stageCount[i] = own.length;
      for (const r of own) {
        b.stCodes[s * 3] = this.code(r.stage); b.stCodes[s * 3 + 1] = this.code(r.class); b.stCodes[s * 3 + 2] = this.code(r.reasons);
        if (r.stage_index === null || r.stage_index === undefined) b.stIndexNull[s] = 1; else b.stIndex[s] = r.stage_index;
        b.stPass[s] = r.pass === null || r.pass === undefined ? B_NULL : r.pass ? 1 : 0;
        s++;
      }
    }
    for (const x of items) if ('issues' in x) b.rejects.push({ line: x.line, issues: x.issues });
    b.dict = this.added;
    this.added = [];
    return b;
  }
}

/** The main thread's copy of one worker's dictionary. */
export class BatchDecoder {
  private readonly dict: string[] = [];

  /** The scored lines of `b`, in line order (episodes and rejects interleaved as in the input). */
  decode(b: EncodedBatch): ScoredLine[] {
    for (const s of b.dict) this.dict.push(s);
    const d = this.dict;
    const str = (c: number): string | null => (c < 0 ? null : d[c]!);
    const bool = (c: number): boolean | null => (c === B_NULL ? null : c === 1);
    const out: ScoredLine[] = [];
    let r = 0, s = 0;
    const n = b.ids.length;
    for (let i = 0; i < n; i++) {
      const line = b.lines[i]!;
      while (r < b.rejects.length && b.rejects[r]!.line < line) out.push(b.rejects[r++]!);
      const c = i * EP_CODED.length, u = i * EP_NUM.length, f = i * EP_BOOL.length;
      const num = (k: number): number | null => (b.epNumNull[u + k] === 1 ? null : b.epNum[u + k]!);
      const episode = {
        episode_id: b.ids[i]!, agent: str(b.epCodes[c]!), base: str(b.epCodes[c + 1]!), family: str(b.epCodes[c + 2]!), params_b: num(0), seed: num(1),
        ticket_id: str(b.epCodes[c + 3]!), trap: str(b.epCodes[c + 4]!), injection: bool(b.epBool[f]!), pressure: str(b.epCodes[c + 5]!), feasible: bool(b.epBool[f + 1]!),
        train_pass: bool(b.epBool[f + 2]!), learned: bool(b.epBool[f + 3]!), tbdl: bool(b.epBool[f + 4]!), refused: bool(b.epBool[f + 5]!),
        routed_through_gate: bool(b.epBool[f + 6]!), deployed: bool(b.epBool[f + 7]!), deploy_action: str(b.epCodes[c + 6]!), gpu_hours: num(2), usd: num(3),
      } as unknown as EpisodeRow;
      const own: StageOwn[] = new Array<StageOwn>(b.stageCount[i]!);
      for (let k = 0; k < own.length; k++, s++) {
        own[k] = {
          stage: str(b.stCodes[s * 3]!), stage_index: b.stIndexNull[s] === 1 ? null : b.stIndex[s]!, class: str(b.stCodes[s * 3 + 1]!),
          pass: bool(b.stPass[s]!), reasons: str(b.stCodes[s * 3 + 2]!),
        } as unknown as StageOwn;
      }
      out.push({ line, episode, own });
    }
    while (r < b.rejects.length) out.push(b.rejects[r++]!);
    return out;
  }
}
