/**
 * Events that arrived before their run's `run` event, held in a bounded buffer (events per run,
 * number of runs, and bytes of line text over all runs) until it arrives. Bounded so that hostile or broken input cannot grow memory:
 * past a bound, the event is refused with a reason for a `rejected` line.
 */
import type { TelemetryEvent } from '../telemetry/schema.js';

/** One buffered event and where it came from. */
export interface PendingEvent {
  event: TelemetryEvent;
  line: number;
  file: string;
  /** Size of its line text (UTF-16 units; bytes for ASCII JSON). */
  bytes: number;
}

/**
 * The buffer. `maxPerRun` events per run, `maxRuns` runs at once, `maxBytes` bytes of line text in all.
 * @example const p = new PendingEvents(256, 10_000, 64 * 2 ** 20); p.add(ev, 3, 'a.jsonl', 120); p.take(ev.run);
 */
export class PendingEvents {
  private readonly byRun = new Map<string, PendingEvent[]>();
  private heldBytes = 0;

  constructor(private readonly maxPerRun: number, private readonly maxRuns: number, private readonly maxBytes = 64 * 2 ** 20) {}

  /** Bytes of line text held now. */
  get bytes(): number {
    return this.heldBytes;
  }

  /** Buffers an event (its line text `bytes` long); returns null, or the reason it was refused (buffer full). */
  add(event: TelemetryEvent, line: number, file: string, bytes = 0): string | null {
    if (this.heldBytes + bytes > this.maxBytes) return `run: ${JSON.stringify(event.run)} has no run event yet (pending buffer full: ${this.maxBytes} bytes)`;
    let q = this.byRun.get(event.run);
    if (q === undefined) {
      if (this.byRun.size >= this.maxRuns) return `run: ${JSON.stringify(event.run)} has no run event yet (pending runs full: ${this.maxRuns})`;
      q = [];
      this.byRun.set(event.run, q);
    }
    if (q.length >= this.maxPerRun) return `run: ${JSON.stringify(event.run)} has no run event yet (buffer of ${this.maxPerRun} events full)`;
    q.push({ event, line, file, bytes });
    this.heldBytes += bytes;
    return null;
  }

  /** Removes and returns a run's buffered events in arrival order. */
  take(run: string): PendingEvent[] {
    const q = this.byRun.get(run) ?? [];
    this.byRun.delete(run);
    for (const p of q) this.heldBytes -= p.bytes;
    return q;
  }

  /** Removes everything; returns each run's events. */
  drain(): Array<[string, PendingEvent[]]> {
    const all = [...this.byRun];
    this.byRun.clear();
    this.heldBytes = 0;
    return all;
  }

  /**
   * The smallest buffered line number of a source (undefined when none): a durable offset must
   * stay below it, or a restart would skip events that were only in memory.
   */
  floor(file: string): number | undefined {
    let min: number | undefined;
    for (const q of this.byRun.values()) for (const p of q) if (p.file === file && (min === undefined || p.line < min)) min = p.line;
    return min;
  }

  /** Whether anything is buffered. */
  get size(): number {
    return this.byRun.size;
  }
}
