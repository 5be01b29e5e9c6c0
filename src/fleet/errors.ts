/**
 * Coded fleet errors (one voice: `what: value (expected ...)`): engine URLs, partition counts,
 * an engine that cannot be reached or that holds another fleet's configuration, and lost
 * optimistic-concurrency races (a KV revision that moved under us).
 */

/** Every error code the fleet layer can raise. */
export type FleetErrorCode = 'invalid_engine' | 'engine_unreachable' | 'config_mismatch' | 'revision_conflict' | 'invalid_option';

/** A fleet error: a stable code and a human message. */
export interface FleetError {
  code: FleetErrorCode;
  message: string;
}

/** An Error that carries a {@link FleetError}. */
export class FleetFailure extends Error {
  /** The stable error code. */
  readonly code: FleetErrorCode;
  constructor(err: FleetError) {
    super(err.message);
    this.code = err.code;
    this.name = 'FleetFailure';
  }
}

/** Named factories for fleet errors. */
export const fleetErrors = {
  /** `--engine` is not a nats:// URL. */
  invalidEngine: (url: string): FleetError => ({
    code: 'invalid_engine', message: `invalid --engine: ${JSON.stringify(url)} (expected nats://HOST:PORT)`,
  }),
  /** The NATS server did not answer (or JetStream is off). */
  unreachable: (url: string, reason: string): FleetError => ({
    code: 'engine_unreachable', message: `engine unreachable: ${url} (${reason}; expected a nats-server started with -js)`,
  }),
  /** The fleet bucket was created with another partition count. */
  configMismatch: (field: string, have: unknown, want: unknown): FleetError => ({
    code: 'config_mismatch', message: `fleet config mismatch: ${field} is ${JSON.stringify(have)} in the engine (expected ${JSON.stringify(want)}; partitions are fixed when the fleet is first used)`,
  }),
  /** A compare-and-set on a KV key lost (another process wrote it). */
  revisionConflict: (key: string, expected: number): FleetError => ({
    code: 'revision_conflict', message: `revision conflict: ${key} (expected revision ${expected}; another consumer wrote it)`,
  }),
  /** An option value is out of range. */
  invalidOption: (option: string, value: unknown, expected: string): FleetError => ({
    code: 'invalid_option', message: `invalid ${option}: ${JSON.stringify(value)} (expected ${expected})`,
  }),
} as const;
