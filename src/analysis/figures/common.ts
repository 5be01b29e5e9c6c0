/** Shared pieces of every tbdl figure: the schema URL, one config (DejaVu fonts, so resvg and
 * browsers draw the same text), and number rounding for stable snapshots. */
import type { TopLevelSpec, Config } from 'vega-lite';

/** The vega-lite schema every spec declares. */
export const VL_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** One visual voice for all figures. */
export const FIGURE_CONFIG: Config = {
  font: 'DejaVu Sans',
  title: { fontSize: 15, anchor: 'start', subtitleFontSize: 12, subtitleColor: '#555' },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320 },
  view: { stroke: null },
};

/** Rounds a number to `digits` significant decimals so specs snapshot stably. */
export function round(x: number, digits = 4): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Rounds every finite number in plain rows. */
export function roundRows<T extends object>(rows: readonly T[], digits = 4): T[] {
  return rows.map((r) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) o[k] = typeof v === 'number' ? round(v, digits) : v;
    return o as T;
  });
}

/** Wraps a spec body with the schema, config and a title/subtitle. */
export function topLevel(title: string, subtitle: string, body: Record<string, unknown>): TopLevelSpec {
  return { $schema: VL_SCHEMA, title: { text: title, subtitle }, config: FIGURE_CONFIG, ...body } as TopLevelSpec;
}
