/**
 * Byte-level line splitter with bounded memory: the kernel under every reader. Splits on `\n`
 * (a byte that never occurs inside a UTF-8 multi-byte sequence, so characters split across
 * chunks are reassembled before decoding), strips a trailing `\r` and a leading BOM, skips blank
 * lines (still counting them), and cuts a line longer than the limit: its bytes are dropped as
 * they arrive and the line is reported with `oversize` instead of being buffered.
 */
import { DEFAULT_MAX_LINE_BYTES } from './parse.js';
import { checkIntOption } from './errors.js';

/** One line from a reader: text without its line ending, 1-based line number, source name. */
export interface RawLine {
  text: string;
  lineNo: number;
  file: string;
  /** Present when the line exceeded the limit: its size in bytes and the limit; `text` is ''. */
  oversize?: { bytes: number; max: number };
}

/** Options shared by every reader. */
export interface LineOptions {
  /** Longest line kept, in UTF-8 bytes (1..2^30); longer lines are cut and reported. Default 1 MiB. */
  maxLineBytes?: number;
}

const NL = 0x0a;
const CR = 0x0d;

/**
 * Incremental splitter: `push(chunk)` returns the lines completed by that chunk, `end()` the
 * last line when it has no final newline. Memory held: at most maxLineBytes plus one chunk.
 * @throws {IngestFailure} `invalid_option` when maxLineBytes is not an integer in [1, 2^30].
 * @example const s = new LineSplitter('x.jsonl'); s.push(Buffer.from('{"a":1}\n{"b"')); s.end();
 */
export class LineSplitter {
  readonly file: string;
  readonly maxLineBytes: number;
  private pending: Buffer[] = [];
  private pendingLen = 0;
  private dropped = -1; // >= 0 while discarding an over-long line: bytes seen so far
  private lineNo = 0;

  constructor(file: string, options: LineOptions = {}) {
    this.file = file;
    this.maxLineBytes = checkIntOption('maxLineBytes', options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, 1, 2 ** 30);
  }

  /** Lines completed so far (including blank ones). */
  get linesSeen(): number {
    return this.lineNo;
  }

  /** Feed bytes (or a string, encoded as UTF-8); returns the lines this chunk completes. */
  push(chunk: Uint8Array | string): RawLine[] {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8')
      : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const out: RawLine[] = [];
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(NL, start);
      if (nl === -1) {
        this.hold(buf, start, buf.length);
        return out;
      }
      this.finish(buf, start, nl, out);
      start = nl + 1;
    }
  }

  /** Flush the final line if the input did not end with a newline. */
  end(): RawLine[] {
    const out: RawLine[] = [];
    if (this.pendingLen > 0 || this.dropped >= 0) this.finish(Buffer.alloc(0), 0, 0, out);
    return out;
  }

  /** Forget the partial line and restart numbering at 1 (after a truncation). */
  reset(): void {
    this.pending = [];
    this.pendingLen = 0;
    this.dropped = -1;
    this.lineNo = 0;
  }

  private hold(buf: Buffer, start: number, end: number): void {
    const n = end - start;
    if (n === 0) return;
    if (this.dropped >= 0) {
      this.dropped += n;
    } else if (this.pendingLen + n > this.maxLineBytes) {
      this.dropped = this.pendingLen + n;
      this.pending = [];
      this.pendingLen = 0;
    } else {
      this.pending.push(buf.subarray(start, end));
      this.pendingLen += n;
    }
  }

  private finish(buf: Buffer, start: number, end: number, out: RawLine[]): void {
    const lineNo = ++this.lineNo;
    const total = (this.dropped >= 0 ? this.dropped : this.pendingLen) + (end - start);
    if (this.dropped >= 0 || total > this.maxLineBytes) {
      this.pending = [];
      this.pendingLen = 0;
      this.dropped = -1;
      out.push({ text: '', lineNo, file: this.file, oversize: { bytes: total, max: this.maxLineBytes } });
      return;
    }
    let line = buf.subarray(start, end);
    if (this.pendingLen > 0) {
      this.pending.push(line);
      line = Buffer.concat(this.pending, total);
      this.pending = [];
      this.pendingLen = 0;
    }
    let a = 0;
    let b = line.length;
    if (b > a && line[b - 1] === CR) b--;
    if (lineNo === 1 && b - a >= 3 && line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf) a = 3;
    if (a === b) return;
    const text = line.toString('utf8', a, b);
    if (isBlank(text)) return;
    out.push({ text, lineNo, file: this.file });
  }
}

function isBlank(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a && c !== 0x0b && c !== 0x0c) return false;
  return text.trim() === '';
}
