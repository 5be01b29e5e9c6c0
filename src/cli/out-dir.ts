/**
 * One rule for `--out DIR` of `report`, `analyze` and `demo`: the folder must be missing, empty,
 * or a folder this tool wrote before (it holds the marker file {@link OUT_MARKER}); anything else is
 * refused before a byte is written (exit 2, nothing touched). A symbolic link is never an output:
 * neither `--out` itself nor anything inside a folder the tool wrote before (a planted link there
 * would redirect a write). Nothing is ever deleted: a rerun overwrites the tool's own files.
 */
import { closeSync, constants, lstatSync, mkdirSync, openSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The marker file that says "tbdl wrote this folder". */
export const OUT_MARKER = '.tbdl-out';
/** The marker earlier `tbdl demo` versions wrote (accepted as the same promise). */
const LEGACY_MARKERS = ['.tbdl-demo'];

function lstatOrUndefined(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The first symbolic link under `dir` (depth-first), or undefined. */
function firstLink(dir: string): string | undefined {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isSymbolicLink()) return p;
    if (e.isDirectory()) {
      const inner = firstLink(p);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

/**
 * Checks `--out` by the rule above without writing anything (to refuse before any work).
 * @param out the folder.
 * @returns null when it may be used, else why not (the caller exits 2).
 * @example checkOutDir('.') // 'invalid --out: "." (expected a missing or empty folder, ...)'
 */
export function checkOutDir(out: string): string | null {
  return inspect(out);
}

/**
 * Checks `--out` by the rule above and, when it may be used, creates it (if missing) and writes
 * the marker. Call before writing anything into it.
 * @param out the folder. @param verb the verb, named in the marker.
 * @returns null when the folder is ready, else why it was refused (the caller exits 2).
 * @example const why = claimOutDir('out/report', 'report'); if (why !== null) { stderr(why); return 2; }
 */
export function claimOutDir(out: string, verb: string): string | null {
  const why = inspect(out);
  if (why !== null) return why;
  try {
    mkdirSync(out, { recursive: true });
    // the marker is a file of ours or new: O_NOFOLLOW guards a link planted since the check
    const fd = openSync(join(out, OUT_MARKER), constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
    try {
      writeSync(fd, `written by tbdl ${verb}; a later tbdl report/analyze/demo --out here may overwrite its own files\n`);
    } finally {
      closeSync(fd);
    }
    return null;
  } catch (err) {
    return `invalid --out: ${JSON.stringify(out)} (cannot write it: ${err instanceof Error ? err.message : String(err)})`;
  }
}

function inspect(out: string): string | null {
  const bad = (what: string) => `invalid --out: ${JSON.stringify(out)} (${what})`;
  let st;
  try {
    st = lstatOrUndefined(out);
  } catch (err) {
    return bad(`cannot inspect it: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    if (st !== undefined) {
      if (st.isSymbolicLink()) return bad('it is a symbolic link; outputs never follow a link: name the real folder');
      if (!st.isDirectory()) return bad('expected a directory; it is an existing file');
      const entries = readdirSync(out);
      const ours = [OUT_MARKER, ...LEGACY_MARKERS].some((m) => entries.includes(m) && lstatSync(join(out, m)).isFile());
      if (entries.length > 0 && !ours) {
        return bad(`expected a missing or empty folder, or one tbdl wrote before (it holds ${OUT_MARKER}); it holds ${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', ...' : ''}, which tbdl did not write`);
      }
      const link = firstLink(out);
      if (link !== undefined) return bad(`it holds a symbolic link, ${link}, which tbdl did not write; outputs never follow a link`);
    }
    return null;
  } catch (err) {
    return bad(`cannot inspect it: ${err instanceof Error ? err.message : String(err)}`);
  }
}
