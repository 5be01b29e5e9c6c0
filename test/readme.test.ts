/** The README's library example runs as written (with 'tbdl' resolved to src/index.ts). */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

describe('README', () => {
  it('names the two fresh-machine commands that CI and users run', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('bash .ci/run');
    expect(readFileSync('.ci/run', 'utf8')).toContain('npm test');
  });
  it('the library example runs and prints alarms and a TBDL verdict', () => {
    const readme = readFileSync('README.md', 'utf8');
    const m = /## Library in ten lines[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme);
    expect(m).not.toBeNull();
    const code = m![1]!.replace("from 'tbdl'", `from '${resolve('src/index.ts')}'`);
    mkdirSync('test-output', { recursive: true });
    writeFileSync('test-output/readme-example.ts', code);
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const r = spawnSync(process.execPath, [tsx, 'test-output/readme-example.ts'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/step \d+: (worse_than_base|not_learned)/);
    expect(r.stdout).toMatch(/tbdl: true/);
  });
});
