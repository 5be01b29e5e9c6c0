/**
 * tbdl public API, listed by name (no `export *`), grouped by part:
 * e-process, detector, telemetry, monitor, oracle, analysis.
 */
export { createRng, normal, bernoulli } from './rng.js';
export type { Rng, RngState } from './rng.js';
export {
  telemetryEventSchema, runEventSchema, trainEventSchema, probeEventSchema, evalEventSchema,
  endEventSchema, itemSchema, EVENT_TYPES,
} from './telemetry/schema.js';
export type {
  TelemetryEvent, RunEvent, TrainEvent, ProbeEvent, EvalEvent, EndEvent, ProbeItem,
  AlarmLine, VerdictLine, RejectedLine, OutputLine,
} from './telemetry/schema.js';
