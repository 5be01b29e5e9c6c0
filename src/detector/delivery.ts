/**
 * Exactly-once delivery of probe rounds by `seq` (see apply.ts for the contract): the in-order
 * buffer, gap handling and duplicate counting. Mutates the draft state it is given.
 */
import type { OutputLine, ProbeEvent } from '../telemetry/schema.js';
import { clockUpdate } from './cost.js';
import { applyRound } from './round.js';
import { toPending } from './probe-round.js';
import { needsIdHashes } from './draws.js';
import type { DetectorState, PendingRound } from './state.js';

function applyDue(s: DetectorState, out: OutputLine[]): void {
  const del = s.delivery;
  while (del.pending.length > 0 && (del.pending[0] as PendingRound).seq === del.nextSeq) {
    const r = del.pending[0] as PendingRound;
    del.pending = del.pending.slice(1);
    applyRound(s, r, out);
    s.probe_clock = clockUpdate(s.probe_clock, r.step, r.ts ?? undefined);
    del.nextSeq += 1;
  }
}

/** Gives up the missing seqs below the first buffered round and applies what is then due. */
export function skipGap(s: DetectorState, out: OutputLine[]): void {
  const del = s.delivery;
  const first = del.pending[0];
  if (first === undefined) return;
  const missing: number[] = [];
  for (let q = del.nextSeq; q < first.seq; q++) missing.push(q);
  del.gapSeqs = [...del.gapSeqs, ...missing].slice(0, 1000);
  del.gapCount += missing.length;
  out.push({ type: 'notice', code: 'probe_gap', run: s.run, step: first.step, missing_seqs: missing.slice(0, 100), missing_count: missing.length, gap_after: del.gapAfter,
    message: `probe rounds ${missing[0]}..${missing[missing.length - 1]} never arrived (${del.pending.length} later rounds did; the rule gives a round up after ${del.gapAfter}); continuing from round ${first.seq} (evidence stays valid: a skipped round is simply not bet on)` });
  del.nextSeq = first.seq;
  applyDue(s, out);
}

/** Folds one probe event: duplicate, buffered, or applied with everything it unblocks. */
export function onProbe(s: DetectorState, ev: ProbeEvent, out: OutputLine[]): void {
  const del = s.delivery;
  if (ev.seq < del.nextSeq) {
    if (del.gapSeqs.includes(ev.seq)) del.late += 1; else del.duplicates += 1;
    return;
  }
  if (del.pending.length === 0 && ev.seq === del.nextSeq) { // in-order fast path: nothing buffered
    const r = toPending(ev, needsIdHashes(s.draws, s));
    applyRound(s, r, out);
    s.probe_clock = clockUpdate(s.probe_clock, r.step, r.ts ?? undefined);
    del.nextSeq += 1;
    return;
  }
  if (del.pending.some((p) => p.seq === ev.seq)) { del.duplicates += 1; return; }
  const r = toPending(ev, needsIdHashes(s.draws, s));
  const pending = [...del.pending];
  let i = pending.length;
  while (i > 0 && (pending[i - 1] as PendingRound).seq > r.seq) i--;
  pending.splice(i, 0, r);
  del.pending = pending;
  applyDue(s, out);
  // a lost round: given up once gapAfter later rounds have arrived (or the buffer overflows)
  while (del.pending.length > del.maxPending || del.pending.length >= del.gapAfter) skipGap(s, out);
}

