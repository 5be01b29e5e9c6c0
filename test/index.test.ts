import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { generate } from '../scripts/gen-index.js';
import * as api from '../src/index.js';

describe('src/index.ts (the public API by name)', () => {
  it('lists every public name of every part, with no export *', () => {
    const current = readFileSync('src/index.ts', 'utf8');
    expect(current).not.toMatch(/export \*/);
    expect(current).toBe(generate()); // stale when a part adds an export: run npx tsx scripts/gen-index.ts
  });
  it('exposes the entry points of each part', () => {
    for (const name of ['createRng', 'design', 'bettingInit', 'detectorInit', 'detectorApply', 'parseLine', 'scoreEpisode', 'analyzeResults', 'detectorFigure', 'renderReportHtml']) {
      expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
