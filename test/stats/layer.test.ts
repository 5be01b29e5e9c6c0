import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { binomCdf, clopperPearsonBounds, logBinomHalfUpper, marginExactTest, mcnemarLogP, tangoInterval } from '../../src/stats/index.js';
import { clopperPearson } from '../../src/analysis/clopper-pearson.js';
import { pairedDiffInterval } from '../../src/analysis/paired-diff.js';
import { mcnemarTest } from '../../src/analysis/mcnemar.js';
import { clopperPearson as detectorCP, mcnemarExact } from '../../src/detector/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const importsOf = (dir: string): [string, string][] => readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .flatMap((f) => [...readFileSync(join(ROOT, dir, f), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => [f, m[1] as string] as [string, string]));

describe('the src/stats layer', () => {
  it('imports nothing outside itself (no DuckDB, no I/O, no other part)', () => {
    for (const [f, spec] of importsOf('src/stats')) expect(spec, `src/stats/${f}`).toMatch(/^\.\/[a-z-]+\.js$/);
  });
  it('the detector never imports the analysis, nor the analysis the detector (no import circle through the kernels)', () => {
    for (const [f, spec] of importsOf('src/detector')) expect(spec, `src/detector/${f}`).not.toMatch(/analysis\//);
    for (const [f, spec] of importsOf('src/analysis')) expect(spec, `src/analysis/${f}`).not.toMatch(/detector\//);
  });
  it('the analysis and detector wrappers give the kernels\' numbers (one implementation each)', () => {
    expect(clopperPearson(7, 40, 0.05)).toMatchObject(clopperPearsonBounds(7, 40, 0.05));
    expect(detectorCP(7, 40, 0.05)).toEqual(clopperPearsonBounds(7, 40, 0.05));
    expect(pairedDiffInterval({ b: 12, c: 2, n: 50 }, 0.1)).toMatchObject(tangoInterval({ b: 12, c: 2, n: 50 }, 0.1));
    expect(mcnemarExact({ b: 12, c: 3 }).logP).toBe(mcnemarLogP(12, 3, 'greater', false));
    expect(mcnemarTest({ b: 9, c: 1 }, { alternative: 'greater' }).p).toBe(Math.exp(mcnemarLogP(9, 1, 'greater', false)));
    expect(Math.exp(logBinomHalfUpper(12, 15))).toBeCloseTo(0.0176, 4);
    expect(binomCdf(0, 2, 0.5)).toBeCloseTo(0.25, 15);
  });
  it('marginExactTest: no discordant pairs gives p = 1; a clear gain rejects; p includes gamma', () => {
    expect(marginExactTest({ b: 0, c: 0, n: 100 }, 0.05, 0.05).p).toBe(1);
    const r = marginExactTest({ b: 60, c: 15, n: 300 }, 0.05, 0.05);
    expect(r.p).toBeLessThan(0.05);
    expect(r.p).toBeGreaterThanOrEqual(r.gamma);
    expect(marginExactTest({ b: 20, c: 15, n: 300 }, 0.05, 0.05).p).toBeGreaterThan(0.05);
  });
});
