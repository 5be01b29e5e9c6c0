import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderReportHtml, escapeHtml } from '../../src/report/html.js';
import { detectorFigure, trapCatchFigure, pressureLadderFigure } from '../../src/analysis/figures/index.js';
import * as s from './sample-rows.js';
import { checkReport } from './browser.js';

describe('self-contained HTML report', () => {
  it('escapes hostile text', () => {
    expect(escapeHtml('<script>"x" & \'y\'</script>')).toBe('&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;');
  });

  it('renders every chart in headless Chromium with no request leaving the machine', async () => {
    const html = renderReportHtml({
      title: 'tbdl sample report', subtitle: 'figure smoke test', meta: [['seed', '1']],
      sections: [{
        id: 'f1', title: 'Finding 1', lead: 'A run that </script><b>trains</b> but does not learn.',
        figures: [
          { id: 'detector', spec: detectorFigure({ correct: s.series('correct'), trapped: s.series('trapped'), alarmStep: 120, evalStep: 300 }), caption: 'detector' },
          { id: 'catch', spec: trapCatchFigure(s.trapRows), caption: 'catch' },
          { id: 'ladder', spec: pressureLadderFigure(s.ladderRows), caption: 'ladder' },
        ],
        tables: [{ title: 'T', columns: ['a', 'b'], rows: [{ a: 'x<y', b: 0.12345 }] }],
      }],
    });
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).toContain('A run that &lt;/script&gt;&lt;b&gt;trains');
    mkdirSync('test-output/report-smoke', { recursive: true });
    const path = resolve('test-output/report-smoke/index.html');
    writeFileSync(path, html);
    const r = await checkReport(path, resolve('test-output/report-smoke/screenshot.png'));
    expect(r.errors).toEqual([]);
    expect(r.rendered).toBe(3);
    expect(r.chartsWithSvg).toBe(3);
    expect(r.offMachineRequests).toEqual([]);
  });
});
