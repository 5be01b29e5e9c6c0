/**
 * Shared shapes of the in-process baseline rules: each rule reads the run's `train` events (in
 * logging order) and says whether, and at which step, it would have fired (raised an issue /
 * stopped the job). Rules are pure; none looks at probe or eval data.
 */

/** The part of a protocol-v1 `train` event the rules read (null = non-finite, as JSON has no NaN). */
export interface TrainSignal {
  readonly step: number;
  readonly loss?: number | null | undefined;
  readonly grad_norm?: number | null | undefined;
  readonly eval_loss?: number | null | undefined;
}

/** A rule's outcome on one run: fired or not, and the first step at which it fired. */
export interface BaselineResult {
  readonly fired: boolean;
  /** Step of the event at which the rule first fired; null when it never fired. */
  readonly step: number | null;
}

/** A documented baseline: name, where its parameters come from, and the rule itself. */
export interface BaselineRule {
  /** Stable id used as `baseline_alarms.rule` (docs/results-schema.md). */
  readonly name: string;
  /** The tool and API the rule re-implements, with its defaults' source. */
  readonly source: string;
  readonly url: string;
  /** The parameters used (the tool's defaults). */
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly apply: (train: readonly TrainSignal[]) => BaselineResult;
}

/** The not-fired result. */
export const NOT_FIRED: BaselineResult = Object.freeze({ fired: false, step: null });

/** True when a logged value is present but non-finite (null, NaN or +-Infinity). */
export function nonFinite(x: number | null | undefined): boolean {
  return x === null || (x !== undefined && !Number.isFinite(x));
}

/**
 * The monitored series of the early-stopping and plateau rules: `eval_loss` where the run logs it
 * (what HF, Keras, Lightning and ReduceLROnPlateau watch by default), else the train `loss`.
 * Entries with the field absent are skipped; null (non-finite) values are kept as NaN.
 */
export function monitoredSeries(train: readonly TrainSignal[]): { metric: 'eval_loss' | 'loss'; points: { step: number; value: number }[] } {
  const hasEval = train.some((e) => e.eval_loss !== undefined);
  const metric = hasEval ? 'eval_loss' : 'loss';
  const points: { step: number; value: number }[] = [];
  for (const e of train) {
    const v = e[metric];
    if (v === undefined) continue;
    points.push({ step: e.step, value: v === null ? Number.NaN : v });
  }
  return { metric, points };
}
