/**
 * Telemetry input: protocol-v1 schemas, line parsing with coded rejections, streaming readers
 * (stream, file, followed file, directory) and trainer-log adapters. Listed by name (style.md #1).
 */
export {
  telemetryEventSchema, runEventSchema, trainEventSchema, probeEventSchema, evalEventSchema,
  endEventSchema, itemSchema, EVENT_TYPES,
} from './schema.js';
export type {
  TelemetryEvent, RunEvent, TrainEvent, ProbeEvent, EvalEvent, EndEvent, ProbeItem,
  AlarmLine, VerdictLine, RejectedLine, OutputLine,
} from './schema.js';
export { IngestFailure, ingestIssues } from './errors.js';
export type { IngestIssue, IngestIssueCode } from './errors.js';
export { parseLine, parseRawLine, rejection, DEFAULT_MAX_LINE_BYTES, MAX_TYPE_CHARS } from './parse.js';
export type { ParseResult, ParseOptions, Rejection } from './parse.js';
export { formatPath, describeIssue } from './issue-path.js';
export { LineSplitter } from './lines.js';
export type { RawLine, LineOptions } from './lines.js';
export { readStream, readFile, READ_CHUNK_BYTES } from './read.js';
export { followFile, DEFAULT_POLL_MS } from './follow.js';
export type { FollowOptions, FollowReset } from './follow.js';
export { readDirectory, listTelemetryFiles } from './directory.js';
export type { DirectoryOptions } from './directory.js';
export { crc32c, maskCrc } from './adapters/crc32c.js';
export { readTfRecords, MAX_RECORD_BYTES } from './adapters/tfrecord.js';
export type { TfRecord, TfRecordScan } from './adapters/tfrecord.js';
export { adaptTensorboard, tensorboardScalars, decodeEventScalars, DT } from './adapters/tensorboard.js';
export type { TbScalar } from './adapters/tensorboard.js';
export { adaptHfTrainerState, HF_FIELDS } from './adapters/hf-trainer-state.js';
export { adaptLightningCsv } from './adapters/lightning-csv.js';
export { adaptTorchtune } from './adapters/torchtune.js';
export { adaptMlflowMetrics, readMlflowRun } from './adapters/mlflow.js';
export type { MlflowMetricFile } from './adapters/mlflow.js';
export { metricField, pyNumber, mapName } from './adapters/metrics.js';
export type { AdapterOptions, AdapterResult, TrainField } from './adapters/metrics.js';
export { parsePythonJson } from './adapters/python-json.js';
export { parseCsv } from './adapters/csv.js';
export type { CsvRecord } from './adapters/csv.js';
export { createRereadFilter } from './adapters/reread.js';
export type { RereadFilter } from './adapters/reread.js';
export { detectAdapter, detectAdapterFromHead, readAdapter, ADAPTER_KINDS } from './adapters/detect.js';
export type { AdapterKind, ReadAdapterOptions } from './adapters/detect.js';
export { TRAIN_FIELDS, KNOWN_TAGS, DEFAULT_TAG_MAP, createTagMap, parseMapOption } from './adapters/tag-map.js';
export type { TagMap, MapTarget } from './adapters/tag-map.js';
export { discoverRuns, isSubRunName, looksLikeProtocol, looksBinary, headOf, MAX_DEPTH } from './discover.js';
export type { DiscoveredRun, Discovery, RunSource } from './discover.js';
export { readRun, readSource, mergeTrainEvents, unmappedNotice } from './trainer-runs.js';
export type { RunRead, NoticeLine } from './trainer-runs.js';
export { checkRunSettings, parseRunConfig, runEventFor, RUN_DEFAULTS, SETTING_FLAGS } from './run-settings.js';
export type { RunSettings } from './run-settings.js';
export { inputLines, planInputs } from './inputs.js';
export type { InputOptions, InputCounts, InputPlan } from './inputs.js';
export { followInputLines, followTrainerRuns, mergeStreams } from './follow-inputs.js';
export type { FollowInputOptions } from './follow-inputs.js';
export { convertInputs } from './convert.js';
export type { ConvertOptions, ConvertItem, ConvertCounts } from './convert.js';
export { trainerLogOptions, TRAINER_LOG_HELP, TRAINER_LOG_PARSE_OPTIONS, TRAINER_LOG_VALUE_OPTIONS } from './cli-trainer-options.js';
export type { TrainerLogOptions } from './cli-trainer-options.js';
