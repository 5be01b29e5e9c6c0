import { describe, it, expect } from 'vitest';
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../../src/rng.js';
import { lineBatches, splitLines } from '../../src/cli/line-batches.js';

/**
 * `tbdl score`'s batched line reader against the readline it replaced (`crlfDelay: Infinity`):
 * the same lines, in order, on seeded random texts built from `\n`, `\r\n`, lone `\r`, empty
 * lines, multi-byte characters and long lines that cross the 1 MiB chunk boundary.
 */
const PIECES = ['\n', '\r\n', '\r', 'a', '{"x":1}', 'ünï✓', '😀', ' ', '\n\n', '\r\r'];

async function viaReadline(path: string): Promise<string[]> {
  const out: string[] = [];
  for await (const l of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) out.push(l);
  return out;
}
async function viaBatches(path: string): Promise<string[]> {
  const out: string[] = [];
  for await (const b of lineBatches(path)) out.push(...b);
  return out;
}

describe('lineBatches', () => {
  it('yields the lines readline yields (40 seeded random files, some over 1 MiB)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tbdl-lines-'));
    const rng = createRng(20261203);
    for (let k = 0; k < 40; k++) {
      const parts: string[] = [];
      const n = k % 8 === 0 ? 3000 : 1 + Math.floor(rng.next() * 60);
      for (let i = 0; i < n; i++) {
        const p = PIECES[Math.floor(rng.next() * PIECES.length)]!;
        parts.push(k % 8 === 0 && p === 'a' ? 'a'.repeat(3000 + Math.floor(rng.next() * 6000)) : p);
      }
      const f = join(dir, `t${k}.txt`);
      writeFileSync(f, parts.join(''));
      expect(await viaBatches(f), `file ${k}`).toEqual(await viaReadline(f));
    }
  });

  it('keeps a chunk-final \\r until the next chunk says whether \\n follows', () => {
    expect(splitLines('a\r', false)).toEqual({ lines: [], tail: 'a\r' });
    expect(splitLines('a\r', true)).toEqual({ lines: ['a'], tail: '' });
    expect(splitLines('a\r\nb\rc\nd', false)).toEqual({ lines: ['a', 'b', 'c'], tail: 'd' });
  });

  it('a \\r\\n split across two 1 MiB chunks is one break, not two', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tbdl-lines-'));
    const f = join(dir, 'split.txt');
    writeFileSync(f, `${'x'.repeat((1 << 20) - 1)}\r\nnext\n`);
    const got = await viaBatches(f);
    expect(got.length).toBe(2);
    expect(got).toEqual(await viaReadline(f));
  });

  it('rejects an unreadable path with the stream error', async () => {
    await expect(viaBatches(join(tmpdir(), 'tbdl-no-such-dir', 'x.jsonl'))).rejects.toThrow(/ENOENT/);
  });
});
