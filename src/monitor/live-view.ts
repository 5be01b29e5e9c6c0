/**
 * The human-mode screen: on a terminal, a status block (one row per run, the latest first, and a
 * progress line) redrawn in place with ANSI cursor movement at most every `throttleMs`, with
 * event lines (alarms, verdicts, rejections) scrolling above it; elsewhere (a pipe, a file) plain
 * event lines only and a final table, no escape codes.
 */
import type { OutputLine } from '../telemetry/schema.js';
import { humanLine, STATUS_HEADER, statusRow, type RunStatus } from './render.js';

/** Where the view writes. `isTTY` decides the mode; `rows` bounds the block's height. */
export interface ViewSink {
  write(text: string): void;
  isTTY: boolean;
  rows?: number;
}

/**
 * A live status view.
 * @param sink the output. @param statuses returns the current rows (called on redraw).
 * @param now clock in ms (injected). @param throttleMs minimum ms between redraws (default 100).
 * @example const v = new LiveView(sink, () => rows, Date.now); v.event(alarmLine); v.tick(); v.close();
 */
export class LiveView {
  private drawn = 0;
  private last = -Infinity;
  private progress = '';
  private lastPlain: number;

  constructor(
    private readonly sink: ViewSink,
    private readonly statuses: () => RunStatus[],
    private readonly now: () => number,
    private readonly throttleMs = 100,
    /** Off a terminal, a plain `progress:` line at most this often (ms) during long replays. */
    private readonly plainEveryMs = 5000,
  ) {
    this.lastPlain = now();
  }

  /** Prints an event line (above the block on a TTY). */
  event(line: OutputLine): void {
    if (!this.sink.isTTY) { this.sink.write(humanLine(line) + '\n'); return; }
    this.clear();
    this.sink.write(humanLine(line) + '\n');
    this.draw();
  }

  /** Sets the progress text and redraws if the throttle allows (TTY only). */
  tick(progress?: string): void {
    if (progress !== undefined) this.progress = progress;
    const t = this.now();
    if (!this.sink.isTTY) {
      if (progress !== undefined && t - this.lastPlain >= this.plainEveryMs) {
        this.sink.write(`progress: ${progress}\n`);
        this.lastPlain = t;
      }
      return;
    }
    if (t - this.last < this.throttleMs) return;
    this.clear();
    this.draw();
  }

  /** Final output: the full status table (both modes). */
  close(): void {
    if (this.sink.isTTY) this.clear();
    const rows = this.statuses();
    const lines = [STATUS_HEADER, ...rows.map(statusRow)];
    if (this.progress !== '') lines.push(this.progress);
    this.sink.write(lines.join('\n') + '\n');
    this.drawn = 0;
  }

  private clear(): void {
    if (this.drawn > 0) this.sink.write(`\x1b[${this.drawn}F\x1b[J`);
    this.drawn = 0;
  }

  private draw(): void {
    this.last = this.now();
    const max = Math.max(3, (this.sink.rows ?? 24) - 4);
    const rows = this.statuses();
    const shown = rows.slice(-max).map(statusRow);
    const lines = [STATUS_HEADER, ...shown];
    if (rows.length > shown.length) lines.push(`... ${rows.length - shown.length} more runs`);
    if (this.progress !== '') lines.push(this.progress);
    this.sink.write(lines.join('\n') + '\n');
    this.drawn = lines.length;
  }
}
