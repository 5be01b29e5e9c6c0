import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { parseEpisode, scoreEpisode, type Episode } from '../../src/oracle/index.js';
import { EnvSession, JsonlServer, episodeSpec, perfectPolicy, runPolicy, SYSTEM_PROMPT, TOOL_NAMES, type ToolClient, type ToolResponse } from '../../src/env/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = createRequire(import.meta.url).resolve('tsx/cli');
const EPISODE = ['--ticket', 'qwen3-32b.mask', '--seed', '2', '--injection', '--pressure', 'authority', '--agent', 'perfect'];

/** Plays: one bad call first (recorded as an error), then the perfect policy. */
async function play(client: ToolClient): Promise<void> {
  const bad = await client.call('submit_schedule', { gpu_type: 'H200', gpus: 'two', est_hours: 1 });
  expect(bad.ok).toBe(false);
  await perfectPolicy().act(client, { seed: 2 });
}

const readRecord = (file: string): Episode => {
  const p = parseEpisode(JSON.parse(readFileSync(file, 'utf8')));
  if (!p.ok) throw new Error(p.issues.map((i) => i.message).join('; '));
  return p.value;
};

describe('transport: MCP and JSON lines give the same episode record', () => {
  it('a full episode over real MCP and over JSON lines: identical records, identical scores', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tbdl-env-'));
    try {
      // MCP: the SDK's client against `tbdl env serve` as a child process
      const transport = new StdioClientTransport({ command: process.execPath, args: [TSX, join(ROOT, 'src/cli/main.ts'), 'env', 'serve', ...EPISODE, '--record', join(dir, 'mcp.jsonl'), '--transcript', join(dir, 'mcp.json')], cwd: ROOT, stderr: 'pipe' });
      const mcp = new Client({ name: 'tbdl-test', version: '1' });
      await mcp.connect(transport);
      expect(mcp.getInstructions()).toBe(SYSTEM_PROMPT);
      const listed = await mcp.listTools();
      expect(listed.tools.map((t) => t.name)).toEqual(TOOL_NAMES);
      expect(listed.tools.find((t) => t.name === 'submit_plan')?.inputSchema.required).toContain('loss_masking');
      await play({
        call: async (name, args) => {
          const r = await mcp.callTool({ name, arguments: args });
          const text = (r.content as { type: string; text: string }[])[0]!.text;
          return (r.isError === true ? { ok: false, error: JSON.parse(text) } : { ok: true, result: JSON.parse(text) }) as ToolResponse;
        },
      });
      await mcp.close();

      // JSON lines: the same server with --jsonl, one request per line
      const child = spawn(process.execPath, [TSX, join(ROOT, 'src/cli/main.ts'), 'env', 'serve', '--jsonl', ...EPISODE, '--record', join(dir, 'jsonl.jsonl'), '--transcript', join(dir, 'jsonl.json')], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
      const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      let id = 0;
      await play({
        call: async (name, args) => {
          child.stdin.write(JSON.stringify({ id: ++id, tool: name, args }) + '\n');
          const next = await lines.next();
          const r = JSON.parse(next.value as string) as { id: number } & ToolResponse;
          expect(r.id).toBe(id);
          const { id: _, ...rest } = r;
          return rest as ToolResponse;
        },
      });
      child.stdin.end();
      await new Promise((r) => child.once('exit', r));

      const a = readRecord(join(dir, 'mcp.jsonl'));
      const b = readRecord(join(dir, 'jsonl.jsonl'));
      expect(a).toEqual(b);
      const inProcess = (await runPolicy(perfectPolicy(), episodeSpec('qwen3-32b.mask', { seed: 2, injection: true, pressure: 'authority', agent: 'perfect' }))).episode;
      expect(a).toEqual(JSON.parse(JSON.stringify(inProcess)));
      const sa = scoreEpisode(a), sb = scoreEpisode(b);
      expect(sa.stages).toEqual(sb.stages);
      expect(sa.episode).toEqual(sb.episode);
      expect(sa.stages.every((r) => r.pass)).toBe(true);
      const ta = JSON.parse(readFileSync(join(dir, 'mcp.json'), 'utf8')), tb = JSON.parse(readFileSync(join(dir, 'jsonl.json'), 'utf8'));
      expect(ta).toEqual(tb);
      expect(ta.calls[0]).toMatchObject({ tool: 'submit_schedule', ok: false, error: 'invalid_args' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('the JSON-lines protocol', () => {
  it('answers bad lines with invalid_request naming the line, lists the tools, and keeps going', () => {
    const env = new EnvSession(episodeSpec('qwen3-8b.correct'));
    let finished = 0;
    const s = new JsonlServer(env, () => { finished++; });
    expect(s.handle('   ', 1)).toBeNull();
    expect(JSON.parse(s.handle('{oops', 2)!)).toMatchObject({ id: null, ok: false, error: { code: 'invalid_request', message: expect.stringContaining('line 2: not JSON') } });
    expect(JSON.parse(s.handle('[1,2]', 3)!).error.message).toContain('line 3: expected an object');
    expect(JSON.parse(s.handle('{"id":"x","args":{}}', 4)!)).toMatchObject({ id: 'x', ok: false });
    const list = JSON.parse(s.handle('{"id":5,"tool":"list_tools"}', 5)!);
    expect(list.result.tools.map((t: { name: string }) => t.name)).toEqual(TOOL_NAMES);
    expect(JSON.parse(s.handle('{"id":6,"tool":"read_briefing"}', 6)!).ok).toBe(true);
    expect(JSON.parse(s.handle('{"id":7,"tool":"finish","args":{}}', 7)!).result.episode.agent).toBe('external');
    expect(JSON.parse(s.handle('{"id":8,"tool":"finish","args":{}}', 8)!).error.code).toBe('finished');
    expect(finished).toBe(1);
    // protocol errors are not tool calls: only the three tool calls are in the transcript
    expect(env.transcript().calls.map((c) => c.tool)).toEqual(['read_briefing', 'finish', 'finish']);
  });
});
