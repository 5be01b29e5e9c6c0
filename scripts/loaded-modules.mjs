/**
 * Records every module a node process loads, for checking what a verb or an entry point pulls in
 * (test/lazy-loading.test.ts, test/package.test.ts). Usage:
 *   TBDL_LOADED_OUT=/tmp/mods.txt node --import ./scripts/loaded-modules.mjs dist/cli/main.js replay --help
 * Appends one URL or path per line to $TBDL_LOADED_OUT: every ESM module resolved (a loader hook)
 * and, at exit, every CommonJS module in the require cache (packages required from CommonJS do
 * not pass through the ESM hooks on node 20).
 */
import { register, createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';

const out = process.env.TBDL_LOADED_OUT;
if (out) {
  const hooks = `
    import { appendFileSync } from 'node:fs';
    export async function resolve(specifier, context, next) {
      const r = await next(specifier, context);
      appendFileSync(${JSON.stringify(out)}, r.url + '\\n');
      return r;
    }`;
  register('data:text/javascript,' + encodeURIComponent(hooks));
  const require = createRequire(import.meta.url);
  process.on('exit', () => { appendFileSync(out, Object.keys(require.cache).join('\n') + '\n'); });
}
