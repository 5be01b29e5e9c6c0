/** Opens a report in headless Debian Chromium (playwright-core), records every request, waits for
 * every chart, and saves a screenshot. Shared by the report tests. */
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';

export interface PageCheck {
  total: number;
  rendered: number;
  errors: string[];
  chartsWithSvg: number;
  offMachineRequests: string[];
  consoleErrors: string[];
}

export async function checkReport(htmlPath: string, screenshotPath: string): Promise<PageCheck> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const offMachine: string[] = [];
    const consoleErrors: string[] = [];
    page.on('request', (r) => { const u = r.url(); if (!u.startsWith('file:') && !u.startsWith('data:') && !u.startsWith('blob:')) offMachine.push(u); });
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    await page.goto(pathToFileURL(htmlPath).href);
    await page.waitForFunction(() => {
      const t = (window as unknown as { __tbdl?: { total: number; rendered: number; errors: string[] } }).__tbdl;
      return t !== undefined && t.rendered + t.errors.length >= t.total;
    }, undefined, { timeout: 60_000 });
    const state = await page.evaluate(() => (window as unknown as { __tbdl: { total: number; rendered: number; errors: string[] } }).__tbdl);
    const chartsWithSvg = await page.evaluate(() => Array.from(document.querySelectorAll('.chart')).filter((d) => d.querySelector('svg .mark-group, svg g') !== null).length);
    await page.screenshot({ path: screenshotPath, fullPage: true });
    return { ...state, chartsWithSvg, offMachineRequests: offMachine, consoleErrors };
  } finally {
    await browser.close();
  }
}
