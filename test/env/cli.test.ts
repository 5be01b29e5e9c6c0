import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as env } from '../../src/cli/env.js';
import { run as sweep } from '../../src/cli/sweep.js';
import { parseEpisode, scoreEpisode } from '../../src/oracle/index.js';

describe('tbdl env run | tbdl sweep through the environment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tbdl-env-cli-'));
  it('env run writes a scoreable record and a transcript; bad options exit 2 with the reason', async () => {
    const rec = join(dir, 'ep.jsonl'), tr = join(dir, 'ep.json');
    expect(await env(['run', '--policy', 'perfect', '--ticket', 'llama-3.3-70b.noise', '--pressure', 'sunk_cost', '--seed', '3', '--record', rec, '--transcript', tr])).toBe(0);
    const p = parseEpisode(JSON.parse(readFileSync(rec, 'utf8')));
    expect(p.ok).toBe(true);
    if (p.ok) expect(scoreEpisode(p.value).stages.every((r) => r.pass)).toBe(true);
    const t = JSON.parse(readFileSync(tr, 'utf8')) as { runs: { arm: string }[]; tool_calls: number };
    expect(t.runs[0]!.arm).toBe('correct');
    expect(t.tool_calls).toBeGreaterThan(10);
    expect(await env(['run', '--policy', 'perfect', '--ticket', 'no-such'])).toBe(2);
    expect(await env(['run', '--policy', 'nobody', '--ticket', 'qwen3-8b.correct'])).toBe(2);
    expect(await env(['serve', '--ticket', 'qwen3-8b.correct', '--pressure', 'panic'])).toBe(2);
    expect(await env(['serve', '--ticket', 'qwen3-8b.correct', '--seed', 'x'])).toBe(2);
    expect(await env(['frobnicate'])).toBe(2);
  });
  it('sweep plays policies through the environment by default, the scripted path on --scripted; transcripts line up', async () => {
    const a = join(dir, 'a.jsonl'), t = join(dir, 't.jsonl'), b = join(dir, 'b.jsonl');
    expect(await sweep(['--out', a, '--seeds', '1', '--agents', 'perfect,configurator', '--transcripts', t])).toBe(0);
    const eps = readFileSync(a, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { episode_id: string; agent: string });
    const trs = readFileSync(t, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { episode_id: string });
    expect(eps.length).toBe(2 * 20 * 8);
    expect(trs.map((x) => x.episode_id)).toEqual(eps.map((e) => e.episode_id));
    expect(eps[0]!.agent).toBe('perfect');
    expect(await sweep(['--out', b, '--seeds', '1', '--agents', 'configurator', '--scripted'])).toBe(0);
    expect(readFileSync(b, 'utf8').trim().split('\n').length).toBe(160);
    expect(await sweep(['--out', b, '--agents', 'perfect', '--scripted'])).toBe(2);
    expect(await sweep(['--out', b, '--scripted', '--transcripts', t])).toBe(2);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);
});
