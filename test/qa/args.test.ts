import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { argsErrorMessage, checkOutputPath, joinNegativeValues } from '../../src/cli/args.js';
import { parseArgs } from 'node:util';

describe('joinNegativeValues', () => {
  it('joins a negative number to its value option only', () => {
    expect(joinNegativeValues(['--alpha', '-1', 'f'], ['alpha'])).toEqual(['--alpha=-1', 'f']);
    expect(joinNegativeValues(['--alpha', '-.5'], ['alpha'])).toEqual(['--alpha=-.5']);
    expect(joinNegativeValues(['--alpha', '-x'], ['alpha'])).toEqual(['--alpha', '-x']);
    expect(joinNegativeValues(['--json', '-1'], ['alpha'])).toEqual(['--json', '-1']);
  });
});

describe('argsErrorMessage', () => {
  it('names the unknown option and the verb to ask for help', () => {
    let err: unknown;
    try { parseArgs({ args: ['--nope'], options: {} }); } catch (e) { err = e; }
    expect(argsErrorMessage('score', err)).toBe("unknown option '--nope' (expected one of the options in tbdl score --help)");
  });
  it('names the option whose value is missing', () => {
    let err: unknown;
    try { parseArgs({ args: ['--out'], options: { out: { type: 'string' } } }); } catch (e) { err = e; }
    expect(argsErrorMessage('score', err)).toContain("'--out'");
  });
});

describe('checkOutputPath', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tbdl-qa-args-'));
  const file = join(dir, 'f');
  writeFileSync(file, '');
  mkdirSync(join(dir, 'd'));
  it('accepts new paths and the right kind, rejects the wrong kind', () => {
    expect(checkOutputPath('--out', join(dir, 'new', 'deeper'), 'dir')).toBeNull();
    expect(checkOutputPath('--out', join(dir, 'new', 'x.json'), 'file')).toBeNull();
    expect(checkOutputPath('--out', join(dir, 'd'), 'dir')).toBeNull();
    expect(checkOutputPath('--out', file, 'dir')).toContain('expected a directory');
    expect(checkOutputPath('--out', join(dir, 'd'), 'file')).toContain('expected a file');
    expect(checkOutputPath('--out', join(file, 'x.json'), 'file')).toContain('is a file');
  });
});
