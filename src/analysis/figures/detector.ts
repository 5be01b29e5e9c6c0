/**
 * The detector figure (analysis.md, "the detector figure"): the train loss of a correct run and a
 * trapped run falling together, while the trapped run's log e-value crosses its threshold long
 * before the held-out eval; below, the confidence sequence of probe accuracy against the base.
 */
import type { TopLevelSpec } from 'vega-lite';
import { roundRows, topLevel } from './common.js';
import type { SeriesRow } from './types.js';

/** Inputs of {@link detectorFigure}. */
export interface DetectorFigureInput {
  correct: readonly SeriesRow[];
  trapped: readonly SeriesRow[];
  /** First alarm step of the trapped run (null: none). */
  alarmStep: number | null;
  /** Step of the held-out evaluation (the end of the run). */
  evalStep: number;
  correctLabel?: string;
  trappedLabel?: string;
}

/**
 * Builds the three-panel detector figure as a vega-lite spec (vconcat sharing the step axis).
 * @returns a vega-lite TopLevelSpec with inline, rounded data.
 * @example detectorFigure({ correct, trapped, alarmStep: 60, evalStep: 300 })
 */
export function detectorFigure(input: DetectorFigureInput): TopLevelSpec {
  const cl = input.correctLabel ?? 'correct run';
  const tl = input.trappedLabel ?? 'trapped run';
  const tag = (rows: readonly SeriesRow[], label: string) => roundRows(rows.map((r) => ({ ...r, label })));
  const all = [...tag(input.correct, cl), ...tag(input.trapped, tl)];
  const loss = all.filter((r) => r.loss != null);
  const probe = all.filter((r) => r.probe_accuracy != null);
  const evidence = tag(input.trapped, tl).filter((r) => r.log_e_a != null)
    .flatMap((r) => [
      { step: r.step, value: r.log_e_a, which: 'A: worse than base' },
      ...(r.log_e_b != null ? [{ step: r.step, value: r.log_e_b, which: 'B: not learned' }] : []),
    ]);
  const thresholds = input.trapped.find((r) => r.threshold_a != null);
  const marks = [
    ...(input.alarmStep != null ? [{ step: input.alarmStep, what: `alarm (step ${input.alarmStep})` }] : []),
    { step: input.evalStep, what: `held-out eval (step ${input.evalStep})` },
  ];
  const base = input.trapped.find((r) => r.base_accuracy != null)?.base_accuracy ?? null;
  const x = { field: 'step', type: 'quantitative', title: 'training step', scale: { domain: [0, input.evalStep] } };
  const color = { field: 'label', type: 'nominal', title: null, scale: { domain: [cl, tl], range: ['#1b7837', '#b2182b'] } };
  const ruleLayer = { data: { values: marks }, mark: { type: 'rule', strokeDash: [4, 3], color: '#444' }, encoding: { x: { field: 'step', type: 'quantitative' } } };
  const ruleText = { data: { values: marks }, mark: { type: 'text', align: 'left', dx: 3, dy: -4, fontSize: 10, color: '#444' }, encoding: { x: { field: 'step', type: 'quantitative' }, y: { value: 8 }, text: { field: 'what' } } };
  return topLevel('Trains but does not learn: the loss is green, the e-process is not',
    'Train loss falls alike; the trapped run\'s evidence crosses its threshold long before the held-out eval.', {
      vconcat: [
        {
          width: 560, height: 150, title: 'train loss',
          layer: [
            { data: { values: loss }, mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y: { field: 'loss', type: 'quantitative', title: 'loss' }, color } },
            ruleLayer, ruleText,
          ],
        },
        {
          width: 560, height: 150, title: `log e-value, ${tl}: alarm when it crosses its threshold`,
          layer: [
            { data: { values: evidence }, mark: { type: 'line', point: true }, encoding: { x, y: { field: 'value', type: 'quantitative', title: 'log e-value (symlog scale)', scale: { type: 'symlog' } }, strokeDash: { field: 'which', type: 'nominal', title: null }, color: { value: '#b2182b' } } },
            ...(thresholds?.threshold_a != null ? [{ data: { values: [{ t: thresholds.threshold_a, name: `threshold A = log(1/alpha_A) = ${thresholds.threshold_a.toFixed(2)}` }] }, mark: { type: 'rule', color: '#000' }, encoding: { y: { field: 't', type: 'quantitative' } } },
              { data: { values: [{ t: thresholds.threshold_a, name: `threshold ${thresholds.threshold_a.toFixed(2)}` }] }, mark: { type: 'text', align: 'left', dy: -6, x: 4, fontSize: 10 }, encoding: { y: { field: 't', type: 'quantitative' }, text: { field: 'name' } } }] : []),
            ruleLayer,
          ],
        },
        {
          width: 560, height: 150, title: 'probe accuracy with its confidence sequence, against the base',
          layer: [
            { data: { values: probe.filter((r) => r.cs_lower != null) }, mark: { type: 'area', opacity: 0.2 }, encoding: { x, y: { field: 'cs_lower', type: 'quantitative', title: 'probe accuracy', scale: { domain: [0, 1] } }, y2: { field: 'cs_upper' }, color } },
            { data: { values: probe }, mark: { type: 'line', point: { size: 12 } }, encoding: { x, y: { field: 'probe_accuracy', type: 'quantitative' }, color } },
            ...(base != null ? [{ data: { values: [{ b: base, name: `base accuracy ${base.toFixed(3)}` }] }, mark: { type: 'rule', color: '#000', strokeDash: [2, 2] }, encoding: { y: { field: 'b', type: 'quantitative' } } },
              { data: { values: [{ b: base, name: `base ${base.toFixed(3)}` }] }, mark: { type: 'text', align: 'left', dy: -6, x: 4, fontSize: 10 }, encoding: { y: { field: 'b', type: 'quantitative' }, text: { field: 'name' } } }] : []),
            ruleLayer,
          ],
        },
      ],
      resolve: { scale: { color: 'shared' } },
    });
}
