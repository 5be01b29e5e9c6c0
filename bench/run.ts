/**
 * Runs every benchmark in bench/ one after another (each is a standalone script printing its own
 * throughput table and ratios against a reference measured in the same run).
 * Usage: npm run bench            (all)
 *        npm run bench -- eprocess (only bench/eprocess.ts)
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const names = readdirSync(here).filter((f) => f.endsWith('.ts') && f !== 'run.ts').map((f) => f.slice(0, -3)).sort();
const chosen = only.length > 0 ? names.filter((n) => only.includes(n)) : names;
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
let failed = 0;
for (const name of chosen) {
  process.stdout.write(`\n=== bench/${name}.ts ===\n`);
  const r = spawnSync(process.execPath, [tsx, join(here, `${name}.ts`)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
