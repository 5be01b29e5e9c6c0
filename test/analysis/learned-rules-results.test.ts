import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runMonitorCli } from '../../src/monitor/cli-run.js';
import { analyzeResults } from '../../src/analysis/analyze.js';
import { captureIO, scratch } from '../monitor/cli-io.js';

/**
 * Both Learned rules reach the report: `replay --results` writes the rule that decided and each
 * rule's own decision into detector_runs, and analyze's learned audit (table c) shows them side
 * by side (fails without the columns: the audit then has no rule and no per-rule decision).
 */
describe('Learned rules side by side, from replay to the learned audit', () => {
  it('detector_runs carries learned_rule_id, learned_exact_margin and learned_study; the audit shows them', async () => {
    const dir = scratch('tbdl-rules-');
    const res = join(dir, 'results');
    const c = captureIO();
    expect([0, 1]).toContain(await runMonitorCli('replay', ['fixtures/traces/real', '--json', '--results', res], c.io));
    const verdicts = c.lines().filter((l) => l.type === 'verdict') as unknown as Array<Record<string, unknown>>;
    expect(verdicts.length).toBe(12);
    for (const v of verdicts) expect(v['learned_rule_id']).toBe('exact_margin');
    const a = await analyzeResults(res, { replicates: 100, only: ['learned_audit'] });
    const t = a.tables.find((x) => x.name === 'learned_audit')!;
    const names = t.columns.map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(['rule', 'learned_exact_margin', 'learned_study', 'rules_agree']));
    expect(t.rows).toHaveLength(12);
    for (const r of t.rows) {
      expect(r['rule']).toBe('exact_margin');
      const v = verdicts.find((x) => x['run'] === r['run'])!;
      expect(r['learned_exact_margin']).toBe(v['learned_exact_margin']);
      expect(r['learned_study']).toBe(v['learned_study']);
      expect(r['learned']).toBe(v['learned']);
    }
  });
});
