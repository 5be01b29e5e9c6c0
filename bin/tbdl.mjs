#!/usr/bin/env node
// The `tbdl` binary: runs the compiled CLI (dist/, built by `npm run build`; `npm ci` builds it through
// `prepare`) in THIS process, so SIGINT / SIGTERM / SIGKILL sent to this pid reach the process that
// does the work (no launcher, no child). In a checkout without dist/, run `npm run build` first or
// use `npm run tbdl -- <verb>` (tsx on src/).
const main = new URL('../dist/cli/main.js', import.meta.url);
try {
  await import(main.href);
} catch (err) {
  if (err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes(main.pathname)) {
    process.stderr.write('tbdl: dist/ is missing (expected the compiled CLI at dist/cli/main.js; run npm run build)\n');
    process.exitCode = 2;
  } else {
    throw err;
  }
}
