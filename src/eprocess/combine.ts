/**
 * Combining e-values across runs (spec detector.md §5). `eProduct` (independent e-values) and
 * `eAverage` (any dependence) are kernels on log e-values. The fleet rules e-Bonferroni (FWER) and
 * e-BH (FDR; Wang & Ramdas 2022, JRSSB, "False discovery rate control with e-values") take an
 * {@link EValueSnapshot}: the CURRENT values of e-process states read at one common time by
 * {@link eSnapshot}. A snapshot cannot be built from numbers (the type is branded and forged
 * objects are rejected at run time), so e-BH on running maxima — invalid — cannot be expressed.
 */
import { issues, fail, EProcessError } from './errors.js';
import { bettingLogValue, logMeanExp, type BettingState } from './betting.js';
import { fixedProbeCombinerLogValue, type FixedProbeCombinerState } from './fixed-probe.js';

/** States whose current value is an e-value at any stopping time (e-processes). */
export type EProcessState = BettingState | FixedProbeCombinerState;

declare const snapshotBrand: unique symbol;
/** Current log e-values of R e-processes at one common time; only {@link eSnapshot} makes one. */
export interface EValueSnapshot {
  readonly [snapshotBrand]: true;
  readonly logValues: readonly number[];
}

const minted = new WeakSet<object>();

function checkLogs(logEs: readonly number[]): void {
  logEs.forEach((x, i) => { if (!(typeof x === 'number' && x < Infinity) || Number.isNaN(x)) fail(issues.invalidEValue(i, x)); });
}

/**
 * Log of the product of independent e-values: sum of logs.
 * @throws {EProcessError} invalid_evalue. @example eProduct([Math.log(2), Math.log(3)]) // log 6
 */
export function eProduct(logEs: readonly number[]): number {
  checkLogs(logEs);
  let s = 0;
  for (const x of logEs) s += x;
  return s;
}

/**
 * Log of the average of e-values (valid under any dependence); 0 (E = 1) for an empty list.
 * @throws {EProcessError} invalid_evalue. @example eAverage([Math.log(2), Math.log(4)]) // log 3
 */
export function eAverage(logEs: readonly number[]): number {
  checkLogs(logEs);
  return logEs.length === 0 ? 0 : logMeanExp(logEs);
}

/**
 * Reads the current value of every e-process state now, as one snapshot.
 * @example const snap = eSnapshot(runs.map((r) => r.betting)); eBH(snap, 0.05)
 */
export function eSnapshot(states: readonly EProcessState[]): EValueSnapshot {
  const logValues = Object.freeze(states.map((s) => (s.kind === 'betting' ? bettingLogValue(s) : fixedProbeCombinerLogValue(s))));
  const snap = Object.freeze({ logValues }) as unknown as EValueSnapshot;
  minted.add(snap);
  return snap;
}

function checkSnapshot(snap: EValueSnapshot, alpha: number): void {
  if (!minted.has(snap)) throw new EProcessError([issues.forgedSnapshot()]);
  if (!(alpha > 0 && alpha < 1)) fail(issues.invalidAlpha(alpha));
}

/** Which runs a fleet rule rejects (indices into the snapshot, ascending). */
export interface FleetDecision { readonly rejected: readonly number[]; readonly logThreshold: number }

/**
 * e-Bonferroni: reject run r when E_r >= R / alpha; family-wise error <= alpha under any dependence.
 * @throws {EProcessError} forged_snapshot, invalid_alpha.
 */
export function eBonferroni(snap: EValueSnapshot, alpha: number): FleetDecision {
  checkSnapshot(snap, alpha);
  const R = snap.logValues.length;
  const t = Math.log(R / alpha);
  const rejected: number[] = [];
  snap.logValues.forEach((x, i) => { if (x >= t) rejected.push(i); });
  return { rejected, logThreshold: t };
}

/**
 * e-BH (Wang & Ramdas 2022): with e-values sorted decreasingly e_(1) >= ... >= e_(R), let
 * k* = max{k : e_(k) >= R / (alpha k)}; reject the k* runs with the largest e-values. FDR <= alpha
 * under any dependence, for e-values read at one common time.
 * @throws {EProcessError} forged_snapshot, invalid_alpha.
 * @returns rejected indices and log(R / (alpha k*)) (Infinity when nothing is rejected).
 */
export function eBH(snap: EValueSnapshot, alpha: number): FleetDecision {
  checkSnapshot(snap, alpha);
  const R = snap.logValues.length;
  const order = snap.logValues.map((x, i) => [x, i] as const).sort((p, q) => q[0] - p[0] || p[1] - q[1]);
  let kStar = 0;
  for (let k = 1; k <= R; k++) if ((order[k - 1] as readonly [number, number])[0] >= Math.log(R / (alpha * k))) kStar = k;
  const rejected = order.slice(0, kStar).map((p) => p[1]).sort((a, b) => a - b);
  return { rejected, logThreshold: kStar === 0 ? Infinity : Math.log(R / (alpha * kStar)) };
}
