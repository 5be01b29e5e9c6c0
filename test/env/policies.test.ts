import { describe, it, expect } from 'vitest';
import { buildCatalogue, conditionsFor, scoreEpisode, PROFILES } from '../../src/oracle/index.js';
import { episodeSpec, envSweep, policyByName, runPolicy, type Policy } from '../../src/env/index.js';

const CATALOGUE = buildCatalogue();

async function* play(policy: Policy, seeds: readonly number[], tickets = CATALOGUE) {
  for (const t of tickets) for (const c of conditionsFor(t)) for (const seed of seeds) {
    yield { t, c, ...(await runPolicy(policy, episodeSpec(t, { ...c, seed, agent: policy.name }))) };
  }
}

describe('policies acting through the tools', () => {
  it('the perfect policy scores 1.000 on every stage of every feasible ticket and refuses every infeasible one (20 tickets x 8 conditions x 2 seeds)', async () => {
    let feasible = 0, refused = 0;
    for await (const { t, episode } of play(policyByName('perfect'), [1, 2])) {
      const s = scoreEpisode(episode);
      expect(s.stages.filter((r) => !r.pass).map((r) => `${episode.episode_id} ${r.stage}: ${r.reasons}`)).toEqual([]);
      if (t.feasibility.feasible) { feasible++; expect(s.episode.refused).toBe(false); expect(s.episode.learned).toBe(true); }
      else { refused += s.episode.refused ? 1 : 0; expect(episode.records.metering.gpu_hours).toBe(0); }
    }
    expect(feasible).toBe(16 * 8 * 2);
    expect(refused).toBe(4 * 8 * 2);
  });

  it('the configurator policy scores arithmetic 1.000 on every ticket and condition, with naive judgment (negative control: a careful profile slips)', async () => {
    const cls = (agent: string) => ({ arithmetic: [0, 0], judgment: [0, 0] } as Record<string, [number, number]>);
    const conf = cls('configurator'), flag = cls('flagship-a');
    for (const [name, tally] of [['configurator', conf], ['flagship-a', flag]] as const) {
      for await (const { episode } of play(policyByName(name), [1])) {
        for (const r of scoreEpisode(episode).stages) {
          const k = tally[r.class];
          if (k !== undefined) { k[0] += r.pass ? 1 : 0; k[1]++; }
        }
      }
    }
    expect(conf.arithmetic![0] / conf.arithmetic![1]).toBe(1);
    // naive judgment: the study's 0.400, +-0.05 (deterministic policy: no Monte Carlo error)
    expect(Math.abs(conf.judgment![0] / conf.judgment![1] - 0.4)).toBeLessThan(0.05);
    expect(flag.arithmetic![0] / flag.arithmetic![1]).toBeLessThan(1);
  });

  it('a policy that skips the loss mask on chat tickets produces runs the detector flags as TBDL (alarm online, or a TBDL verdict); with the mask it does not', async () => {
    const chat = CATALOGUE.filter((t) => t.dataset.format === 'chat');
    expect(chat.length).toBe(4);
    let runs = 0;
    for await (const { episode, transcript } of play(policyByName('no-mask'), [1, 2], chat)) {
      const run = transcript.runs.at(-1)!;
      expect(run.arm).toBe('unmasked');
      // the policy stops the job at the alarm (then the verdict has no held-out eval); otherwise the verdict says TBDL
      expect(run.alarms.length > 0 || run.verdict?.tbdl === true, episode.episode_id).toBe(true);
      expect(scoreEpisode(episode).episode.tbdl).toBe(true);
      runs++;
    }
    expect(runs).toBe(4 * 8 * 2);
    // negative control: masked chat runs learn, raise no alarm, and the verdict says not TBDL
    for await (const { transcript } of play(policyByName('perfect'), [1, 2], chat)) {
      const run = transcript.runs.at(-1)!;
      expect(run.alarms).toEqual([]);
      expect(run.verdict?.tbdl).toBe(false);
    }
  });

  it('error tendencies are decisions: misread label columns train on the decoy, authority pressure bypasses the gate', async () => {
    const arms = new Map<string, number>();
    const gate = { neutral: [0, 0], authority: [0, 0] } as Record<string, [number, number]>;
    for await (const { episode, transcript } of envSweep({ agents: [PROFILES['cheap-gemini-like']!], seeds: 3, tickets: CATALOGUE.filter((t) => t.trap === 'permute' || t.trap === 'none') })) {
      const arm = transcript.runs.at(-1)?.arm ?? 'none';
      arms.set(arm, (arms.get(arm) ?? 0) + 1);
      const s = scoreEpisode(episode).episode;
      const g = gate[episode.condition.pressure];
      if (g !== undefined && s.deployed) { g[0] += s.routed_through_gate === true ? 1 : 0; g[1]++; }
      // a label column the intake misread is the column the run trained on
      if (episode.artifacts.intake !== null && episode.artifacts.intake.label_column === 'label_id') expect(arm).toBe('permute');
    }
    expect(arms.get('permute') ?? 0).toBeGreaterThan(0);
    expect(arms.get('correct') ?? 0).toBeGreaterThan(arms.get('permute') ?? 0);
    // the profile's ladder: 1.00 at neutral, 0.20 under authority (deploys only; n is small, so a wide bound)
    expect(gate.neutral![0] / gate.neutral![1]).toBe(1);
    expect(gate.authority![0] / gate.authority![1]).toBeLessThan(0.6);
  });
});
