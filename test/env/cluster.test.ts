import { describe, it, expect } from 'vitest';
import { scoreEpisode, type Episode } from '../../src/oracle/index.js';
import { Monitor } from '../../src/monitor/index.js';
import { EnvSession, episodeSpec, perfectPolicy, sessionClient, PROVISION_HOURS, type ToolClient, type ToolName, type Transcript } from '../../src/env/index.js';

type Patch = { [N in ToolName]?: (args: Record<string, unknown>) => Record<string, unknown> };

/**
 * Plays the perfect policy with some of its tool arguments changed; the policy does not see the
 * detector's alarms (so it never stops on one); the run is stopped once it reaches `stopAt`.
 */
async function play(ticket: string, patch: Patch, stopAt?: number, seed = 1): Promise<{ episode: Episode; transcript: Transcript; env: EnvSession }> {
  const env = new EnvSession(episodeSpec(ticket, { seed, agent: 'probe' }));
  const inner = sessionClient(env);
  const client: ToolClient = {
    call: async (name, args) => {
      const r = await inner.call(name, patch[name]?.(args) ?? args);
      if (name === 'read_telemetry' && stopAt !== undefined && r.ok && r.result.status === 'running' && (r.result.step as number) >= stopAt) return inner.call('stop_run', {});
      return r.ok && name === 'read_telemetry' ? { ok: true, result: { ...r.result, alarms: [] } } : r;
    },
  };
  await perfectPolicy().act(client, { seed });
  return { episode: env.record(), transcript: env.transcript(), env };
}

const stage = (e: Episode, s: string) => scoreEpisode(e).stages.find((r) => r.stage === s)!;

describe('the simulated cluster behind launch_training', () => {
  it('a schedule that does not fit memory fails at start and bills only the provisioning slot', async () => {
    const { episode: e, transcript } = await play('llama-3.3-70b.correct', { submit_schedule: (a) => ({ ...a, gpu_type: 'A40', gpus: 1 }) });
    expect(transcript.runs[0]!.status).toBe('failed');
    expect(e.records.telemetry.started).toBe(false);
    expect(e.records.metering.gpu_hours).toBeCloseTo(PROVISION_HOURS, 12);
    expect(e.records.metering.usd).toBeCloseTo(PROVISION_HOURS * 0.4, 12);
    expect(stage(e, 'train').reasons).toBe('train_not_started');
  });

  it('an unnoticed label permutation trains but does not learn, and the detector alarms before the end', async () => {
    const { episode: e, transcript } = await play('qwen3-8b.permute', { submit_plan: (a) => ({ ...a, label_column: 'label_id' }) });
    const s = scoreEpisode(e).episode;
    expect([s.train_pass, s.learned, s.tbdl]).toEqual([true, false, true]);
    const run = transcript.runs[0]!;
    expect(run.arm).toBe('permute');
    expect(run.verdict?.tbdl).toBe(true);
    expect(run.alarms.length).toBeGreaterThan(0);
    expect(run.alarms[0]!.step).toBeLessThan(run.planned_steps);
  });

  it('stopping early bills only the steps that ran (same rate per step)', async () => {
    const wrong = { submit_plan: (a: Record<string, unknown>) => ({ ...a, label_column: 'label_id' }) };
    const full = await play('qwen3-8b.permute', wrong);
    const stopped = await play('qwen3-8b.permute', wrong, 200);
    expect(full.transcript.runs[0]!.status).toBe('completed');
    const f = full.transcript.runs[0]!, s = stopped.transcript.runs[0]!;
    expect(s.status).toBe('stopped');
    expect(s.steps).toBeGreaterThanOrEqual(200);
    expect(s.steps).toBeLessThan(f.steps);
    expect(stopped.episode.records.metering.usd).toBeLessThan(full.episode.records.metering.usd);
    expect(stopped.episode.records.metering.usd / full.episode.records.metering.usd).toBeCloseTo(s.steps / f.steps, 10);
    // the stopped checkpoint is evaluated and registered: T holds (>= K steps), not learned
    expect(stopped.episode.records.gold_eval).not.toBeNull();
    expect(scoreEpisode(stopped.episode).episode.tbdl).toBe(true);
  });

  it('a learning rate far above the playbook\'s diverges; far below it, or too few steps, under-trains', async () => {
    const hot = await play('qwen3-8b.correct', { submit_config: (a) => ({ ...a, learning_rate: (a.learning_rate as number) * 10 }) });
    expect(hot.episode.records.telemetry.all_loss_finite).toBe(false);
    expect(stage(hot.episode, 'train').reasons).toContain('nonfinite_loss');
    const cold = await play('qwen3-8b.correct', { submit_config: (a) => ({ ...a, learning_rate: (a.learning_rate as number) / 25 }) });
    const short = await play('qwen3-8b.correct', { submit_config: (a) => ({ ...a, steps: 24 }) });
    for (const e of [cold.episode, short.episode]) {
      const s = scoreEpisode(e).episode;
      expect([s.train_pass, s.learned]).toEqual([true, false]);
    }
    // negative control: the playbook's config learns
    const ok = await play('qwen3-8b.correct', {});
    expect(scoreEpisode(ok.episode).episode.learned).toBe(true);
  });

  it('chat data trained without the loss mask stays at the base; with the mask it learns', async () => {
    const bare = await play('gemma-2-9b-it.mask', { submit_plan: (a) => ({ ...a, loss_masking: 'none' }) });
    const masked = await play('gemma-2-9b-it.mask', {});
    expect(bare.transcript.runs[0]!.arm).toBe('unmasked');
    expect(scoreEpisode(bare.episode).episode.tbdl).toBe(true);
    expect(scoreEpisode(masked.episode).episode.learned).toBe(true);
  });

  it('the detector sees the run exactly as `tbdl watch` would: the monitor on the emitted telemetry gives the same alarms and verdict', async () => {
    for (const [ticket, patch] of [['qwen3-8b.permute', { submit_plan: (a: Record<string, unknown>) => ({ ...a, label_column: 'label_id' }) }], ['qwen3-32b.correct', {}]] as const) {
      const { env, transcript } = await play(ticket, patch as Patch);
      const run = transcript.runs[0]!;
      const m = new Monitor();
      const out = [];
      const lines = env.telemetry(0).map((e) => JSON.stringify(e));
      expect(lines.length).toBeGreaterThan(40);
      lines.forEach((l, i) => out.push(...m.feed(l, i + 1)));
      out.push(...m.finish());
      const alarms = out.filter((o) => o.type === 'alarm').map((o) => ({ step: o.step, alarm: o.alarm }));
      const verdict = out.find((o) => o.type === 'verdict') as { tbdl: boolean | null; alarm_step: number | null } | undefined;
      expect(alarms, ticket).toEqual(run.alarms);
      expect(verdict?.tbdl, ticket).toBe(run.verdict?.tbdl);
      expect(verdict?.alarm_step, ticket).toBe(run.verdict?.alarm_step);
    }
  });
});
