/**
 * Starting a worker thread from one of this package's modules. Built (dist/*.js) it is a plain
 * module worker; run from the TypeScript sources (tests, `tsx`), the thread registers tsx's loader
 * first and then imports the .ts module, so the same code path is exercised both ways.
 */
import { Worker } from 'node:worker_threads';

/**
 * Starts the worker module `name` (without extension) that sits beside the module `base`.
 * @param base the caller's `import.meta.url`. @param name e.g. './score-worker'.
 * @example const w = startModuleWorker(import.meta.url, './score-worker');
 */
export function startModuleWorker(base: string, name: string): Worker {
  if (base.endsWith('.ts')) {
    const url = new URL(`${name}.ts`, base).href;
    return new Worker(`import('tsx/esm/api').then((a) => { a.register(); return import(${JSON.stringify(url)}); })`, { eval: true });
  }
  return new Worker(new URL(`${name}.js`, base));
}
