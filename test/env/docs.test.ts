import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { SYSTEM_PROMPT, TOOL_NAMES } from '../../src/env/index.js';

describe('docs/agents.md', () => {
  const doc = readFileSync('docs/agents.md', 'utf8');
  it('quotes the system prompt the benchmark uses, verbatim', () => {
    expect(doc).toContain(SYSTEM_PROMPT);
  });
  it('documents every tool', () => {
    for (const t of TOOL_NAMES) expect(doc, t).toContain(`\`${t}\``);
  });
});
