/**
 * Arrow adapter: DuckDB results become apache-arrow Tables, the in-memory columnar interchange
 * of the analysis (spec analysis.md "Data"). Only this file and duckdb.ts import Arrow or DuckDB.
 *
 * Path: one copy from DuckDB's chunk vectors into a preallocated typed array per column
 * (@duckdb/node-api has no Arrow export), then zero-copy: the typed array becomes the Arrow
 * buffer (makeData), and `numbers()` hands the same buffer back to the kernels.
 * Types: DOUBLE/FLOAT -> Float64, INTEGER and smaller -> Int32, BIGINT/HUGEINT/UBIGINT ->
 * Float64 (throws `invalid_argument` beyond +-2^53, never silently rounds), BOOLEAN -> Bool,
 * everything else -> Utf8 (VARCHAR as is). NULLs become Arrow nulls (validity bitmap).
 */
import type { DuckDBMaterializedResult } from '@duckdb/node-api';
import { DuckDBTypeId } from '@duckdb/node-api';
import { Bool, Float64, Int32, Table, Utf8, makeData, makeVector, vectorFromArray, type Vector } from 'apache-arrow';
import { analysisErrors } from './errors.js';

/** An Arrow table as the analysis sees it (re-exported type). */
export type ArrowTable = Table;

const INT32_IDS = new Set<number>([DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT]);
const F64_IDS = new Set<number>([DuckDBTypeId.DOUBLE, DuckDBTypeId.FLOAT, DuckDBTypeId.UINTEGER, DuckDBTypeId.BIGINT, DuckDBTypeId.UBIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT]);

function toSafeNumber(v: unknown, column: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
      throw analysisErrors.invalidArgument(`column ${column} value`, v, 'an integer within +-2^53 (BIGINT -> number)');
    }
    return Number(v);
  }
  return Number(v);
}

/**
 * Converts a materialized DuckDB result to an Arrow Table (column names kept).
 * @throws invalid_argument when a BIGINT does not fit a double exactly.
 * @example const t = resultToArrow(await conn.run('select 1::INTEGER as x')); t.getChild('x')
 */
export function resultToArrow(result: DuckDBMaterializedResult): Table {
  const n = result.rowCount;
  const names = result.deduplicatedColumnNames();
  const cols: Record<string, Vector> = {};
  names.forEach((name, ci) => {
    const id = result.columnTypeId(ci) as number;
    const valid = new Uint8Array(Math.ceil(n / 8));
    let nulls = 0;
    const forEachItem = (f: (v: unknown, row: number) => void): void => {
      let row = 0;
      for (let k = 0; k < result.chunkCount; k++) {
        const vec = result.getChunk(k).getColumnVector(ci);
        const m = vec.itemCount;
        for (let i = 0; i < m; i++, row++) {
          const v = vec.getItem(i);
          if (v === null) { nulls++; continue; }
          valid[row >> 3]! |= 1 << (row & 7);
          f(v, row);
        }
      }
    };
    if (INT32_IDS.has(id) || F64_IDS.has(id)) {
      const isInt = INT32_IDS.has(id);
      const data = isInt ? new Int32Array(n) : new Float64Array(n);
      forEachItem((v, row) => { data[row] = toSafeNumber(v, name); });
      const type = isInt ? new Int32() : new Float64();
      cols[name] = makeVector(nulls === 0 ? makeData({ type, length: n, data } as never) : makeData({ type, length: n, data, nullBitmap: valid, nullCount: nulls } as never));
    } else if (id === DuckDBTypeId.BOOLEAN) {
      const arr: (boolean | null)[] = new Array<boolean | null>(n).fill(null);
      forEachItem((v, row) => { arr[row] = v === true; });
      cols[name] = vectorFromArray(arr, new Bool());
    } else {
      const arr: (string | null)[] = new Array<string | null>(n).fill(null);
      forEachItem((v, row) => { arr[row] = typeof v === 'string' ? v : String(v); });
      cols[name] = vectorFromArray(arr, new Utf8());
    }
  });
  return new Table(cols);
}

/**
 * A numeric column as a typed array (zero-copy for a single-chunk column); NULL -> NaN.
 * @throws missing_column.
 */
export function numbers(t: Table, name: string, tableName = 'query'): Float64Array | Int32Array {
  const col = t.getChild(name);
  if (!col) throw analysisErrors.missingColumn(tableName, name);
  if (col.nullCount > 0) return Float64Array.from({ length: col.length }, (_, i) => { const v = col.get(i) as number | null; return v === null ? NaN : Number(v); });
  const arr = col.toArray() as unknown;
  if (arr instanceof Float64Array || arr instanceof Int32Array) return arr;
  return Float64Array.from(arr as ArrayLike<number>, Number);
}

/** A string column as an array (NULL -> ''). @throws missing_column. */
export function strings(t: Table, name: string, tableName = 'query'): string[] {
  const col = t.getChild(name);
  if (!col) throw analysisErrors.missingColumn(tableName, name);
  const out = new Array<string>(col.length);
  for (let i = 0; i < col.length; i++) out[i] = (col.get(i) as string | null) ?? '';
  return out;
}

/** A boolean column as 0/1 bytes (NULL -> 255, "unknown"). @throws missing_column. */
export function bools(t: Table, name: string, tableName = 'query'): Uint8Array {
  const col = t.getChild(name);
  if (!col) throw analysisErrors.missingColumn(tableName, name);
  const out = new Uint8Array(col.length);
  for (let i = 0; i < col.length; i++) { const v = col.get(i) as boolean | null; out[i] = v === null ? 255 : v ? 1 : 0; }
  return out;
}

/** Rows of an Arrow table as plain objects (for small, aggregated tables). */
export function rowsOf(t: Table): Record<string, unknown>[] {
  return t.toArray().map((r) => ({ ...(r as object) }) as Record<string, unknown>);
}
