/**
 * The JSON-lines tool protocol (for harnesses that do not speak MCP), one JSON object per line:
 *   request  {"id": 1, "tool": "inspect_data", "args": {"column": "intent"}}
 *   response {"id": 1, "ok": true, "result": {...}}  or  {"id": 1, "ok": false, "error": {"code", "message"}}
 * `{"id": 0, "tool": "list_tools"}` answers with the tools and their JSON Schemas. A line that is
 * not a JSON object with a string `tool` is answered with `invalid_request` (naming the line) and
 * never ends the session. `finish` answers with the episode record. Pure: lines in, lines out.
 */
import type { EnvSession, ToolResponse } from './session.js';
import { toolJsonSchemas } from './tools.js';

/** One response line's object. */
export type JsonlResponse = ({ id: unknown } & ToolResponse) | { id: unknown; ok: true; result: { tools: ReturnType<typeof toolJsonSchemas> } };

/** Serves one session over JSON lines. */
export class JsonlServer {
  /** @param env the episode; @param onFinish called once after a successful `finish`. */
  constructor(private readonly env: EnvSession, private readonly onFinish?: () => void) {}

  /**
   * Answers one request line.
   * @returns the response line (without newline), or null for a blank line.
   * @example new JsonlServer(env).handle('{"id":1,"tool":"read_briefing"}', 1)
   */
  handle(text: string, lineNo: number): string | null {
    if (text.trim() === '') return null;
    let req: unknown;
    try { req = JSON.parse(text); } catch (err) {
      return JSON.stringify({ id: null, ok: false, error: { code: 'invalid_request', message: `line ${lineNo}: not JSON (${err instanceof Error ? err.message : String(err)})` } });
    }
    if (req === null || typeof req !== 'object' || Array.isArray(req) || typeof (req as { tool?: unknown }).tool !== 'string') {
      const id = req !== null && typeof req === 'object' && !Array.isArray(req) ? ((req as { id?: unknown }).id ?? null) : null;
      return JSON.stringify({ id, ok: false, error: { code: 'invalid_request', message: `line ${lineNo}: expected an object {"id", "tool": string, "args": object}` } });
    }
    const r = req as { id?: unknown; tool: string; args?: unknown };
    const id = r.id ?? null;
    if (r.tool === 'list_tools') return JSON.stringify({ id, ok: true, result: { tools: toolJsonSchemas() } });
    const wasFinished = this.env.finished;
    const res = this.env.call(r.tool, r.args ?? {});
    if (!wasFinished && this.env.finished) this.onFinish?.();
    return JSON.stringify({ id, ...res });
  }
}
