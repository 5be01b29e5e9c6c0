/**
 * src/fleet public API, listed by name: the monitor on NATS JetStream for a fleet of consumers.
 * Partitioning by run id, the engine connection (stream + KV bucket), producers (`tbdl publish`),
 * partition leases, the partition worker (commit to KV by CAS before ack and before actions),
 * alarm delivery with claim / done records, the consumer loop, results and a local server helper.
 * Design and guarantees: docs/scale.md.
 */
export { DEFAULT_NAMES, DEFAULT_PARTITIONS, fnv1a32, messageId, partitionOf, runKey, sentKey, subjectOf } from './partition.js';
export type { FleetNames } from './partition.js';
export { fromBytes, openFleet, parseEngineUrl, toBytes } from './engine.js';
export type { Fleet, OpenFleetOptions } from './engine.js';
export { fleetErrors, FleetFailure } from './errors.js';
export type { FleetError, FleetErrorCode } from './errors.js';
export { publishLines, runOf } from './publish.js';
export type { PublishOptions, PublishResult } from './publish.js';
export { casWrite, isConflict, listKeys, readKey } from './records.js';
export type { FleetRunRecord, SentRecord, Versioned } from './records.js';
export { Leases, memberKey } from './lease.js';
export type { LeaseOptions, LeaseTick } from './lease.js';
export { PartitionWorker } from './worker.js';
export type { Checkpoint, WorkerOptions } from './worker.js';
export { deliverFleetAlarm } from './deliver.js';
export { runFleetConsumer } from './consumer.js';
export type { FleetConsumerOptions, FleetConsumerResult } from './consumer.js';
export { readFleetResults } from './results.js';
export type { FleetResults } from './results.js';
export { startLocalNats } from './local-server.js';
export type { LocalNatsServer } from './local-server.js';
export { runFleetWatch, runPublish, FLEET_WATCH_HELP, PUBLISH_HELP } from './cli.js';
