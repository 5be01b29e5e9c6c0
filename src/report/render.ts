/**
 * Renders a vega-lite spec without a browser: vega-lite compile -> vega View (renderer 'none')
 * -> SVG string -> PNG through resvg with the installed DejaVu fonts (resvg draws no text
 * without font files).
 */
import * as vl from 'vega-lite';
import * as vega from 'vega';
import { Resvg } from '@resvg/resvg-js';
import { existsSync } from 'node:fs';
import type { TopLevelSpec } from 'vega-lite';

/** Font files handed to resvg (Debian's fonts-dejavu-core). */
export const FONT_FILES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
] as const;

/** Compiles a vega-lite spec and renders it to an SVG string (no browser, no network loader). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = vl.compile(spec).spec;
  const loader = vega.loader({ mode: 'file' });
  loader.load = async (uri: string) => { throw new Error(`figure tried to load ${uri}: figures carry inline data only`); };
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Renders an SVG string to PNG with resvg at `scale` (default 2, for crisp text).
 * @throws Error `fonts_missing` when the DejaVu fonts are not installed (text would be blank).
 */
export function svgToPng(svg: string, scale = 2): Buffer {
  const fonts = FONT_FILES.filter((f) => existsSync(f));
  if (fonts.length === 0) throw Object.assign(new Error(`fonts_missing: none of ${FONT_FILES.join(', ')} exists (install fonts-dejavu-core)`), { code: 'fonts_missing' });
  const r = new Resvg(svg, {
    font: { fontFiles: [...fonts], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
  });
  return r.render().asPng();
}

/** Renders a spec straight to PNG bytes. */
export async function renderPng(spec: TopLevelSpec, scale = 2): Promise<Buffer> {
  return svgToPng(await renderSvg(spec), scale);
}
