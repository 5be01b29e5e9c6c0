/**
 * src/monitor public API, listed by name: the engine (lines in, decided lines out, per-run
 * state), the runner with durable state and alarm actions, the state stores, the actions and the
 * human-mode rendering, and the `watch` / `replay` entry point with injected I/O.
 */
export { Monitor } from './engine.js';
export type { MonitorConfig, ParseFn, RunMeta, SourceCounts } from './engine.js';
export { defaultDetector, designInputFor } from './detector-api.js';
export type { DesignOverride, DetectorApi } from './detector-api.js';
export { runMonitor } from './runner.js';
export type { RunnerOptions, RunnerResult } from './runner.js';
export { MemoryStore, deliveryId } from './store.js';
export type { StateStore, StoreSnapshot, CommitBatch, RunRecord, StoredOutput } from './store.js';
export { DuckDbStore } from './duckdb-store.js';
export { deliverAlarm, enabledActions } from './actions.js';
export type { ActionConfig, ActionOutcome } from './actions.js';
export { writeFileAtomic, writeStopFile, writeStopDirSentinel, sentinelText } from './stop-file.js';
export type { StopSentinel } from './stop-file.js';
export { runAlarmCommand, alarmEnv } from './on-alarm.js';
export type { CommandResult } from './on-alarm.js';
export { postAlarm, backoffDelay, retryable } from './webhook.js';
export type { WebhookOptions, WebhookResult } from './webhook.js';
export { safeRunFileName, alarmKey, sha256Hex, envSafe } from './safe-name.js';
export { statusRow, humanLine, printable, progressText, STATUS_HEADER } from './render.js';
export type { RunStatus } from './render.js';
export { LiveView } from './live-view.js';
export type { ViewSink } from './live-view.js';
export { ResultsCollector, writeResults } from './results.js';
export { runMonitorCli } from './cli-run.js';
export type { CliIO } from './cli-run.js';
export { parseMonitorArgs, helpText } from './cli-options.js';
export type { MonitorCliOptions } from './cli-options.js';
export { monitorErrors, MonitorFailure } from './errors.js';
export type { MonitorError, MonitorErrorCode } from './errors.js';
