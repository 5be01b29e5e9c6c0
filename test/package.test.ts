/** The package works without tsx: the build (tsc -p tsconfig.build.json, run by `npm ci` through
 * `prepare`) emits ESM JavaScript and declarations that plain Node imports, CLI included. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

describe('the built package', () => {
  it('compiles to ESM that plain node imports, with declarations and a working CLI', () => {
    const out = resolve('test-output/dist');
    rmSync(out, { recursive: true, force: true });
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const b = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', out], { encoding: 'utf8' });
    expect(b.stdout + b.stderr).toBe('');
    expect(b.status).toBe(0);
    expect(existsSync(`${out}/index.d.ts`)).toBe(true);
    const probe = `import('${out}/index.js').then((m) => { const r = m.createRng(7); process.stdout.write(JSON.stringify({ n: Object.keys(m).length, x: r.next(), fns: ['design','detectorInit','scoreEpisode','analyzeResults','renderReportHtml'].map((k) => typeof m[k]) })); })`;
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as { n: number; x: number; fns: string[] };
    expect(j.n).toBeGreaterThan(200);
    expect(j.fns).toEqual(['function', 'function', 'function', 'function', 'function']);
    const cli = spawnSync(process.execPath, [`${out}/cli/main.js`, 'table1', '--help'], { encoding: 'utf8' });
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain('table1');
  });
});
