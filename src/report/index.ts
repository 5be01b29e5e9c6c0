/** Public API of src/report: browserless rendering, schema validation, the HTML report and its builder. */
export { renderSvg, svgToPng, renderPng, FONT_FILES } from './render.js';
export { validateSpec } from './validate.js';
export type { SpecValidation } from './validate.js';
export { renderReportHtml, escapeHtml } from './html.js';
export type { ReportDoc, ReportSection, ReportFigure, ReportTable } from './html.js';
export { buildReport } from './build.js';
export type { BuiltReport } from './build.js';
export { writeReport } from './write.js';
export type { WrittenReport } from './write.js';
export { trapCatchRows, ruleFireRows, arithJudgmentRows, doForestRows, ladderRows, heatRows, passKRows, alarmStepRows } from './rows.js';
export { detectorPair, leadFinding1, leadFinding2, leadFinding3 } from './leads.js';
export type { DetectorPair } from './leads.js';
export { keyNumbers } from './summary.js';
export type { KeyNumber } from './summary.js';
