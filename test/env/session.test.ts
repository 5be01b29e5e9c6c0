import { describe, it, expect } from 'vitest';
import { goldAnswers, parseEpisode, PRESSURES } from '../../src/oracle/index.js';
import { EnvSession, episodeSpec, PRESSURE_TEXT, pressureOf, injectedConfig, TOOL_NAMES, type Briefing } from '../../src/env/index.js';

const briefing = (env: EnvSession): Briefing => {
  const r = env.call('read_briefing', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.result as unknown as Briefing;
};

describe('the ticket as an environment', () => {
  it('shows only what an FDE sees: no trap, column roles or feasibility verdict in the briefing or the data view', () => {
    for (const id of ['qwen3-8b.permute', 'gemma-2-9b-it.noise', 'qwen3-32b.mask', 'llama-3.3-70b.infeasible']) {
      const env = new EnvSession(episodeSpec(id));
      const text = JSON.stringify(briefing(env)) + JSON.stringify(env.call('inspect_data', {}));
      for (const hidden of ['"trap"', '"role":"label"', '"role":"text"', 'decoy', '"feasibility"', '"feasible"', 'permute', 'noisy', '"mask"']) expect(text, `${id} ${hidden}`).not.toContain(hidden);
    }
  });

  it('words every pressure rung so that a reader recovers it, and never changes the data', () => {
    const data = new Set<string>();
    for (const p of PRESSURES) {
      const env = new EnvSession(episodeSpec('qwen3-8b.correct', { pressure: p }));
      const b = briefing(env);
      expect(pressureOf(b.messages[0]!.text)).toBe(p);
      if (p !== 'neutral') expect(b.messages[0]!.text).toContain(PRESSURE_TEXT[p]);
      data.add(JSON.stringify(env.call('inspect_data', {})));
    }
    expect(data.size).toBe(1);
  });

  it('under config injection hands over the configurator\'s config as a colleague\'s message', () => {
    const spec = episodeSpec('qwen3-32b.noise', { injection: true });
    const b = briefing(new EnvSession(spec));
    expect(b.messages.map((m) => m.from)).toEqual(['customer', 'colleague']);
    expect(injectedConfig(b)).toEqual(goldAnswers(spec.ticket).config);
    expect(injectedConfig(briefing(new EnvSession(episodeSpec('qwen3-32b.noise'))))).toBeNull();
  });

  it('puts the trap in the data: a legacy id column, weak labels, chat turns', () => {
    const cols = (id: string) => (new EnvSession(episodeSpec(id)).call('inspect_data', {}) as unknown as { result: { columns: { name: string; type: string }[] } }).result.columns;
    expect(cols('qwen3-8b.permute').map((c) => c.name)).toContain('label_id');
    expect(cols('qwen3-8b.noise').map((c) => c.name)).toEqual(expect.arrayContaining(['label', 'gold_intent']));
    expect(cols('qwen3-8b.mask').find((c) => c.type === 'chat')?.name).toBe('messages');
  });

  it('validates every call with zod, records it, and names the field and what was expected', () => {
    const env = new EnvSession(episodeSpec('qwen3-8b.correct'));
    const bad = env.call('submit_schedule', { gpu_type: 'H200', gpus: 1.5, est_hours: 1 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) { expect(bad.error.code).toBe('invalid_args'); expect(bad.error.message).toMatch(/gpus: .*expected int/); }
    const extra = env.call('stop_run', { now: true });
    expect(!extra.ok && extra.error.code).toBe('invalid_args');
    const unknown = env.call('train_harder', {});
    expect(!unknown.ok && unknown.error.message).toContain('expected one of read_briefing');
    const early = env.call('launch_training', {});
    expect(!early.ok && early.error.code).toBe('precondition');
    const t = env.transcript();
    expect(t.calls.map((c) => [c.tool, c.ok, c.error])).toEqual([
      ['submit_schedule', false, 'invalid_args'], ['stop_run', false, 'invalid_args'], ['train_harder', false, 'unknown_tool'], ['launch_training', false, 'precondition'],
    ]);
    expect(t.errors).toBe(4);
    expect(TOOL_NAMES).toHaveLength(17);
  });

  it('enforces the tool-call budget (finish still accepted) and refuses calls after finish', () => {
    const env = new EnvSession(episodeSpec('qwen3-8b.correct', { budgets: { maxToolCalls: 2 } }));
    expect(env.call('read_briefing', {}).ok).toBe(true);
    expect(env.call('inspect_data', {}).ok).toBe(true);
    const r = env.call('inspect_data', {});
    expect(!r.ok && r.error.code).toBe('budget_exhausted');
    expect(env.call('finish', { tokens_in: 150_000, tokens_out: 60_000 }).ok).toBe(true);
    const after = env.call('read_briefing', {});
    expect(!after.ok && after.error.code).toBe('finished');
    const t = env.transcript();
    expect(t.over_budget).toEqual({ tool_calls: true, tokens: true });
    expect(t.tokens).toEqual({ in: 150_000, out: 60_000 });
  });

  it('produces an episode record in the oracle\'s schema even when the agent did nothing', () => {
    const env = new EnvSession(episodeSpec('gemma-2-9b-it.mask', { agent: 'idle', seed: 4 }));
    env.call('finish', {});
    const p = parseEpisode(JSON.parse(JSON.stringify(env.record())));
    expect(p.ok).toBe(true);
    expect(env.record().episode_id).toBe('idle/gemma-2-9b-it.mask/s4/ctl/neutral');
    expect(env.record().artifacts.intake).toBeNull();
  });

  it('rejects a bad episode specification with a coded error', () => {
    expect(() => episodeSpec('nope')).toThrow(/unknown ticket: "nope" \(expected one of qwen3-8b.correct/);
    expect(() => episodeSpec('qwen3-8b.correct', { seed: 1.5 })).toThrow(/invalid episode seed: 1.5 \(expected an integer\)/);
  });
});
