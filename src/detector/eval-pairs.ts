/**
 * Held-out eval pairs, each counted once by item id per split. An `eval` event adds its items to
 * its split's 2x2 table; an exact redelivery (same split, step and items) is a duplicate
 * (counted, no notice); an event that repeats any item id already counted in its split, or repeats
 * an id within itself, is rejected whole (the first delivery counts) with an `eval_repeated`
 * notice: pairs added twice would be taken as independent and inflate every Learned rule (at gain
 * = margin a repeated split took the margin test from 0.05 to 0.13). Chunks of a split with
 * distinct ids add up, in any order.
 *
 * Tables are a list of splits (no object keyed by the split name, so `__proto__` or
 * `constructor` is a split like any other); each split keeps its counted item ids as a sorted
 * array of 52-bit id hashes (at most EVAL_IDS_CAP per split; past it ids are no longer checked).
 */
import type { EvalEvent, OutputLine } from '../telemetry/schema.js';
import { idHash } from './probe-round.js';

/** Most item ids a split remembers for the once-per-id rule. */
export const EVAL_IDS_CAP = 1 << 20;

/** One split's paired table (a both right, b only model, c only base, d both wrong) and its counted ids. */
export interface EvalSplit { split: string; a: number; b: number; c: number; d: number; events: number; ids: number[] }

/** The eval part of the detector state. */
export interface EvalState {
  splits: EvalSplit[];
  /** Content keys of applied events (sorted), so a redelivered event counts once. */
  keys: string[];
  /** Events rejected for repeating item ids. */
  rejected: number;
}

/** Content key of an eval event (split, step, item count and an FNV hash of the items). */
export function evalKey(ev: EvalEvent): string {
  let h = 0x811c9dc5;
  const mix = (str: string) => { for (let i = 0; i < str.length; i++) h = Math.imul(h ^ str.charCodeAt(i), 0x01000193); };
  for (const it of ev.items) mix(`${it.id}\u0000${it.base ? 1 : 0}${it.model ? 1 : 0}\u0001`);
  return `${ev.split}\u0000${ev.step}\u0000${ev.items.length}\u0000${(h >>> 0).toString(16)}`;
}

function has(sorted: readonly number[], x: number): boolean {
  let lo = 0, hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1, v = sorted[mid] as number;
    if (v < x) lo = mid + 1; else if (v > x) hi = mid - 1; else return true;
  }
  return false;
}

function merge(a: readonly number[], b: number[]): number[] {
  b.sort((x, y) => x - y);
  const out: number[] = [];
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && (a[i] as number) < (b[j] as number))) out.push(a[i++] as number);
    else out.push(b[j++] as number);
  }
  return out;
}

/**
 * Folds one eval event. Pure.
 * @returns the new eval state, whether the event was an exact redelivery, and the notice to emit (null when none).
 * @example evalApply(evalInit(), ev, 'r1').state.splits[0].b
 */
export function evalApply(e: EvalState, ev: EvalEvent, run: string): { state: EvalState; duplicate: boolean; notice: OutputLine | null } {
  const key = evalKey(ev);
  if (e.keys.includes(key)) return { state: e, duplicate: true, notice: null };
  const i = e.splits.findIndex((x) => x.split === ev.split);
  const old: EvalSplit = i >= 0 ? (e.splits[i] as EvalSplit) : { split: ev.split, a: 0, b: 0, c: 0, d: 0, events: 0, ids: [] };
  const fresh: number[] = [];
  const within = new Set<number>();
  let repeated = 0;
  const t = { ...old };
  for (const it of ev.items) {
    const h = idHash(it.id);
    if (has(old.ids, h) || within.has(h)) { repeated++; continue; }
    within.add(h);
    if (old.ids.length + fresh.length < EVAL_IDS_CAP) fresh.push(h);
    if (it.model) { if (it.base) t.a++; else t.b++; } else if (it.base) t.c++; else t.d++;
  }
  if (repeated > 0) {
    return {
      state: { ...e, rejected: e.rejected + 1 }, duplicate: false,
      notice: {
        type: 'notice', code: 'eval_repeated', run, step: ev.step, split: ev.split, repeated_items: repeated, items: ev.items.length,
        message: `eval event for split ${JSON.stringify(ev.split)} at step ${ev.step} repeats ${repeated} item id(s) already counted: rejected (each held-out item counts once per split; the first delivery stands)`,
      },
    };
  }
  t.events += 1;
  t.ids = merge(old.ids, fresh);
  const splits = e.splits.slice();
  if (i >= 0) splits[i] = t; else splits.push(t);
  return { state: { ...e, splits, keys: [...e.keys, key].sort() }, duplicate: false, notice: null };
}

/** An empty eval state. */
export function evalInit(): EvalState {
  return { splits: [], keys: [], rejected: 0 };
}

/** The split named `name` (null when absent). */
export function evalSplitNamed(e: EvalState, name: string): EvalSplit | null {
  return e.splits.find((x) => x.split === name) ?? null;
}
