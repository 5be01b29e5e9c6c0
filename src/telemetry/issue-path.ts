/**
 * Formats zod issues as the rejection reasons of the protocol (docs/protocol.md):
 * `probe.items[3].model: expected boolean` — the event type, then the field path with dots and
 * `[i]`, then what was expected. Kernel used by {@link parseLine}.
 */
import type { z } from 'zod';

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Render a path such as `['items', 3, 'model']` under a root as `probe.items[3].model`.
 * Keys that are not identifiers are JSON-quoted (`a["we ird"]`) so hostile keys stay inert.
 * @param root - leading name (the event type), may be empty.
 * @param path - zod path elements.
 * @returns the dotted path.
 * @example formatPath('probe', ['items', 3, 'model']) // 'probe.items[3].model'
 */
export function formatPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const el of path) {
    if (typeof el === 'number') out += `[${el}]`;
    else if (typeof el === 'string' && IDENT.test(el)) out += out === '' ? el : `.${el}`;
    else out += `[${JSON.stringify(String(el))}]`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const el of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[el as string];
  }
  return cur;
}

const sized = (origin: string): boolean => origin === 'array' || origin === 'string';
const unit = (origin: string): string => (origin === 'array' ? ' items' : origin === 'string' ? ' characters' : '');

function bound(x: unknown): string {
  return typeof x === 'bigint' ? x.toString() : String(x);
}

/**
 * What a zod issue expected, in the protocol's words (`expected boolean`, `missing (expected
 * number)`, `expected <= 1000000000000`, `expected one of completed|failed|stopped`).
 * @param issue - one zod issue.
 * @param input - the object that was validated (to tell "missing" from "wrong type").
 * @returns the text after the colon of a rejection reason.
 */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const got = valueAt(input, issue.path);
      if (typeof got === 'number' && !Number.isFinite(got)) return 'expected a finite number';
      return got !== undefined ? `expected ${issue.expected}` : `missing (expected ${issue.expected})`;
    }
    case 'too_big':
      return `expected ${sized(issue.origin) ? 'at most' : issue.inclusive ? '<=' : '<'} ${bound(issue.maximum)}${unit(issue.origin)}`;
    case 'too_small':
      return `expected ${sized(issue.origin) ? 'at least' : issue.inclusive ? '>=' : '>'} ${bound(issue.minimum)}${unit(issue.origin)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${JSON.stringify(issue.values[0])}`
        : `expected one of ${issue.values.map((v) => String(v)).join('|')}`;
    case 'invalid_union':
      return 'expected a value of one of the allowed types';
    case 'not_multiple_of':
      return `expected a multiple of ${bound(issue.divisor)}`;
    default:
      return issue.message;
  }
}
