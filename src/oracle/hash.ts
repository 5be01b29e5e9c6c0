/**
 * Stable content hashes for registry fields: cyrb53 (a public-domain 53-bit string hash by
 * bryc, 2018) over canonical JSON (object keys sorted). Not cryptographic; it identifies, it does
 * not authenticate. Output: `h:` + 14 hex digits.
 */

/** Canonical JSON: keys sorted at every depth, no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * cyrb53 of a string, as `h:` + 14 lowercase hex digits.
 * @example hashString('abc') // 'h:...' (same input, same output)
 */
export function hashString(s: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const n = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return `h:${n.toString(16).padStart(14, '0')}`;
}

/** Hash of a JSON value's canonical form. */
export function hashJson(value: unknown): string {
  return hashString(canonicalJson(value));
}

/** A uint32 seed derived from parts (for per-stage random streams). */
export function seedOf(...parts: readonly (string | number)[]): number {
  return parseInt(hashString(parts.join('\u001f')).slice(-8), 16) >>> 0;
}
