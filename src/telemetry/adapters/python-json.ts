/**
 * JSON as Python's `json` module writes it: `allow_nan=True` by default, so `NaN`, `Infinity`
 * and `-Infinity` appear as bare tokens (transformers' trainer_state.json, torchtune's JSONL
 * logger). Standard `JSON.parse` refuses them; {@link parsePythonJson} accepts them and returns
 * real NaN / ±Infinity, leaving strings untouched.
 */

const SENTINEL = '\u0000tbdl-py:';
const TOKENS: Array<[string, number]> = [['-Infinity', -Infinity], ['Infinity', Infinity], ['NaN', NaN]];

/**
 * Parse JSON that may contain Python's non-finite tokens.
 * @param text - JSON text.
 * @returns the parsed value with NaN/±Infinity restored.
 * @throws {SyntaxError} like JSON.parse on malformed input.
 * @example parsePythonJson('{"loss": NaN}').loss // NaN
 */
export function parsePythonJson(text: string): unknown {
  if (!/NaN|Infinity/.test(text)) return JSON.parse(text);
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) { inString = true; continue; }
    if (c !== 0x4e && c !== 0x49 && c !== 0x2d) continue; // N, I, -
    for (const [tok] of TOKENS) {
      if (text.startsWith(tok, i)) {
        out += `${text.slice(last, i)}"\\u0000tbdl-py:${tok}"`; // escaped NUL: only a parsed string holds it
        i += tok.length - 1;
        last = i + 1;
        break;
      }
    }
  }
  out += text.slice(last);
  return JSON.parse(out, (_k, v: unknown) => {
    if (typeof v === 'string' && v.startsWith(SENTINEL)) {
      const tok = v.slice(SENTINEL.length);
      const hit = TOKENS.find(([t]) => t === tok);
      if (hit !== undefined) return hit[1];
    }
    return v;
  });
}
