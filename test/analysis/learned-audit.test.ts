/**
 * Table (c), the Learned audit, shows a second Learned rule beside the first when detector_runs
 * carries the optional columns (the rule that decided, `learned_rule_id`, and each rule's decision,
 * `learned_<rule>`), and is unchanged without them. The report then shows them side by side.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeResults, getTable, openDb, RESULTS_COLUMNS } from '../../src/analysis/index.js';
import { buildReport } from '../../src/report/build.js';

const base = (run: string, b: number, c: number, learned: boolean) => ({
  run, source: 'simulated', base: 'B', seed: 1, arm: learned ? 'correct' : 'noise', planned_steps: 300, train_pass: true, learned, tbdl: !learned,
  mcnemar_p: null, b, c, n: 300, alarm: null, alarm_step: null, alarm_a_step: null, alarm_b_step: null, alarm_c_step: null,
  gpu_hours_spent: 1, usd_spent: 3, gpu_hours_saved: 0, usd_saved: 0,
});

async function results(rows: Record<string, unknown>[], extra: { name: string; type: 'VARCHAR' | 'BOOLEAN' }[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tbdl-audit-'));
  const db = await openDb();
  try {
    // the contract's optional Learned-rule columns are left out: each test adds the ones it needs
    const contract = RESULTS_COLUMNS.detector_runs.filter((c) => !/^learned_(rule_id|exact_margin|study)$/.test(c.name));
    await db.createTable('detector_runs', [...contract, ...extra], rows);
    await db.toParquet('detector_runs', join(dir, 'detector_runs.parquet'));
  } finally { db.close(); }
  return dir;
}

describe('learned audit with two Learned rules', () => {
  const rows = [
    { ...base('r1', 90, 10, true), learned_rule_id: 'exact_margin', learned_exact_margin: true, learned_study: true },
    // gain 16/300 = 0.053 >= margin 0.05: the study rule says learned, the valid default does not
    { ...base('r2', 20, 4, false), learned_rule_id: 'exact_margin', learned_exact_margin: false, learned_study: true },
    { ...base('r3', 3, 40, false), learned_rule_id: 'exact_margin', learned_exact_margin: false, learned_study: false },
  ];

  it('shows the deciding rule and both decisions side by side, with whether they agree', async () => {
    const dir = await results(rows, [{ name: 'learned_rule_id', type: 'VARCHAR' }, { name: 'learned_exact_margin', type: 'BOOLEAN' }, { name: 'learned_study', type: 'BOOLEAN' }]);
    const res = await analyzeResults(dir, { only: ['learned_audit'] });
    const t = getTable(res, 'learned_audit')!;
    const names = t.columns.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['rule', 'learned_exact_margin', 'learned_study', 'rules_agree']));
    expect(names.indexOf('learned_exact_margin')).toBe(names.indexOf('learned_study') - 1);
    const r2 = t.rows.find((r) => r['run'] === 'r2')!;
    expect(r2).toMatchObject({ rule: 'exact_margin', learned: false, learned_exact_margin: false, learned_study: true, rules_agree: false, verdict: 'TBDL' });
    expect(t.rows.find((r) => r['run'] === 'r1')!['rules_agree']).toBe(true);
    expect(t.notes.join(' ')).toContain('Learned rules side by side');
    const built = await buildReport(dir, { only: ['learned_audit', 'trap_base'] });
    const audit = built.doc.sections.flatMap((s) => s.tables).find((x) => x.title.startsWith('(c)'))!;
    expect(audit.columns).toEqual(expect.arrayContaining(['rule', 'learned_exact_margin', 'learned_study', 'rules_agree']));
  });

  it('is unchanged without the optional columns, or when they are all NULL (control)', async () => {
    const plain = rows.map(({ learned_rule_id: _a, learned_exact_margin: _b, learned_study: _c, ...r }) => r);
    const t0 = getTable(await analyzeResults(await results(plain, []), { only: ['learned_audit'] }), 'learned_audit')!;
    const empty = plain.map((r) => ({ ...r, learned_study: null }));
    const t1 = getTable(await analyzeResults(await results(empty, [{ name: 'learned_study', type: 'BOOLEAN' }]), { only: ['learned_audit'] }), 'learned_audit')!;
    for (const t of [t0, t1]) {
      expect(t.columns.map((c) => c.name)).not.toContain('rules_agree');
      expect(t.columns.map((c) => c.name)).not.toContain('learned_study');
      expect(t.columns.at(-1)!.name).toBe('verdict');
    }
  });
});
