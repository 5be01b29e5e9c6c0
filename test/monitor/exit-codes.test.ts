/**
 * Exit status, one rule for `watch` and `replay`: 0 every run ended with no alarm and not TBDL;
 * 1 an alarm or a TBDL verdict; 2 usage error, unreadable input, or input with no run at all.
 * Every case is checked for both verbs (watch reads the same text from stdin).
 */
import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMonitorCli } from '../../src/monitor/cli-run.js';
import { helpText } from '../../src/monitor/cli-options.js';
import { Monitor } from '../../src/monitor/engine.js';
import { captureIO, scratch } from './cli-io.js';
import { runLines } from './traces.js';

async function both(text: string): Promise<{ replay: number; watchStdin: number; watchFile: number }> {
  const dir = scratch('tbdl-exit-');
  const file = join(dir, 't.jsonl');
  writeFileSync(file, text);
  const replay = await runMonitorCli('replay', [file, '--json'], captureIO().io);
  const watchStdin = await runMonitorCli('watch', ['-', '--json'], captureIO(text).io);
  const watchFile = await runMonitorCli('watch', [file, '--json'], captureIO().io);
  return { replay, watchStdin, watchFile };
}
const all = (code: number) => ({ replay: code, watchStdin: code, watchFile: code });

/** A noise run whose verdict is TBDL with no alarm (searched among seeds, asserted below). */
function tbdlWithoutAlarm(): string[] {
  for (let seed = 1; seed < 60; seed++) {
    for (const arm of ['noise', 'mask'] as const) {
      const lines = runLines(arm, seed);
      const m = new Monitor();
      const out = lines.flatMap((l, i) => m.feed(l, i + 1)).concat(m.finish());
      const v = out.find((l) => l.type === 'verdict');
      if (v?.tbdl === true && out.every((l) => l.type !== 'alarm')) return lines;
    }
  }
  throw new Error('no TBDL-without-alarm run among the seeds searched');
}

describe('exit status: one rule for watch and replay', () => {
  it('0: every run ended with no alarm and not TBDL', async () => {
    expect(await both(runLines('correct', 2).join('\n') + '\n')).toEqual(all(0));
  });

  it('1: an alarm', async () => {
    expect(await both([...runLines('correct', 2), ...runLines('permute', 1)].join('\n') + '\n')).toEqual(all(1));
  });

  it('1: a TBDL verdict with no alarm', async () => {
    expect(await both(tbdlWithoutAlarm().join('\n') + '\n')).toEqual(all(1));
  });

  it('2: empty input, blank input, garbage input, valid events of no run', async () => {
    expect(await both('')).toEqual(all(2));
    expect(await both('\n\n  \n')).toEqual(all(2));
    expect(await both('not json\n{"v":1}\n[1,2]\n')).toEqual(all(2));
    expect(await both(runLines('correct', 2).slice(1).join('\n') + '\n')).toEqual(all(2)); // no run event
  });

  it('2: usage error and unreadable input', async () => {
    expect(await runMonitorCli('replay', ['--no-such-flag'], captureIO().io)).toBe(2);
    expect(await runMonitorCli('watch', ['--no-such-flag'], captureIO().io)).toBe(2);
    const dir = scratch('tbdl-exit-');
    expect(await runMonitorCli('replay', [join(dir, 'missing.jsonl')], captureIO().io)).toBe(2);
    expect(await runMonitorCli('watch', [join(dir, 'missing.jsonl')], captureIO().io)).toBe(2);
  });

  it('--help states the rule for both verbs', () => {
    for (const verb of ['watch', 'replay'] as const) {
      const h = helpText(verb);
      expect(h).toMatch(/0 every run ended with no alarm and not TBDL/);
      expect(h).toMatch(/1 an alarm or a TBDL verdict/);
      expect(h).toMatch(/input with no run at all/);
    }
  });
});
