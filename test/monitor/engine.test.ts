import { describe, it, expect } from 'vitest';
import { Monitor } from '../../src/monitor/engine.js';
import type { OutputLine } from '../../src/telemetry/schema.js';
import { fleet, runLines } from './traces.js';

function feedAll(m: Monitor, lines: string[], file = 't.jsonl'): OutputLine[] {
  const out: OutputLine[] = [];
  lines.forEach((l, i) => out.push(...m.feed(l, i + 1, file)));
  out.push(...m.finish());
  return out;
}

const decided = (out: OutputLine[]) => out.filter((l) => l.type !== 'rejected');
/** The evidence and decisions of a line, without delivery counters (duplicates are counted, never applied). */
const evidence = (out: OutputLine[]) => decided(out).map(({ duplicates: _d, late: _l, ...rest }) => rest);

describe('Monitor engine', () => {
  it('a permute run alarms worse_than_base and its verdict says TBDL; a correct run does not alarm', () => {
    const out = feedAll(new Monitor(), [...runLines('permute', 1), ...runLines('correct', 2)]);
    const alarms = out.filter((l) => l.type === 'alarm');
    expect(new Set(alarms.map((a) => a.run))).toEqual(new Set(['permute-gemma-2-9b-it-s1']));
    expect(alarms.map((a) => a.alarm)).toContain('worse_than_base');
    const verdicts = out.filter((l) => l.type === 'verdict');
    expect(verdicts).toHaveLength(2);
    expect(verdicts[0]).toMatchObject({ run: 'permute-gemma-2-9b-it-s1', tbdl: true });
    expect(verdicts[0]!.alarm).not.toBeNull();
    expect(verdicts[1]).toMatchObject({ tbdl: false, alarm: null });
  });

  it('interleaved runs give the same per-run lines as the runs fed one after another', () => {
    const a = runLines('permute', 1), b = runLines('noise', 2), c = runLines('correct', 3);
    const seq = decided(feedAll(new Monitor(), [...a, ...b, ...c]));
    const mixed = decided(feedAll(new Monitor(), fleet(0).concat(
      a.flatMap((l, i) => [l, b[i], c[i]].filter((x): x is string => x !== undefined)),
      b.slice(a.length), c.slice(a.length),
    )));
    const byRun = (o: OutputLine[]) => [...o].sort((x, y) => String(x.run).localeCompare(String(y.run)) || x.type.localeCompare(y.type));
    expect(byRun(mixed)).toEqual(byRun(seq));
  });

  it('duplicated and replayed events never change the evidence or the lines', () => {
    const lines = runLines('permute', 4);
    const once = decided(feedAll(new Monitor(), lines));
    // every line delivered twice, and the whole stream replayed once more
    const twice = new Monitor();
    const out = feedAll(twice, [...lines.flatMap((l) => [l, l]), ...lines]);
    expect(evidence(out)).toEqual(evidence(once));
    const c = twice.sourceCounts('t.jsonl');
    // counted: every repeated probe / eval / run / end line, and every line after the verdict
    // (repeated train steps are idempotent folds in the detector and are not counted)
    const notTrain = lines.filter((l) => !l.includes('"type":"train"')).length;
    expect(c.duplicates).toBe(notTrain + lines.length);
  });

  it('rejects garbage with line number and field path and keeps going', () => {
    const lines = ['{not json', '[]', '{"v":1,"type":"probe","run":"x","step":1,"seq":1,"items":[{"id":"1","base":true,"model":"yes"}]}',
      '{"v":1,"type":"mystery","run":"x"}', '{"v":2,"type":"run"}', ...runLines('correct', 5)];
    const m = new Monitor();
    const out = feedAll(m, lines);
    const rej = out.filter((l) => l.type === 'rejected');
    expect(rej.map((r) => r.line)).toEqual([1, 2, 3, 5]);
    expect(rej[2]!.reason).toMatch(/^probe\.items\[0\]\.model: /);
    expect(rej[2]).toMatchObject({ file: 't.jsonl' });
    expect(m.sourceCounts('t.jsonl')).toMatchObject({ rejected: 4, unknown_types: 1 });
    expect(out.filter((l) => l.type === 'verdict')).toHaveLength(1);
  });

  it('buffers events that arrive before their run event, bounded, and rejects the rest with a reason', () => {
    const lines = runLines('permute', 6);
    const reordered = [...lines.slice(1, 6), lines[0]!, ...lines.slice(6)];
    expect(decided(feedAll(new Monitor(), reordered))).toEqual(decided(feedAll(new Monitor(), lines)));
    const held = new Monitor();
    lines.slice(1, 4).forEach((l, i) => held.feed(l, i + 11, 'f'));
    expect(held.pendingFloor('f')).toBe(11); // a durable offset must stay below line 11
    held.feed(lines[0]!, 20, 'f');
    expect(held.pendingFloor('f')).toBeUndefined();
    const small = new Monitor({ maxPendingPerRun: 2 });
    const out = feedAll(small, lines.slice(1, 5));
    const rej = out.filter((l) => l.type === 'rejected');
    expect(rej[0]!.reason).toMatch(/has no run event yet \(buffer of 2 events full\)/);
    expect(rej.at(-1)!.reason).toMatch(/never sent a run event \(2 events dropped\)/);
  });

  it('says so when a run sent no probe data, and applies the monitor override (verdict names the source)', () => {
    const lines = runLines('correct', 7).filter((l) => !l.includes('"type":"probe"'));
    const out = feedAll(new Monitor({ override: { margin: 0.2 } }), lines);
    expect(out.find((l) => l.type === 'notice')).toMatchObject({ code: 'no_probe_data' });
    expect(out.find((l) => l.type === 'verdict')).toMatchObject({ design_source: 'override', no_probe_data: true });
  });

  it('restores from records and continues exactly as an uninterrupted monitor', () => {
    const lines = fleet(3);
    const whole = decided(feedAll(new Monitor(), lines));
    const first = new Monitor();
    const head: OutputLine[] = [];
    lines.slice(0, 200).forEach((l, i) => head.push(...first.feed(l, i + 1, 't.jsonl')));
    const recs = JSON.parse(JSON.stringify(first.takeDirty())) as ReturnType<Monitor['takeDirty']>;
    const second = new Monitor();
    second.restore(recs);
    const tail: OutputLine[] = [];
    lines.slice(150).forEach((l, i) => tail.push(...second.feed(l, i + 151, 't.jsonl')));
    tail.push(...second.finish());
    expect(decided([...head, ...tail])).toEqual(whole);
  });

  it('skips whitespace-only lines (the String#trim set, Unicode spaces included) but parses every other line', () => {
    const m = new Monitor();
    const blanks = ['', ' ', '\t \r', '\u00a0\u2003', '\ufeff '];
    const out = feedAll(m, [...blanks, ' {"v":1}', '\u00a0{not json']);
    expect(out.filter((l) => l.type === 'rejected').map((r) => r.line)).toEqual([6, 7]);
    expect(m.sourceCounts('t.jsonl')).toMatchObject({ lines: 7, rejected: 2, events: 0 });
  });

  it('keeps separate counters per source when lines of several sources interleave', () => {
    const m = new Monitor();
    const bad = ['{', '[]', '{"v":2}'];
    bad.forEach((l, i) => { m.feed(l, i + 1, 'a.jsonl'); m.feed(l, i + 1, 'b.jsonl'); m.feed(l, i + 1, 'a.jsonl'); });
    m.feed('{"v":1,"type":"mystery"}', 9, 'b.jsonl');
    expect(m.sourceCounts('a.jsonl')).toMatchObject({ lines: 6, rejected: 6, unknown_types: 0 });
    expect(m.sourceCounts('b.jsonl')).toMatchObject({ lines: 4, rejected: 3, unknown_types: 1 });
    expect([...m.allCounts().keys()]).toEqual(['a.jsonl', 'b.jsonl']);
  });
});
