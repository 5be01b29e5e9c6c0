/**
 * RFC 4180 CSV records as Python's `csv` module writes them (excel dialect: `,` delimiter, `"`
 * quoting with doubled quotes, `\r\n` line terminator; `\n` also accepted). Kernel of the
 * Lightning adapter; records carry their starting physical line for error messages.
 */

/** One CSV record and the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * Split CSV text into records. A final record without a line terminator is included;
 * a quoted field left open at the end of the text is reported through `unterminated`.
 * @param text - CSV text.
 * @returns records and whether the text ended inside a quoted field.
 * @example parseCsv('a,b\r\n1,"x,y"\r\n').records[1].cells // ['1', 'x,y']
 */
export function parseCsv(text: string): { records: CsvRecord[]; unterminated: boolean } {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let any = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"') { quoted = true; any = true; }
    else if (c === ',') { cells.push(cell); cell = ''; any = true; }
    else if (c === '\r' && text[i + 1] === '\n') continue;
    else if (c === '\n') {
      if (any || cell !== '') { cells.push(cell); records.push({ line: start, cells }); }
      cells = []; cell = ''; any = false; line++; start = line;
    } else { cell += c; any = true; }
  }
  if (any || cell !== '') { cells.push(cell); records.push({ line: start, cells }); }
  return { records, unterminated: quoted };
}
