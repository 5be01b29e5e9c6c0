/** Locates a file inside an installed npm package, even when the package's `exports` map hides it
 * (vega-lite's schema, the UMD bundles of vega and vega-embed): walks up from this module to the
 * nearest node_modules/<pkg>. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of `rel` inside package `pkg`. @throws Error `package_file_missing` if not found. */
export function packageFile(pkg: string, rel: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'node_modules', pkg, rel);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw Object.assign(new Error(`package_file_missing: ${pkg}/${rel} (run npm ci)`), { code: 'package_file_missing' });
}
