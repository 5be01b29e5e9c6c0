/**
 * Stage verdicts as a discriminated union (style.md #5) and the graders' common input.
 */
import type { ReasonCode } from '../reasons.js';
import type { Ticket } from '../schema/ticket.js';
import type { Condition } from '../schema/condition.js';
import type { Artifacts } from '../schema/artifacts.js';
import type { Records } from '../schema/records.js';
import type { Gold } from '../gold.js';
import type { LearnedVerdict } from '../learned.js';
import type { Playbook } from '../playbook.js';

/** A stage verdict: pass, or fail with at least one reason code. */
export type Verdict = { status: 'pass' } | { status: 'fail'; reasons: ReasonCode[] };

/** What every grader reads (never the trained model). `learned` is null when no gold eval exists. */
export interface GradeInput {
  ticket: Ticket;
  condition: Condition;
  artifacts: Artifacts;
  records: Records;
  gold: Gold;
  learned: LearnedVerdict | null;
  playbook: Playbook;
}

/** A grader: a pure function of its input. */
export type Grader = (x: GradeInput) => Verdict;

const PASS: Verdict = Object.freeze({ status: 'pass' }) as Verdict;

/** Pass when `reasons` is empty, else fail with them (deduplicated, in order). */
export function verdictOf(reasons: readonly ReasonCode[]): Verdict {
  if (reasons.length === 0) return PASS;
  return { status: 'fail', reasons: [...new Set(reasons)] };
}

/** Relative closeness: |a - b| <= tol x max(|b|, floor). */
export function close(a: number, b: number, tol: number, floor = 1e-9): boolean {
  return Math.abs(a - b) <= tol * Math.max(Math.abs(b), floor);
}
