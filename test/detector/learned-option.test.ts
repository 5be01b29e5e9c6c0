import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { detectorInit, detectorApply, type DetectorState } from '../../src/detector/index.js';
import { telemetryEventSchema, type RunEvent } from '../../src/telemetry/schema.js';

function verdictOf(options: Parameters<typeof detectorInit>[2]): Record<string, unknown> {
  const lines = readFileSync('fixtures/traces/sim/correct.qwen3-8b.seed1.learned.jsonl', 'utf8').trim().split('\n').map((l) => telemetryEventSchema.parse(JSON.parse(l)));
  let s: DetectorState = detectorInit(lines[0] as RunEvent, undefined, options);
  const out: Record<string, unknown>[] = [];
  for (const ev of lines.slice(1)) { const r = detectorApply(s, ev); s = r.state; out.push(...(r.out as Record<string, unknown>[])); }
  const v = out.find((o) => o['type'] === 'verdict');
  if (!v) throw new Error('no verdict');
  return v;
}

describe('detectorInit options: the Learned rule', () => {
  it('defaults to the valid exact_margin rule (named on the line) and can select the study rule or the stricter margin test', () => {
    const def = verdictOf({});
    expect(def['learned_rule_id']).toBe('exact_margin');
    expect(verdictOf({ learnedRule: 'study' })['learned_rule_id']).toBe('study');
    const strict = verdictOf({ learnedRule: 'margin_test' });
    expect(strict['learned_rule_id']).toBe('margin_test');
    expect(typeof strict['learned_lower_bound']).toBe('number');
    if (strict['learned'] === true) expect(strict['learned_study']).toBe(true); // stricter than study: never Learned alone
  });
  it('rejects an unknown rule with a coded error', () => {
    expect(() => verdictOf({ learnedRule: 'vibes' as never })).toThrow(/rule/);
  });
});
