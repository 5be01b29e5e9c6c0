/**
 * TFRecord framing (tensorflow/core/lib/io/record_writer.cc; the TensorBoard event-file container):
 * each record is `uint64 length (LE) | uint32 masked_crc32c(length bytes) | data | uint32
 * masked_crc32c(data)`. Both checksums are verified. A record whose data checksum fails is
 * reported and skipped (its length was trustworthy); a header whose checksum fails is reported and
 * the reader re-synchronises on the next offset whose header checksum verifies. A record cut short
 * at the end is reported as truncated (a writer may be mid-record) and not consumed.
 */
import { crc32c, maskCrc } from './crc32c.js';
import { ingestIssues, type IngestIssue } from '../errors.js';

/** Largest record accepted (bytes); larger lengths are treated as corruption. */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;

/** One record: its byte offset in the file and its payload. */
export interface TfRecord {
  offset: number;
  data: Uint8Array;
}

/** Result of {@link readTfRecords}. */
export interface TfRecordScan {
  records: TfRecord[];
  issues: IngestIssue[];
  /** Bytes fully processed; a caller following a growing file resumes from here. */
  consumed: number;
}

function headerAt(bytes: Uint8Array, view: DataView, pos: number): number | undefined {
  if (pos + 12 > bytes.length) return undefined;
  if (view.getUint32(pos + 8, true) !== maskCrc(crc32c(bytes, pos, pos + 8))) return undefined;
  const hi = view.getUint32(pos + 4, true);
  const lo = view.getUint32(pos, true);
  const len = hi * 2 ** 32 + lo;
  return len <= MAX_RECORD_BYTES ? len : undefined;
}

/**
 * Split TFRecord bytes into verified records.
 * @param bytes - the file's bytes (or a prefix of a growing file).
 * @param file - source name for issues.
 * @returns records, issues (`corrupt_record`, `truncated_record`) and bytes consumed.
 * @example readTfRecords(readFileSync('events.out.tfevents.1.host')).records.length
 */
export function readTfRecords(bytes: Uint8Array, file?: string): TfRecordScan {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: TfRecord[] = [];
  const issues: IngestIssue[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    if (bytes.length - pos < 12) {
      issues.push(ingestIssues.truncatedRecord(12, bytes.length - pos, { file, offset: pos }));
      break;
    }
    const len = headerAt(bytes, view, pos);
    if (len === undefined) {
      let next = pos + 1;
      while (next + 12 <= bytes.length && headerAt(bytes, view, next) === undefined) next++;
      const found = next + 12 <= bytes.length;
      issues.push(ingestIssues.corruptRecord(
        `length checksum mismatch at byte ${pos}; ${found ? `resynchronised at byte ${next}` : 'no later record found'}`,
        { file, offset: pos }));
      if (!found) return { records, issues, consumed: bytes.length };
      pos = next;
      continue;
    }
    const need = 12 + len + 4;
    if (pos + need > bytes.length) {
      issues.push(ingestIssues.truncatedRecord(need, bytes.length - pos, { file, offset: pos }));
      break;
    }
    const start = pos + 12;
    const stored = view.getUint32(start + len, true);
    if (stored !== maskCrc(crc32c(bytes, start, start + len))) {
      issues.push(ingestIssues.corruptRecord(`data checksum mismatch in the record at byte ${pos} (${len} bytes skipped)`, { file, offset: pos }));
    } else {
      records.push({ offset: pos, data: bytes.subarray(start, start + len) });
    }
    pos += need;
  }
  return { records, issues, consumed: pos };
}
