/**
 * QA regressions for what a reader sees in the report: no "NaN" in a table, no "0.000" for a
 * tiny p-value, and a headline false-alarm card that counts every run that learned (a trap arm's
 * learned runs included) so it agrees with the detector's count in the text.
 */
import { describe, it, expect } from 'vitest';
import { renderReportHtml } from '../../src/report/html.js';
import { keyNumbers } from '../../src/report/summary.js';
import type { AnalysisTable } from '../../src/analysis/index.js';

describe('report tables', () => {
  it('render NaN as a dash and a tiny positive number as <0.001', () => {
    const html = renderReportHtml({
      title: 't', subtitle: 's', meta: [],
      sections: [{ id: 'x', title: 'X', lead: 'l', figures: [],
        tables: [{ title: 'T', columns: ['median_step', 'p', 'q', 'n'], rows: [{ median_step: Number.NaN, p: 1e-9, q: 0.5, n: 3 }] }] }],
    });
    const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
    expect(body).not.toContain('NaN');
    expect(body).toContain('<td>—</td>');
    expect(body).toContain('&lt;0.001');
    expect(body).toContain('<td>0.500</td>');
  });
});

describe('key-number cards', () => {
  it('count false alarms over every arm with learned runs', () => {
    const row = (arm: string, tbdl: number, fk: number, fn: number) => ({
      arm, base: '(all bases)', tbdl, caught_k: tbdl, caught_n: tbdl, caught_kn: `${tbdl}/${tbdl}`, usd_saved: 0,
      false_alarm_k: fk, false_alarm_n: fn, false_alarm_kn: `${fk}/${fn}`, false_alarm_upper95_one_sided: 0.2,
    });
    const trap = { name: 'trap_base', rows: [row('correct', 0, 0, 15), row('noise', 13, 1, 2), row('permute', 15, 0, 0)] } as unknown as AnalysisTable;
    const cards = keyNumbers((n) => (n === 'trap_base' ? trap : undefined));
    const fa = cards.find((c) => c.label.startsWith('false alarms'));
    expect(fa?.value).toBe('1/17');
    expect(fa?.label).toContain('noise');
  });
});
