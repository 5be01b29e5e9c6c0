/** Writes a built report to disk: index.html (self-contained) and every figure as vega-lite JSON,
 * SVG and PNG (rendered without a browser). Every spec is validated against vega-lite's schema first. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReportHtml } from './html.js';
import type { BuiltReport } from './build.js';
import { renderSvg, svgToPng } from './render.js';
import { validateSpec } from './validate.js';

/** Paths written by {@link writeReport}. */
export interface WrittenReport { html: string; figures: string[] }

/**
 * Writes the report under `outDir`.
 * @param onProgress called once per figure rendered (for the CLI's progress line).
 * @throws Error `invalid_spec` naming the figure and the schema error.
 */
export async function writeReport(built: BuiltReport, outDir: string, opts: { png?: boolean; onProgress?: (done: number, total: number, id: string) => void } = {}): Promise<WrittenReport> {
  const figDir = join(outDir, 'figures');
  mkdirSync(figDir, { recursive: true });
  const written: string[] = [];
  const svgs: Record<string, string> = {};
  let done = 0;
  for (const f of built.figures) {
    const v = validateSpec(f.spec);
    if (!v.ok) throw Object.assign(new Error(`invalid_spec: figure ${f.id}: ${v.errors.join('; ')}`), { code: 'invalid_spec' });
    const base = join(figDir, f.id);
    writeFileSync(`${base}.vl.json`, JSON.stringify(f.spec, null, 1));
    const svg = await renderSvg(f.spec);
    writeFileSync(`${base}.svg`, svg);
    svgs[f.id] = svg;
    written.push(`${base}.svg`);
    if (opts.png !== false) { writeFileSync(`${base}.png`, svgToPng(svg)); written.push(`${base}.png`); }
    opts.onProgress?.(++done, built.figures.length, f.id);
  }
  const html = join(outDir, 'index.html');
  writeFileSync(html, renderReportHtml(built.doc, { svgs })); // figures embedded as SVG too: readable with JavaScript off
  return { html, figures: written };
}
