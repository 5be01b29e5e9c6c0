/**
 * File safety: the stop sentinel's temporary file is created exclusively and never through a
 * link (planted links at every name the old predictable scheme could pick are left alone), and
 * `report`, `analyze` and `demo` share one `--out` rule: missing, empty, or a folder tbdl wrote
 * before (marker file), else exit 2 with nothing touched; nothing the tool did not write is deleted.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeStopDirSentinel, writeStopFile } from '../../src/monitor/stop-file.js';
import { safeRunFileName } from '../../src/monitor/safe-name.js';
import { claimOutDir, OUT_MARKER } from '../../src/cli/out-dir.js';
import { run as analyze } from '../../src/cli/analyze.js';
import { run as report } from '../../src/cli/report.js';
import { run as demo } from '../../src/cli/demo.js';
import type { AlarmLine } from '../../src/telemetry/schema.js';
import { generateSweep, STUDY_AGENTS, writeSweep } from '../analysis/synthetic.js';
import { runMonitorCli } from '../../src/monitor/cli-run.js';
import { captureIO, scratch } from './cli-io.js';
import { runLines } from './traces.js';

const alarm = { type: 'alarm', run: 'job-1', step: 10, alarm: 'collapse' } as unknown as AlarmLine;

afterEach(() => { vi.restoreAllMocks(); });

describe('stop sentinels: exclusive temporary files, no link followed', () => {
  it('links planted at the predictable temporary names are never written through', async () => {
    const dir = scratch('tbdl-safe-');
    const stops = join(dir, 'stops'), victims = join(dir, 'victims');
    mkdirSync(stops); mkdirSync(victims);
    vi.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
    const name = safeRunFileName(alarm.run);
    for (let k = 0; k < 64; k++) {
      writeFileSync(join(victims, `v${k}`), 'precious\n');
      symlinkSync(join(victims, `v${k}`), join(stops, `.${name}.1700000000000.${k}.tmp`));
    }
    const written = await writeStopDirSentinel(stops, alarm, new Date(0));
    for (let k = 0; k < 64; k++) expect(readFileSync(join(victims, `v${k}`), 'utf8')).toBe('precious\n');
    expect(lstatSync(written).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(written, 'utf8'))).toMatchObject({ run: 'job-1' });
    expect(readdirSync(stops).filter((f) => f.startsWith('.tbdl-tmp-'))).toEqual([]); // the private temp folder is gone
  });

  it('a link planted at the sentinel path is replaced, its target untouched', async () => {
    const dir = scratch('tbdl-safe-');
    writeFileSync(join(dir, 'victim'), 'precious\n');
    symlinkSync(join(dir, 'victim'), join(dir, 'STOP'));
    await writeStopFile(join(dir, 'STOP'), alarm, new Date(0));
    expect(readFileSync(join(dir, 'victim'), 'utf8')).toBe('precious\n');
    expect(lstatSync(join(dir, 'STOP')).isFile()).toBe(true);
  });
});

describe('--results never writes through a link', () => {
  it('a link planted at a Parquet output (or as the folder) is refused before any input is read', async () => {
    const dir = scratch('tbdl-safe-');
    const trace = join(dir, 't.jsonl');
    writeFileSync(trace, runLines('correct', 2, { steps: 60, heldout: 30 }).join('\n') + '\n');
    const res = join(dir, 'res');
    mkdirSync(res);
    writeFileSync(join(dir, 'victim'), 'precious\n');
    symlinkSync(join(dir, 'victim'), join(res, 'detector_runs.parquet'));
    const c = captureIO();
    expect(await runMonitorCli('replay', [trace, '--json', '--results', res], c.io)).toBe(2);
    expect(c.stderr()).toMatch(/symbolic link/);
    expect(readFileSync(join(dir, 'victim'), 'utf8')).toBe('precious\n');
    symlinkSync(res, join(dir, 'link'));
    expect(await runMonitorCli('replay', [trace, '--json', '--results', join(dir, 'link')], captureIO().io)).toBe(2);
  });
});

describe('one --out rule for report, analyze and demo', () => {
  it('claimOutDir: missing, empty or marked folders are used; anything else is refused untouched', () => {
    const dir = scratch('tbdl-out-');
    expect(claimOutDir(join(dir, 'new', 'deep'), 'report')).toBeNull();
    expect(existsSync(join(dir, 'new', 'deep', OUT_MARKER))).toBe(true);
    mkdirSync(join(dir, 'empty'));
    expect(claimOutDir(join(dir, 'empty'), 'analyze')).toBeNull();
    expect(claimOutDir(join(dir, 'new', 'deep'), 'demo')).toBeNull(); // ours: used again
    mkdirSync(join(dir, 'user'));
    writeFileSync(join(dir, 'user', 'README.md'), 'mine\n');
    expect(claimOutDir(join(dir, 'user'), 'report')).toMatch(/README\.md, which tbdl did not write/);
    expect(readdirSync(join(dir, 'user'))).toEqual(['README.md']);
    symlinkSync(join(dir, 'empty'), join(dir, 'link'));
    expect(claimOutDir(join(dir, 'link'), 'report')).toMatch(/symbolic link/);
    writeFileSync(join(dir, 'victim'), 'precious\n');
    symlinkSync(join(dir, 'victim'), join(dir, 'new', 'deep', 'index.html')); // planted in a folder of ours
    expect(claimOutDir(join(dir, 'new', 'deep'), 'report')).toMatch(/symbolic link/);
    writeFileSync(join(dir, 'file'), 'x');
    expect(claimOutDir(join(dir, 'file'), 'report')).toMatch(/existing file/);
  });

  it('report and analyze refuse a folder holding the user\'s files (exit 2, nothing written); a link in --out is refused', async () => {
    const results = await writeSweep(generateSweep({ seed: 3, agents: STUDY_AGENTS, bases: ['qwen3-8b', 'gemma-2-9b'], seeds: 2, tickets: 1 }));
    const dir = scratch('tbdl-out-');
    const user = join(dir, 'user');
    mkdirSync(user);
    writeFileSync(join(user, 'README.md'), 'my notes\n');
    writeFileSync(join(user, 'index.html'), '<p>my page</p>\n');
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const errs: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => { errs.push(String(s)); return true; });
    expect(await analyze([results, '--out', user, '--replicates', '100', '--only', 'ranking'])).toBe(2);
    expect(await report([results, '--out', user, '--replicates', '100', '--no-png'])).toBe(2);
    quiet.mockRestore();
    expect(readdirSync(user).sort()).toEqual(['README.md', 'index.html']);
    expect(readFileSync(join(user, 'README.md'), 'utf8')).toBe('my notes\n');
    expect(readFileSync(join(user, 'index.html'), 'utf8')).toBe('<p>my page</p>\n');
    expect(errs.join('')).toMatch(/which tbdl did not write/);
    // a folder of ours with a planted link: refused, the link's target untouched
    const ours = join(dir, 'ours');
    expect(claimOutDir(ours, 'analyze')).toBeNull();
    writeFileSync(join(dir, 'victim'), 'precious\n');
    symlinkSync(join(dir, 'victim'), join(ours, 'README.md'));
    expect(await analyze([results, '--out', ours, '--replicates', '100', '--only', 'ranking'])).toBe(2);
    expect(readFileSync(join(dir, 'victim'), 'utf8')).toBe('precious\n');
  }, 60_000);

  it('demo never deletes what it did not write: a folder with demo-like entries and the user\'s thesis is refused', async () => {
    const dir = scratch('tbdl-out-');
    for (const d of ['results', 'tables', 'report']) mkdirSync(join(dir, d));
    writeFileSync(join(dir, 'sweep.jsonl'), '');
    writeFileSync(join(dir, 'thesis.tex'), '\\documentclass{article}\n');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await demo(['--out', dir])).toBe(2);
    expect(readFileSync(join(dir, 'thesis.tex'), 'utf8')).toBe('\\documentclass{article}\n');
    expect(readdirSync(dir).sort()).toEqual(['report', 'results', 'sweep.jsonl', 'tables', 'thesis.tex']);
  });
});
