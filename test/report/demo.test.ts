/**
 * The main job as a new user runs it: `tbdl demo` on the bundled fixtures (embedded DuckDB), then
 * the report it wrote is opened in headless Chromium: every chart drawn, no request off the
 * machine, a screenshot saved (test-output/demo/report.png).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { checkReport } from './browser.js';

const tsx = createRequire(import.meta.url).resolve('tsx/cli');

describe('tbdl demo (the README main job)', () => {
  // the demo plays 1,600 agent episodes through the environment: allow it 10 minutes on a loaded machine
  it('runs end to end and writes a report whose every figure renders offline', { timeout: 600_000 }, async () => {
    const out = resolve('test-output/demo');
    const r = spawnSync(process.execPath, [tsx, 'src/cli/main.ts', 'demo', '--out', out, '--seeds', '2', '--replicates', '300'], { encoding: 'utf8', timeout: 600_000 });
    expect(r.stderr.includes('Error') ? r.stderr : '').toBe('');
    expect(r.status).toBe(0);
    for (const k of [1, 2, 3, 4, 5]) expect(r.stdout).toContain(`[${k}/5]`);
    const html = join(out, 'report', 'index.html');
    expect(r.stdout).toContain(html);
    expect(existsSync(join(out, 'results', 'detector_runs.parquet'))).toBe(true);
    expect(existsSync(join(out, 'results', 'stage_results.parquet'))).toBe(true);
    expect(readdirSync(join(out, 'tables')).filter((f) => f.endsWith('.md')).length).toBeGreaterThanOrEqual(10);
    // the replay summary is printed per arm, and permute runs are all caught online
    const permute = r.stdout.split('\n').find((l) => l.trim().startsWith('permute'));
    expect(permute).toBeDefined();
    const cols = permute!.trim().split(/\s+/);
    expect(cols[3]).toBe(`${cols[2]}/${cols[2]}`);
    const page0 = readFileSync(html, 'utf8');
    expect((page0.match(/class="card"/g) ?? []).length).toBeGreaterThanOrEqual(3); // key numbers, one card per finding at least
    expect(page0).toContain('finding 3');
    const figures = readdirSync(join(out, 'report', 'figures')).filter((f) => f.endsWith('.png'));
    expect(figures.length).toBeGreaterThanOrEqual(8);
    mkdirSync('test-output/demo', { recursive: true });
    const page = await checkReport(html, resolve('test-output/demo/report.png'));
    expect(page.errors).toEqual([]);
    expect(page.total).toBe(figures.length);
    expect(page.rendered).toBe(page.total);
    expect(page.chartsWithSvg).toBe(page.total);
    expect(page.offMachineRequests).toEqual([]);
    expect(existsSync('test-output/demo/report.png')).toBe(true);
  });
});
