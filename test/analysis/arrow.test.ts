/**
 * The DuckDB -> Arrow adapter: column types, NULLs as Arrow nulls, BIGINT safety, and that the
 * typed arrays the kernels read are the Arrow buffers themselves (no second copy).
 */
import { describe, expect, it } from 'vitest';
import { bools, numbers, strings } from '../../src/analysis/arrow.js';
import { openDb } from '../../src/analysis/duckdb.js';

describe('resultToArrow', () => {
  it('maps DOUBLE, INTEGER, BIGINT, BOOLEAN, VARCHAR with NULLs', async () => {
    const db = await openDb();
    try {
      const t = await db.query(`SELECT i::DOUBLE / 4 AS d, i::INTEGER AS n, (i * 1000000000000)::BIGINT AS big, i % 2 = 0 AS even,
        'row' || i AS s, CASE WHEN i % 3 = 0 THEN NULL ELSE i END::INTEGER AS maybe FROM range(5000) r(i) ORDER BY i`);
      expect(t.numRows).toBe(5000);
      const d = numbers(t, 'd'), n = numbers(t, 'n'), big = numbers(t, 'big'), m = numbers(t, 'maybe');
      expect(d).toBeInstanceOf(Float64Array);
      expect(n).toBeInstanceOf(Int32Array);
      expect([d[4999], n[4999], big[4999]]).toEqual([4999 / 4, 4999, 4999e12]);
      expect(Number.isNaN(m[3]!)).toBe(true);
      expect(m[4]).toBe(4);
      expect(t.getChild('maybe')!.nullCount).toBe(1667);
      expect(bools(t, 'even').slice(0, 3)).toEqual(Uint8Array.from([1, 0, 1]));
      expect(strings(t, 's')[42]).toBe('row42');
    } finally { db.close(); }
  });
  it('hands kernels the Arrow buffer itself (zero-copy after the DuckDB read)', async () => {
    const db = await openDb();
    try {
      const t = await db.query(`SELECT i::DOUBLE AS x FROM range(3000) r(i)`);
      const a = numbers(t, 'x'), b = numbers(t, 'x');
      expect(a.buffer).toBe(b.buffer);
      expect(a.buffer).toBe(t.getChild('x')!.data[0]!.values.buffer);
    } finally { db.close(); }
  });
  it('refuses to round a BIGINT beyond 2^53', async () => {
    const db = await openDb();
    try {
      await expect(db.query(`SELECT 9007199254740993::BIGINT AS x`)).rejects.toMatchObject({ code: 'invalid_argument' });
      await expect(db.query(`SELECT 1 AS x`).then((t) => numbers(t, 'y'))).rejects.toMatchObject({ code: 'missing_column' });
    } finally { db.close(); }
  });
});
