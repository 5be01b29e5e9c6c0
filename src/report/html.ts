/**
 * The self-contained HTML report: one page, vega + vega-lite + vega-embed inlined from the
 * installed packages (no CDN, readable offline), the findings as prose, tables and figures.
 * Content is escaped; specs are embedded as JSON with `<` escaped so no data can close the script.
 */
import { readFileSync } from 'node:fs';
import type { TopLevelSpec } from 'vega-lite';
import { packageFile } from './pkgfile.js';

/** A table as the report shows it. */
export interface ReportTable {
  title: string;
  columns: readonly string[];
  rows: ReadonlyArray<Record<string, unknown>>;
  notes?: readonly string[];
}

/** A figure: an id (used as the DOM id), a spec and a caption. */
export interface ReportFigure {
  id: string;
  spec: TopLevelSpec;
  caption: string;
}

/** A section of the report (one finding). */
export interface ReportSection {
  id: string;
  title: string;
  lead: string;
  figures: readonly ReportFigure[];
  tables: readonly ReportTable[];
}

/** The whole report. */
export interface ReportDoc {
  title: string;
  subtitle: string;
  meta: ReadonlyArray<[string, string]>;
  /** Headline numbers shown as cards above the findings (optional). */
  keyNumbers?: ReadonlyArray<{ finding: string; value: string; label: string; detail: string }>;
  sections: readonly ReportSection[];
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '—'; // NaN (e.g. a median over no alarms) reads as "no value", like null
    if (Number.isInteger(v)) return String(v);
    return v > 0 && v < 0.0005 ? '<0.001' : v.toFixed(3); // a tiny p-value is not 0.000
  }
  if (typeof v === 'bigint') return v.toString();
  return String(v);
}

/** A column name as a header: breakable after each underscore, so headers wrap instead of widening the table. */
function headHtml(c: string): string {
  return escapeHtml(c).replaceAll('_', '_<wbr>');
}

function tableHtml(t: ReportTable): string {
  const head = t.columns.map((c) => `<th>${headHtml(c)}</th>`).join('');
  // text longer than a short label wraps inside its cell (class "t"): nothing is cut off or hidden
  const body = t.rows.map((r) => `<tr>${t.columns.map((c) => { const v = cell(r[c]); return v.length > 16 && !/^[-+<0-9.e/ ]+$/.test(v) ? `<td class="t">${escapeHtml(v)}</td>` : `<td>${escapeHtml(v)}</td>`; }).join('')}</tr>`).join('\n');
  const notes = (t.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('');
  return `<div class="table"><h4>${escapeHtml(t.title)}</h4><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${notes}</div>`;
}

const STYLE = `body{font-family:'DejaVu Sans',system-ui,sans-serif;max-width:1320px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{margin-bottom:.1em}.sub{color:#555;margin-top:0}section{margin:2.5em 0;border-top:1px solid #ddd;padding-top:1em}
.meta{font-size:.85em;color:#444;border-collapse:collapse}.meta td{padding:.1em .8em .1em 0;border:none;text-align:left;white-space:normal;vertical-align:top}
.figure{margin:1.2em 0}.caption{font-size:.9em;color:#444}table{border-collapse:collapse;font-size:.78em;margin:.5em 0;max-width:100%}
th,td{border:1px solid #ddd;padding:.2em .4em;text-align:right;white-space:nowrap}th{background:#f5f5f5;white-space:normal;vertical-align:bottom;min-width:3.5em;font-weight:600}
td.t{white-space:normal;text-align:left;min-width:9em}td:first-child,th:first-child{text-align:left}
.chart svg{max-width:100%;height:auto}
@media (max-width:900px){body{font-size:.92em}table{font-size:.72em}th,td{padding:.15em .25em}}
.cards{display:flex;flex-wrap:wrap;gap:1em;margin:1.5em 0}.card{flex:1 1 230px;border:1px solid #ddd;border-radius:6px;padding:.8em 1em;background:#fafafa}
.card .v{font-size:1.7em;font-weight:bold;color:#b2182b}.card .l{font-size:.95em;margin:.2em 0}.card .d{font-size:.78em;color:#555}.card .f{font-size:.75em;color:#888;text-transform:uppercase}
.note{font-size:.8em;color:#555;margin:.2em 0}.table{overflow-x:auto;margin:1em 0}nav a{margin-right:1em}`;

/**
 * A figure's pre-rendered SVG (vega's own renderer, at write time) for readers without
 * JavaScript; the script replaces it with the interactive chart. Ids inside the SVG (clip paths,
 * gradients) are prefixed with the figure id so several inline SVGs never resolve each other's
 * references; any script or event attribute is dropped.
 */
function staticSvg(id: string, svg: string | undefined): string {
  if (svg === undefined || !/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(svg)) return '';
  const p = `s-${id.replace(/[^A-Za-z0-9_-]/g, '_')}-`;
  const clean = svg.replace(/^\s*<\?xml[^>]*>\s*/, '')
    .replace(/<script[\s\S]*?<\/script>/gi, '')
    .replace(/\son[a-z]+="[^"]*"/gi, '')
    .replace(/\bid="([^"]+)"/g, (_m, x: string) => `id="${p}${x}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, x: string) => `url(#${p}${x})`)
    .replace(/href="#([^"]+)"/g, (_m, x: string) => `href="#${p}${x}"`);
  return `<div class="static" role="img" aria-label="${escapeHtml(id)}">${clean}</div>`;
}

/**
 * Renders the report to one HTML string with every script inlined. With `opts.svgs` (figure id ->
 * SVG) each figure is also embedded as static SVG, so the page shows its figures with JavaScript
 * off; with JavaScript on, vega-embed draws the interactive chart and removes the static copy.
 * @throws Error `package_file_missing` when vega bundles are not installed.
 */
export function renderReportHtml(doc: ReportDoc, opts: { svgs?: Readonly<Record<string, string>> } = {}): string {
  const lib = (pkg: string, rel: string) => readFileSync(packageFile(pkg, rel), 'utf8').replace(/<\/script/gi, '<\\/script');
  const scripts = [lib('vega', 'build/vega.min.js'), lib('vega-lite', 'build/vega-lite.min.js'), lib('vega-embed', 'build/vega-embed.min.js')];
  const figures = doc.sections.flatMap((s) => s.figures);
  const specs = JSON.stringify(Object.fromEntries(figures.map((f) => [f.id, f.spec]))).replace(/</g, '\\u003c');
  const nav = doc.sections.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`).join('');
  const sections = doc.sections.map((s) => `<section id="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2><p>${escapeHtml(s.lead)}</p>
${s.figures.map((f) => `<div class="figure"><div id="fig-${escapeHtml(f.id)}" class="chart" data-fig="${escapeHtml(f.id)}">${staticSvg(f.id, opts.svgs?.[f.id])}</div><p class="caption">${escapeHtml(f.caption)}</p></div>`).join('\n')}
${s.tables.map(tableHtml).join('\n')}</section>`).join('\n');
  const cards = (doc.keyNumbers ?? []).map((k) => `<div class="card"><div class="f">finding ${escapeHtml(k.finding)}</div><div class="v">${escapeHtml(k.value)}</div><div class="l">${escapeHtml(k.label)}</div><div class="d">${escapeHtml(k.detail)}</div></div>`).join('');
  const meta = doc.meta.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(doc.title)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:">
<style>${STYLE}</style>
${scripts.map((s) => `<script>${s}</script>`).join('\n')}
</head><body><h1>${escapeHtml(doc.title)}</h1><p class="sub">${escapeHtml(doc.subtitle)}</p>${cards ? `<div class="cards">${cards}</div>` : ''}<table class="meta">${meta}</table><nav>${nav}</nav>
${sections}
<script>
(function(){var specs=${specs};var ids=Object.keys(specs);window.__tbdl={total:ids.length,rendered:0,errors:[]};
ids.forEach(function(id){var el=document.getElementById('fig-'+id);var live=document.createElement('div');el.appendChild(live);
vegaEmbed(live,specs[id],{renderer:'svg',actions:false,loader:{load:function(u){return Promise.reject(new Error('no network: '+u));}}})
.then(function(){var st=el.querySelector('.static');if(st)st.remove();window.__tbdl.rendered++;}).catch(function(e){live.remove();window.__tbdl.errors.push(id+': '+e.message);});});})();
</script></body></html>`;
}
