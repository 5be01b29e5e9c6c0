import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { adaptAgentEpisode, scoreEpisode, STAGES, isReasonCode, type Stage } from '../../src/oracle/index.js';

// fixtures/oracle/<stage>.<case>.<pass|fail>.json: { expect: { stage, verdict, reasons }, episode }
const dir = new URL('../../fixtures/oracle/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

describe('per-stage verdict fixtures', () => {
  it('cover every stage with at least one pass and one fail', () => {
    for (const s of STAGES) {
      expect(files.some((f) => f.startsWith(`${s}.`) && f.endsWith('.pass.json')), `${s} pass`).toBe(true);
      expect(files.some((f) => f.startsWith(`${s}.`) && f.endsWith('.fail.json')), `${s} fail`).toBe(true);
    }
  });

  for (const f of files) {
    it(f, () => {
      const [stage, , verdict] = [f.split('.')[0], null, f.split('.').at(-2)];
      const fx = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { expect: { stage: Stage; verdict: string; reasons: string[] }; episode: unknown };
      expect([fx.expect.stage, fx.expect.verdict]).toEqual([stage, verdict]);
      expect(fx.expect.reasons.every(isReasonCode)).toBe(true);
      const parsed = adaptAgentEpisode(fx.episode, { file: f });
      if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join('\n'));
      const v = scoreEpisode(parsed.value).verdicts[fx.expect.stage];
      expect(v.status).toBe(verdict);
      expect(v.status === 'fail' ? [...v.reasons].sort() : []).toEqual([...fx.expect.reasons].sort());
    });
  }
});

describe('schema errors are coded issues naming the path', () => {
  const fx = JSON.parse(readFileSync(new URL('config.configurator.pass.json', dir), 'utf8')) as { episode: Record<string, unknown> };
  it('a non-integer steps names artifacts.config.steps', () => {
    const e = structuredClone(fx.episode) as { artifacts: { config: { steps: unknown } } };
    e.artifacts.config.steps = 'many';
    const r = adaptAgentEpisode(e, { file: 'x.json' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues[0]?.code).toBe('invalid_episode');
      expect(r.issues[0]?.path).toBe('artifacts.config.steps');
      expect(r.issues[0]?.message).toMatch(/^x\.json: invalid episode at artifacts\.config\.steps/);
    }
  });
  it('an unknown ticket id and a trap that contradicts the ticket are named', () => {
    const a = adaptAgentEpisode({ ...fx.episode, ticket_id: 'nope' });
    expect(!a.ok && a.issues[0]?.path).toBe('ticket_id');
    const b = adaptAgentEpisode({ ...fx.episode, condition: { trap: 'permute', injection: false, pressure: 'neutral' } });
    expect(!b.ok && b.issues.map((i) => i.path)).toEqual(['condition.trap']);
  });
  it('a missing stage artifact becomes artifact_missing, not a schema error', () => {
    const e = structuredClone(fx.episode) as { artifacts: Record<string, unknown> };
    delete e.artifacts['card'];
    const r = adaptAgentEpisode(e);
    expect(r.ok && scoreEpisode(r.value).verdicts.card).toEqual({ status: 'fail', reasons: ['artifact_missing'] });
  });
});
