/**
 * Streaming readers for telemetry JSONL: any byte stream (stdin, a socket, a pipe) and a file.
 * Lines come out as {@link RawLine}s in order with 1-based line numbers; parse them with
 * `parseRawLine`. Memory is bounded by the line limit plus one chunk (see {@link LineSplitter}).
 */
import { createReadStream } from 'node:fs';
import { LineSplitter, type LineOptions, type RawLine } from './lines.js';
import { IngestFailure, ingestIssues } from './errors.js';

/** Read chunk size for files (bytes). */
export const READ_CHUNK_BYTES = 256 * 1024;

/**
 * Split a byte or string stream into lines.
 * Handles CRLF, a final line without newline, lines and UTF-8 characters split across chunks;
 * a line over `maxLineBytes` is yielded with `oversize` set and empty text.
 * @param source - any async iterable of chunks: a Node Readable (`process.stdin`), a web stream.
 * @param name - source name reported in every line (e.g. `'-'` or `'stdin'`).
 * @param options - {@link LineOptions}.
 * @returns an async generator of {@link RawLine}.
 * @throws {IngestFailure} code `unreadable_input` when the source errors.
 * @example for await (const line of readStream(process.stdin, 'stdin')) console.log(line.lineNo);
 */
export async function* readStream(
  source: AsyncIterable<Uint8Array | string>,
  name: string,
  options: LineOptions = {},
): AsyncGenerator<RawLine> {
  const splitter = new LineSplitter(name, options);
  try {
    // plain `yield` per line: `yield*` over an array adds an async-from-sync wrapper and a tick per line
    for await (const chunk of source) for (const line of splitter.push(chunk)) yield line;
  } catch (err) {
    if (err instanceof IngestFailure) throw err;
    throw new IngestFailure(ingestIssues.unreadableInput(name, errorText(err)));
  }
  for (const line of splitter.end()) yield line;
}

/**
 * Read a whole JSONL file once, line by line (for `tbdl replay`).
 * @param path - file path; reported as the lines' `file`.
 * @param options - {@link LineOptions}.
 * @returns an async generator of {@link RawLine}.
 * @throws {IngestFailure} code `unreadable_input` when the file cannot be opened or read.
 * @example for await (const line of readFile('runs/a.jsonl')) handle(parseRawLine(line));
 */
export function readFile(path: string, options: LineOptions = {}): AsyncGenerator<RawLine> {
  return readStream(createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }), path, options);
}

/** The message of an unknown thrown value (errno code first when there is one). */
export function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code !== undefined ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
