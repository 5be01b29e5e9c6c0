/**
 * Re-read filter for trainer logs that are rewritten in place (Lightning's metrics.csv gains
 * columns, trainer_state.json is rewritten at every checkpoint, MLflow metric files grow): adapt
 * the whole file again and pass the events through the filter, which lets through only steps it
 * has not emitted before or whose values changed. State: one short string per step.
 */
import type { TrainEvent } from '../schema.js';

/** A stateful filter: `update(events)` returns the new or changed events, in input order. */
export interface RereadFilter {
  update(events: readonly TrainEvent[]): TrainEvent[];
  /** Steps emitted so far. */
  readonly size: number;
}

/**
 * Create a re-read filter (one per run and file).
 * @returns a {@link RereadFilter}.
 * @example const f = createRereadFilter(); f.update(adaptLightningCsv(text, o).events);
 */
export function createRereadFilter(): RereadFilter {
  const seen = new Map<string, string>();
  return {
    update(events) {
      const out: TrainEvent[] = [];
      for (const ev of events) {
        const key = `${ev.run}\u0000${ev.step}`;
        const sig = JSON.stringify(ev);
        if (seen.get(key) === sig) continue;
        seen.set(key, sig);
        out.push(ev);
      }
      return out;
    },
    get size() {
      return seen.size;
    },
  };
}
