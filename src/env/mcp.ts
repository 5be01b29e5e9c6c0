/**
 * The MCP server of one episode (Model Context Protocol, stdio), on the SDK's low-level `Server`
 * so every call reaches the session unvalidated by the transport: the session validates with
 * zod and records the call, exactly as over JSON lines, and both transports give the same record.
 * `tools/list` publishes each tool's JSON Schema (from zod); a tool error is a result with
 * `isError: true` and the `{code, message}` as text. The server's `instructions` are the
 * benchmark's system prompt. Not in src/env/index.ts (keeps the SDK out of the library's import
 * graph): import `tbdl/src/env/mcp.js` or use `tbdl env serve`.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { EnvSession } from './session.js';
import { toolJsonSchemas } from './tools.js';
import { SYSTEM_PROMPT } from './prompt.js';

/** Server name and version announced at initialisation. */
export const MCP_SERVER_INFO = Object.freeze({ name: 'tbdl-env', version: '1' });

/**
 * Builds the MCP server of a session (connect it to a transport, e.g. StdioServerTransport).
 * @param onFinish called once after a successful `finish`.
 */
export function createMcpServer(env: EnvSession, onFinish?: () => void): Server {
  const server = new Server({ ...MCP_SERVER_INFO }, { capabilities: { tools: {} }, instructions: SYSTEM_PROMPT });
  const tools = toolJsonSchemas();
  server.setRequestHandler(ListToolsRequestSchema, () => Promise.resolve({ tools: tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema as { type: 'object' } })) }));
  server.setRequestHandler(CallToolRequestSchema, (req) => {
    const wasFinished = env.finished;
    const r = env.call(req.params.name, req.params.arguments ?? {});
    if (!wasFinished && env.finished) onFinish?.();
    if (!r.ok) return Promise.resolve({ content: [{ type: 'text' as const, text: JSON.stringify(r.error) }], isError: true });
    return Promise.resolve({ content: [{ type: 'text' as const, text: JSON.stringify(r.result) }], structuredContent: r.result });
  });
  return server;
}
