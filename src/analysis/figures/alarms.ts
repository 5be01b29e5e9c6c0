/** Alarm-step histogram and the baselines-vs-detector comparison. */
import type { TopLevelSpec } from 'vega-lite';
import { roundRows, topLevel } from './common.js';
import type { AlarmStepRow, RuleFireRow } from './types.js';

/** Histogram of first-alarm steps, coloured by arm. @param planSteps the planned run length. */
export function alarmStepHistogram(rows: readonly AlarmStepRow[], planSteps: number): TopLevelSpec {
  return topLevel('When the alarm fires', `First alarm step per run (planned run length ${planSteps} steps; the held-out eval comes at the end).`, {
    data: { values: roundRows(rows) },
    width: 420,
    height: 200,
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'alarm_step', type: 'quantitative', bin: { step: Math.max(10, Math.round(planSteps / 20)), extent: [0, planSteps] }, title: 'first alarm step', scale: { domain: [0, planSteps] } },
      y: { aggregate: 'count', type: 'quantitative', title: 'runs', axis: { tickMinStep: 1 } },
      color: { field: 'arm', type: 'nominal', title: null },
    },
  });
}

/** Heatmap of how often each rule fired on each arm (the detector beside the in-process rules). */
export function baselinesFigure(rows: readonly RuleFireRow[]): TopLevelSpec {
  const values = roundRows(rows).map((r) => ({ ...r, rate: r.runs > 0 ? r.fired / r.runs : 0, label: `${r.fired}/${r.runs}` }));
  return topLevel('In-process rules cannot tell a trap from a healthy run', 'Share of runs on which each rule fired (k/n in the cell); on runs that learned, any firing is a false alarm.', {
    data: { values },
    width: { step: 130 },
    height: { step: 24 },
    encoding: {
      x: { field: 'arm', type: 'nominal', title: null, sort: null, axis: { labelAngle: 0, grid: false, labelLimit: 130, orient: 'top' } },
      y: { field: 'rule', type: 'nominal', title: null, sort: null, axis: { grid: false, labelLimit: 260 } },
    },
    layer: [
      { mark: { type: 'rect' }, encoding: { color: { field: 'rate', type: 'quantitative', title: 'fired', scale: { domain: [0, 1], scheme: 'blues' } } } },
      { mark: { type: 'text', fontSize: 10 }, encoding: { text: { field: 'label' }, color: { condition: { test: 'datum.rate > 0.6', value: 'white' }, value: '#111' } } },
    ],
  });
}
