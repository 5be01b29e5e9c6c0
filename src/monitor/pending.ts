/**
 * Events that arrived before their run's `run` event, held in a bounded buffer (per run and in
 * number of runs) until it arrives. Bounded so that hostile or broken input cannot grow memory:
 * past a bound, the event is refused with a reason for a `rejected` line.
 */
import type { TelemetryEvent } from '../telemetry/schema.js';

/** One buffered event and where it came from. */
export interface PendingEvent {
  event: TelemetryEvent;
  line: number;
  file: string;
}

/**
 * The buffer. `maxPerRun` events per run, `maxRuns` runs at once.
 * @example const p = new PendingEvents(256, 10_000); p.add(ev, 3, 'a.jsonl'); p.take(ev.run);
 */
export class PendingEvents {
  private readonly byRun = new Map<string, PendingEvent[]>();

  constructor(private readonly maxPerRun: number, private readonly maxRuns: number) {}

  /** Buffers an event; returns null, or the reason it was refused (buffer full). */
  add(event: TelemetryEvent, line: number, file: string): string | null {
    let q = this.byRun.get(event.run);
    if (q === undefined) {
      if (this.byRun.size >= this.maxRuns) return `run: ${JSON.stringify(event.run)} has no run event yet (pending runs full: ${this.maxRuns})`;
      q = [];
      this.byRun.set(event.run, q);
    }
    if (q.length >= this.maxPerRun) return `run: ${JSON.stringify(event.run)} has no run event yet (buffer of ${this.maxPerRun} events full)`;
    q.push({ event, line, file });
    return null;
  }

  /** Removes and returns a run's buffered events in arrival order. */
  take(run: string): PendingEvent[] {
    const q = this.byRun.get(run) ?? [];
    this.byRun.delete(run);
    return q;
  }

  /** Removes everything; returns each run's events. */
  drain(): Array<[string, PendingEvent[]]> {
    const all = [...this.byRun];
    this.byRun.clear();
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
