/**
 * Reading protocol-v1 JSONL text for Table 1 (pure: takes the text, returns events and the lines
 * it skipped with file, line and reason). Unknown event types are skipped, never fatal
 * (docs/protocol.md).
 */
import { telemetryEventSchema, type TelemetryEvent } from '../telemetry/schema.js';

/** A skipped line. */
export interface SkippedLine { file: string; line: number; reason: string }

/**
 * Parses JSONL text into telemetry events.
 * @param text the file's content; file its name (for the skipped-line reasons).
 * @returns the valid events in order and the skipped lines.
 * @example parseJsonl('{"v":1,"type":"end","run":"r","step":3,"status":"completed"}\n', 'a.jsonl').events.length // 1
 */
export function parseJsonl(text: string, file: string): { events: TelemetryEvent[]; skipped: SkippedLine[] } {
  const events: TelemetryEvent[] = [];
  const skipped: SkippedLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    let obj: unknown;
    try { obj = JSON.parse(raw); } catch { skipped.push({ file, line: i + 1, reason: 'not JSON' }); continue; }
    const r = telemetryEventSchema.safeParse(obj);
    if (r.success) { events.push(r.data); continue; }
    const issue = r.error.issues[0];
    skipped.push({ file, line: i + 1, reason: issue ? `${issue.path.join('.') || '(event)'}: ${issue.message}` : 'invalid event' });
  }
  return { events, skipped };
}
