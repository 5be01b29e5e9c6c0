/**
 * The producer side of `tbdl publish`: protocol-v1 lines to the engine, each on its run's
 * partition subject, with `Nats-Msg-Id` = sha256 of the line (JetStream drops a re-sent line
 * inside its duplicate window; later repeats are duplicates the detector drops by seq / step).
 *
 * Publishes are pipelined (up to `inFlight` awaiting their JetStream ack) over one connection, so
 * the server stores them in input order: a run's events keep their order on its subject. A line
 * that is not a JSON object with a string `run` (1-256 characters) is not published; it is
 * reported (file, line, field, expectation) and counted. The consumers validate everything else.
 */
import { headers, type JetStreamClient, type PubAck } from 'nats';
import type { RawLine } from '../telemetry/index.js';
import type { FleetNames } from './partition.js';
import { messageId, partitionOf, subjectOf } from './partition.js';

/** What a publish reports. */
export interface PublishResult {
  published: number;
  /** Acks that JetStream answered as duplicates (same Nats-Msg-Id inside the window). */
  duplicates: number;
  skipped: number;
  runs: number;
}

/** Options for {@link publishLines}. */
export interface PublishOptions {
  js: JetStreamClient;
  names: FleetNames;
  partitions: number;
  /** Called for each line that is not published (a message naming file, line, field, expectation). */
  onSkip: (message: string) => void;
  /** Publishes awaiting their ack (default 512). */
  inFlight?: number;
}

/**
 * The run id of a protocol line, or an error message naming file, line and field.
 * @example runOf({ text: '{"run":"a"}', lineNo: 1, file: 'x' }) // { run: 'a' }
 */
export function runOf(raw: RawLine): { run: string } | { error: string } {
  const where = `${raw.file}:${raw.lineNo}`;
  if (raw.oversize !== undefined) return { error: `${where}: line of ${raw.oversize.bytes} bytes (expected at most ${raw.oversize.max})` };
  let v: unknown;
  try { v = JSON.parse(raw.text); } catch { return { error: `${where}: not JSON (expected one protocol-v1 event per line)` }; }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return { error: `${where}: not a JSON object (expected a protocol-v1 event)` };
  const run = (v as { run?: unknown }).run;
  if (typeof run !== 'string' || run.length < 1 || run.length > 256) return { error: `${where}: run: ${JSON.stringify(run)} (expected a string of 1-256 characters)` };
  return { run };
}

/**
 * Publishes every line of `lines` (blank lines ignored).
 * @returns counts. @throws the first publish error (engine gone): what was acked before it is stored.
 * @example await publishLines(readFile('a.jsonl'), { js, names, partitions: 16, onSkip: console.error });
 */
export async function publishLines(lines: AsyncIterable<RawLine>, opts: PublishOptions): Promise<PublishResult> {
  const max = opts.inFlight ?? 512;
  const res: PublishResult = { published: 0, duplicates: 0, skipped: 0, runs: 0 };
  const runs = new Set<string>();
  const window: Array<Promise<PubAck>> = [];
  const settle = async (ack: Promise<PubAck>): Promise<void> => {
    const a = await ack;
    if (a.duplicate) res.duplicates++;
    res.published++;
  };
  for await (const raw of lines) {
    if (raw.oversize === undefined && raw.text.trim() === '') continue;
    const r = runOf(raw);
    if ('error' in r) { res.skipped++; opts.onSkip(r.error); continue; }
    runs.add(r.run);
    const h = headers();
    h.set('Nats-Msg-Id', messageId(raw.text));
    const subject = subjectOf(opts.names, partitionOf(r.run, opts.partitions));
    const ack = opts.js.publish(subject, raw.text, { headers: h });
    ack.catch(() => undefined); // awaited in order below; this only keeps a later failure from going unhandled
    window.push(ack);
    if (window.length >= max) await settle(window.shift() as Promise<PubAck>);
  }
  for (const ack of window) await settle(ack);
  res.runs = runs.size;
  return res;
}
