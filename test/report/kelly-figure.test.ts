import { describe, expect, it } from 'vitest';
import { kellyDelayFigure } from '../../src/analysis/figures/index.js';
import { validateSpec } from '../../src/report/validate.js';
import { renderSvg } from '../../src/report/render.js';
import { kellyDelayGrid } from '../../src/sim/kelly-delay.js';
import { createRng } from '../../src/rng.js';

describe('kellyDelayFigure', () => {
  const rows = kellyDelayGrid({ rng: createRng(1), runs: 20, mu0s: [0.33], deltas: [0.05], sizes: [64], gaps: [0.08, 0.3] });
  it('is valid vega-lite, pure, one point per grid cell and method, ratio to the bound floored at one round', () => {
    expect(rows).toHaveLength(4);
    const spec = kellyDelayFigure(rows);
    expect(validateSpec(spec)).toEqual({ ok: true });
    expect(kellyDelayFigure(rows)).toEqual(spec);
    const values = (spec as unknown as { data: { values: { ratio: number; gap: number; method: string }[] } }).data.values;
    expect(values).toHaveLength(4);
    for (const [i, r] of rows.entries()) expect(values[i]!.ratio).toBeCloseTo(r.meanDelay / Math.max(1, r.kellyBound), 3);
    // the severe cell's bound is below one round: its ratio is the delay itself
    const severe = values.find((v) => v.gap === 0.3 && v.method === 'no prior')!;
    const severeRow = rows.find((r) => r.gap === 0.3 && r.method === 'no prior')!;
    expect(severeRow.kellyBound).toBeLessThan(1);
    expect(severe.ratio).toBeCloseTo(severeRow.meanDelay, 3);
    expect(severe.ratio).toBeGreaterThanOrEqual(2); // no prior: no bet in round 1
  });
  it('renders to SVG with text', async () => {
    expect(await renderSvg(kellyDelayFigure(rows))).toContain('<text');
  });
});
