/** Figure builders: pure functions from aggregated rows to vega-lite specs (no I/O, no statistics). */
export { detectorFigure } from './detector.js';
export type { DetectorFigureInput } from './detector.js';
export { trapCatchFigure } from './catch.js';
export { intervalFigure, arithmeticJudgmentFigure, forestFigure } from './intervals.js';
export { pressureLadderFigure } from './ladder.js';
export { stageHeatmapFigure } from './heatmap.js';
export { passKFigure } from './passk.js';
export { alarmStepHistogram, baselinesFigure } from './alarms.js';
export { kellyDelayFigure } from './kelly.js';
export type { KellyDelayRow } from './kelly.js';
export { VL_SCHEMA, FIGURE_CONFIG, round, roundRows } from './common.js';
export type { SeriesRow, IntervalRow, TrapCatchRow, LadderRow, HeatRow, PassKRow, AlarmStepRow, RuleFireRow, ForestRow } from './types.js';
