/**
 * The report as a reader meets it (issue 13), checked in headless Chromium at 1400 px: no table
 * wider than the page (every column, p-value, Holm, MDE and dollar columns included, is on
 * screen), the stage table shows all its rows, lettered tables read (a), (b), (c), ... in order,
 * the Finding 3 card agrees with its paragraph, and with JavaScript off the figures are there
 * (static SVG), while with JavaScript on vega replaces them. The results are a seeded synthetic
 * sweep (test/analysis/synthetic.ts) with 5 agents, so table (a) has 5 x 13 = 65 rows.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { buildReport } from '../../src/report/build.js';
import { writeReport } from '../../src/report/write.js';
import { keyNumbers } from '../../src/report/summary.js';
import { leadFinding3 } from '../../src/report/leads.js';
import { openDb, type AnalysisTable } from '../../src/analysis/index.js';
import { generateSweep, STUDY_AGENTS, writeSweep } from '../analysis/synthetic.js';
import { CHROMIUM } from './browser.js';

const out = resolve('test-output/report-reading');

async function open(browser: Browser, html: string, js: boolean) {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 }, javaScriptEnabled: js });
  const page = await ctx.newPage();
  await page.goto(pathToFileURL(html).href);
  return { ctx, page };
}

describe('the report at 1400 px, as a reader meets it', () => {
  let html = '';
  let stageRows = 0;
  let figures = 0;
  beforeAll(async () => {
    const agents = { ...STUDY_AGENTS, flagship: { judgment: 0.8, arithmetic: 0.97, ladder: { neutral: 1, deadline: 1, authority: 0.9, sunk_cost: 0.6 } } };
    const rows = generateSweep({ seed: 13, agents, bases: ['qwen-8b', 'gemma-9b'], seeds: 2, tickets: 1 });
    // the study's detector beside ours: alarm A only on the permute runs, later than ours
    const designs = rows.detector_runs.map((r) => ({ run: r['run'], design: 'study_fixed64_alarm_a_pooled', arm: r['arm'], base: r['base'], seed: r['seed'], planned_steps: 300,
      train_pass: true, learned: r['learned'], tbdl: r['tbdl'], alarm_step: r['arm'] === 'permute' ? 220 : null, usd_spent: r['arm'] === 'permute' ? 2.2 : 3, usd_saved: r['arm'] === 'permute' ? 0.8 : 0 }));
    const dir = await writeSweep(rows);
    const { writeResultsTables } = await import('../../src/analysis/rows.js');
    await writeResultsTables({ detector_designs: designs }, dir);
    // a second Learned rule in detector_runs (optional columns): the audit shows both side by side
    const db = await openDb();
    try {
      await db.exec(`COPY (SELECT *, 'e_margin' AS learned_rule_id, learned AS learned_e_margin, (b - c) >= 15 AS learned_study FROM read_parquet('${join(dir, 'detector_runs.parquet')}')) TO '${join(dir, 'dr.parquet')}' (FORMAT parquet)`);
    } finally { db.close(); }
    renameSync(join(dir, 'dr.parquet'), join(dir, 'detector_runs.parquet'));
    const built = await buildReport(dir, { replicates: 100 });
    stageRows = built.analysis.tables.find((t) => t.name === 'stage_pass')!.rows.length;
    figures = built.figures.length;
    mkdirSync(out, { recursive: true });
    html = (await writeReport(built, out, { png: false })).html;
  }, 120_000);

  it('shows every table within the page: no table is wider than its container, every header is on screen', async () => {
    expect(existsSync(CHROMIUM)).toBe(true);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu'] });
    try {
      const { page } = await open(browser, html, true);
      await page.waitForFunction(() => { const t = (window as unknown as { __tbdl?: { total: number; rendered: number; errors: string[] } }).__tbdl; return t !== undefined && t.rendered + t.errors.length >= t.total; }, undefined, { timeout: 60_000 });
      const m = await page.evaluate(() => {
        const vw = document.documentElement.clientWidth;
        const tables = Array.from(document.querySelectorAll('table')).map((t) => {
          const box = (t.parentElement as HTMLElement);
          const heads = Array.from(t.querySelectorAll('th'));
          return {
            title: t.closest('.table')?.querySelector('h4')?.textContent ?? t.className,
            overflow: t.getBoundingClientRect().width - box.clientWidth, scroll: box.scrollWidth - box.clientWidth,
            offPage: Math.max(0, ...heads.map((h) => h.getBoundingClientRect().right - vw), t.getBoundingClientRect().right - vw),
            heads: heads.map((h) => h.textContent ?? ''),
          };
        });
        return { vw, docScroll: document.documentElement.scrollWidth, tables, errors: (window as unknown as { __tbdl: { errors: string[] } }).__tbdl.errors };
      });
      expect(m.errors).toEqual([]);
      expect(m.docScroll).toBeLessThanOrEqual(m.vw);
      expect(m.tables.length).toBeGreaterThanOrEqual(12);
      for (const t of m.tables) {
        expect({ table: t.title, overflow: Math.max(0, Math.round(t.overflow)), scroll: t.scroll, offPage: Math.round(t.offPage) }).toEqual({ table: t.title, overflow: 0, scroll: 0, offPage: 0 });
      }
      const heads = m.tables.flatMap((t) => t.heads);
      for (const h of ['p_holm', 'mde', 'usd_saved', 'p_change_holm', 'study_caught', 'ours_caught', 'learned_e_margin', 'learned_study', 'rules_agree']) expect(heads).toContain(h);
      await page.screenshot({ path: join(out, 'at-1400.png'), fullPage: true });
    } finally { await browser.close(); }
  }, 120_000);

  it('shows all rows of the stage table and letters its tables (a), (b), (c), ... in order', async () => {
    expect(stageRows).toBe(65);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu'] });
    try {
      const { page } = await open(browser, html, false);
      const r = await page.evaluate(() => ({
        titles: Array.from(document.querySelectorAll('div.table h4')).map((h) => h.textContent ?? ''),
        rows: Array.from(document.querySelectorAll('div.table')).map((d) => [d.querySelector('h4')?.textContent ?? '', d.querySelectorAll('tbody tr').length] as const),
      }));
      const stage = r.rows.find(([t]) => t.startsWith('(a)'));
      expect(stage?.[1]).toBe(65);
      const letters = r.titles.map((t) => /^(?:Finding \d+ \/ )?\(([a-h])\)/.exec(t)?.[1]).filter((x): x is string => x !== undefined);
      expect(letters.slice(0, 4)).toEqual(['a', 'b', 'c', 'd']);
      expect(letters).toEqual([...letters].sort());
    } finally { await browser.close(); }
  }, 120_000);

  it('with JavaScript off every figure is there as SVG; with it on, vega replaces the static copy', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless', '--disable-gpu'] });
    try {
      const off = await open(browser, html, false);
      const noJs = await off.page.evaluate(() => Array.from(document.querySelectorAll('.chart')).map((c) => {
        const svg = c.querySelector('svg');
        return svg !== null && svg.getBoundingClientRect().width > 100 && svg.querySelectorAll('path, rect, line, text').length > 10;
      }));
      expect(noJs.length).toBe(figures);
      expect(noJs.every(Boolean)).toBe(true);
      await off.page.screenshot({ path: join(out, 'no-js.png'), fullPage: false });
      const on = await open(browser, html, true);
      await on.page.waitForFunction(() => { const t = (window as unknown as { __tbdl?: { total: number; rendered: number } }).__tbdl; return t !== undefined && t.rendered >= t.total; }, undefined, { timeout: 60_000 });
      const js = await on.page.evaluate(() => Array.from(document.querySelectorAll('.chart')).map((c) => [c.querySelectorAll('svg').length, c.querySelector('.static') === null]));
      expect(js.every(([n, gone]) => n === 1 && gone === true)).toBe(true);
    } finally { await browser.close(); }
  }, 120_000);
});

describe("Finding 3's card and paragraph", () => {
  it('print the same numbers (one estimate, one rounding)', () => {
    // pooled k/n 3/41 = 0.073 but the seed-level estimate 0.064: the old card printed 0.07, the text 0.06
    const row = (rung: string, i: number, rate: number, est: number) => ({ agent: 'gem', rung, rung_index: i, rate, seed_estimate: est, refusal_hit_kn: '12/12', refusal_fa_kn: '0/48' });
    const ladder = { name: 'pressure_ladder', rows: [row('neutral', 0, 1, 1), row('deadline', 1, 0.9, 0.9), row('sunk_cost', 3, 3 / 41, 0.064)] } as unknown as AnalysisTable;
    const trend = { name: 'pressure_trend', rows: [{ agent: 'gem', first_failing_rung: 'sunk_cost' }] } as unknown as AnalysisTable;
    const t = (n: string) => (n === 'pressure_ladder' ? ladder : n === 'pressure_trend' ? trend : undefined);
    const card = keyNumbers(t).find((k) => k.finding === '3')!;
    expect(card.value).toBe('1.00 → 0.06');
    expect(leadFinding3(ladder)).toContain(`gem ${card.value}`);
  });
});
