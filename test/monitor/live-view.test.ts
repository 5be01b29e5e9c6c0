import { describe, expect, it } from 'vitest';
import { LiveView } from '../../src/monitor/index.js';

function sink(isTTY: boolean) {
  const out: string[] = [];
  return { out, s: { write: (t: string) => { out.push(t); }, isTTY } };
}

describe('LiveView off a terminal', () => {
  it('prints plain progress lines for a long replay, at most one per interval, and a final table', () => {
    let t = 0;
    const { out, s } = sink(false);
    const v = new LiveView(s, () => [], () => t, 100, 5000);
    for (let i = 1; i <= 100; i++) { t = i * 200; v.tick(`${i}% read`); } // 20 s of replay
    const progress = out.filter((l) => l.startsWith('progress:'));
    expect(progress.length).toBe(4); // at 5 s, 10 s, 15 s, 20 s
    expect(progress[0]).toBe('progress: 25% read\n');
    expect(out.join('')).not.toContain('\u001b['); // no cursor movement off a terminal
    v.close();
    expect(out[out.length - 1]).toContain('100% read');
  });
  it('a short replay prints no progress line at all', () => {
    let t = 0;
    const { out, s } = sink(false);
    const v = new LiveView(s, () => [], () => t);
    for (let i = 1; i <= 10; i++) { t = i * 100; v.tick(`${i * 10}%`); }
    expect(out.filter((l) => l.startsWith('progress:'))).toEqual([]);
  });
});
