import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import {
  detectorFigure, trapCatchFigure, arithmeticJudgmentFigure, forestFigure, pressureLadderFigure,
  stageHeatmapFigure, passKFigure, alarmStepHistogram, baselinesFigure, intervalFigure,
} from '../../src/analysis/figures/index.js';
import { validateSpec } from '../../src/report/validate.js';
import { renderSvg, svgToPng } from '../../src/report/render.js';
import * as s from './sample-rows.js';

const figures = {
  detector: () => detectorFigure({ correct: s.series('correct'), trapped: s.series('trapped'), alarmStep: 120, evalStep: 300, trappedLabel: 'permute run' }),
  catch: () => trapCatchFigure(s.trapRows),
  arith: () => arithmeticJudgmentFigure(s.arithRows),
  forest: () => forestFigure(s.forestRows, 'do(config) - control', 'paired'),
  ladder: () => pressureLadderFigure(s.ladderRows),
  heatmap: () => stageHeatmapFigure(s.heatRows),
  passk: () => passKFigure(s.passKRows),
  alarms: () => alarmStepHistogram(s.alarmRows, 300),
  baselines: () => baselinesFigure(s.ruleRows),
  intervals: () => intervalFigure(s.arithRows, 'Pass rates', 'method'),
};

describe('figure builders', () => {
  for (const [name, build] of Object.entries(figures)) {
    it(`${name}: valid vega-lite, pure, snapshotted`, () => {
      const spec = build();
      expect(validateSpec(spec)).toEqual({ ok: true });
      expect(build()).toEqual(spec); // pure: same rows, same spec
      expect(spec).toMatchSnapshot();
    });
  }

  it('the schema validator rejects a broken spec (negative control)', () => {
    const r = validateSpec({ mark: 'bars', encoding: { x: { field: 'a', type: 'nominal' } } });
    expect(r.ok).toBe(false);
  });

  it('renders every figure to SVG with visible text and to PNG', async () => {
    mkdirSync('test-output/figures', { recursive: true });
    for (const [name, build] of Object.entries(figures)) {
      const svg = await renderSvg(build());
      expect(svg).toContain('<text');
      const png = svgToPng(svg, 1);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      writeFileSync(`test-output/figures/${name}.png`, png);
    }
  });

  it('the detector figure marks the alarm before the held-out eval', () => {
    const spec = JSON.stringify(figures.detector());
    expect(spec).toContain('alarm (step 120)');
    expect(spec).toContain('held-out eval (step 300)');
  });
});
