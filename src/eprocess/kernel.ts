/**
 * The mutable kernel behind the pure betting API (src/eprocess/betting.ts). Not exported from the
 * package: callers use bettingUpdate / bettingUpdateMany / bettingUpdateRound, which clone the
 * state once and then run these steps, so batch and streaming share every floating-point op.
 * Component use by strategy: plugin / agrapa / ons / grid alone; mixture = plugin + agrapa + grid.
 * (~255 lines, over the usual 200: every strategy's batch item loop, single item step, round step
 * and one-round e-value live together so their arithmetic stays visibly identical across paths.)
 */
import { meanHat, varHat, pluginLambda } from './estimates.js';
import type { Strategy } from './design.js';
import { gridBet, gridTable } from './grid-table.js';
import { runMixtureItems, FUSED_GRID_SIZE } from './kernel-fused.js';

export { gridBet } from './grid-table.js';

/** Counts of paired outcomes in one round: D = -1 (minus), 0 (zero), +1 (plus). */
export interface PairedCounts {
  readonly minus: number;
  readonly zero: number;
  readonly plus: number;
}

/** Online Newton step sub-state: log-wealth, current bet, running sum A of squared gradients. */
export interface OnsState { logW: number; lambda: number; a: number }

/** Mutable form of the betting state (see BettingState). */
export interface MutableBettingState {
  kind: 'betting';
  strategy: Strategy;
  m: number; c: number; alpha: number; lambdaMax: number; logInvAlpha: number;
  /** items seen, sum of y, sum of y^2, rounds seen (round updates only) */
  n: number; s1: number; s2: number; rounds: number;
  /** Component log-wealths; a component the strategy does not use stays at 0 (grid: empty). */
  plugin: number;
  agrapa: number;
  ons: OnsState;
  grid: number[];
}

/** ONS step-size constant 2 / (2 - log 3) (Cutkosky & Orabona 2018). */
export const ONS_BETA = 2 / (2 - Math.log(3));

/** Copies a state field by field (an explicit literal keeps one hidden class; spread is ~10x slower). */
export function cloneState(s: Readonly<MutableBettingState>): MutableBettingState {
  const o = s.ons;
  return {
    kind: 'betting', strategy: s.strategy, m: s.m, c: s.c, alpha: s.alpha, lambdaMax: s.lambdaMax, logInvAlpha: s.logInvAlpha,
    n: s.n, s1: s.s1, s2: s.s2, rounds: s.rounds, plugin: s.plugin, agrapa: s.agrapa,
    ons: { logW: o.logW, lambda: o.lambda, a: o.a },
    grid: s.grid.slice(),
  };
}

function clip(x: number, hi: number): number {
  return x > hi ? hi : x > 0 ? x : 0;
}

/** Plug-in bet, truncated to [0, lambdaMax]. */
export function pluginBet(s: Readonly<MutableBettingState>, r = 1): number {
  return clip(pluginLambda(s.logInvAlpha, s.n, s.s1, s.s2, s.n + r), s.lambdaMax);
}

/** aGRAPA bet (m - mu)/(sigma2 + (m - mu)^2), truncated to [0, lambdaMax]. */
export function agrapaBet(s: Readonly<MutableBettingState>): number {
  const d = s.m - meanHat(s.n, s.s1);
  return clip(d / (varHat(s.n, s.s1, s.s2) + d * d), s.lambdaMax);
}


/**
 * Applies ys[0..len) (each already validated in [0, 1]; `continuous` of them not in {0, 1/2, 1},
 * see betting.ts checkYs) item by item: the default mixture with
 * its 10-bet grid goes through the specialised kernel (kernel-fused.ts), every other state through
 * {@link runItemsGeneric}; both give bit-identical states.
 */
export function runItems(s: MutableBettingState, ys: ArrayLike<number>, continuous: number): void {
  if (s.strategy === 'mixture' && s.grid.length === FUSED_GRID_SIZE) { runMixtureItems(s, ys, continuous); return; }
  // in chunks, like the mixture kernel: short calls get the loop optimised as a whole instead of
  // on-stack (OSR) code that deoptimised at its exit on every call (state written back per chunk)
  const len = ys.length;
  for (let lo = 0; lo < len; lo += ITEM_CHUNK) runItemsGeneric(s, ys, lo, lo + ITEM_CHUNK < len ? lo + ITEM_CHUNK : len);
}

const ITEM_CHUNK = 2048;

/**
 * Applies ys[lo..hi) (default: all) item by item, any strategy. The state is hoisted into locals for the loop and
 * written back once (2x faster than field access per item); batch and streaming perform the
 * identical sequence of floating-point operations (single items use {@link stepItem}, the same
 * body on the state's fields). Also the reference the mixture kernel is tested against.
 */
export function runItemsGeneric(s: MutableBettingState, ys: ArrayLike<number>, lo = 0, hi = ys.length): void {
  const st = s.strategy, m = s.m, lmax = s.lambdaMax, L = s.logInvAlpha;
  const useP = st === 'plugin' || st === 'mixture', useA = st === 'agrapa' || st === 'mixture', useO = st === 'ons';
  const gr = s.grid, len = gr.length;
  const tab = len > 0 ? gridTable(lmax, m, len) : null;
  let n = s.n, s1 = s.s1, s2 = s.s2, wp = s.plugin, wa = s.agrapa;
  let oW = s.ons.logW, oLam = s.ons.lambda, oA = s.ons.a;
  for (let i = lo; i < hi; i++) {
    const y = ys[i] as number, z = m - y;
    if (useP || useA) {
      // varHat, pluginLambda and meanHat of estimates.ts written out (identical arithmetic; the
      // cross-module calls cost 2x in this loop)
      const q = n > 0 ? s2 - (s1 * s1) / n : 0;
      const v = (0.25 + (q > 0 ? q : 0)) / (n + 1);
      if (useP) {
        const t = n + 1;
        const lam = Math.sqrt((2 * L) / (v * t * Math.log1p(t)));
        wp += Math.log1p((lam > lmax ? lmax : lam > 0 ? lam : 0) * z);
      }
      if (useA) {
        const d = m - (0.5 + s1) / (n + 1), lam = d / (v + d * d);
        wa += Math.log1p((lam > lmax ? lmax : lam > 0 ? lam : 0) * z);
      }
    }
    if (useO) {
      const f = 1 + oLam * z;
      oW += Math.log(f);
      const g = -z / f;
      oA += g * g;
      oLam = clip(oLam - (ONS_BETA * g) / oA, lmax);
    }
    if (tab !== null) {
      if (y === 0 || y === 0.5 || y === 1) {
        const T = y === 0 ? tab.l0 : y === 1 ? tab.l1 : tab.lh;
        for (let j = 0; j < len; j++) gr[j] = (gr[j] as number) + (T[j] as number);
      } else {
        for (let j = 0; j < len; j++) gr[j] = (gr[j] as number) + Math.log1p(gridBet(lmax, j, len) * z);
      }
    }
    n += 1; s1 += y; s2 += y * y;
  }
  s.n = n; s.s1 = s1; s.s2 = s2; s.plugin = wp; s.agrapa = wa;
  s.ons.logW = oW; s.ons.lambda = oLam; s.ons.a = oA;
}

/**
 * One item on the state's fields: the loop body of {@link runItems} with the same arithmetic in the
 * same order (the batch == streaming law test checks the two stay bit-identical). Kept separate
 * because a one-item call through the loop costs ~4x more.
 */
export function stepItem(s: MutableBettingState, y: number): void {
  const st = s.strategy, m = s.m, lmax = s.lambdaMax, z = m - y, n = s.n, s1 = s.s1, s2 = s.s2;
  if (st === 'plugin' || st === 'agrapa' || st === 'mixture') {
    const q = n > 0 ? s2 - (s1 * s1) / n : 0;
    const v = (0.25 + (q > 0 ? q : 0)) / (n + 1);
    if (st !== 'agrapa') {
      const t = n + 1;
      const lam = Math.sqrt((2 * s.logInvAlpha) / (v * t * Math.log1p(t)));
      s.plugin += Math.log1p((lam > lmax ? lmax : lam > 0 ? lam : 0) * z);
    }
    if (st !== 'plugin') {
      const d = m - (0.5 + s1) / (n + 1), lam = d / (v + d * d);
      s.agrapa += Math.log1p((lam > lmax ? lmax : lam > 0 ? lam : 0) * z);
    }
  } else if (st === 'ons') {
    const o = s.ons, f = 1 + o.lambda * z;
    o.logW += Math.log(f);
    const g = -z / f;
    o.a += g * g;
    o.lambda = clip(o.lambda - (ONS_BETA * g) / o.a, lmax);
  }
  const gr = s.grid, len = gr.length;
  if (len > 0) {
    if (y === 0 || y === 0.5 || y === 1) {
      const tab = gridTable(lmax, m, len), T = y === 0 ? tab.l0 : y === 1 ? tab.l1 : tab.lh;
      for (let j = 0; j < len; j++) gr[j] = (gr[j] as number) + (T[j] as number);
    } else {
      for (let j = 0; j < len; j++) gr[j] = (gr[j] as number) + Math.log1p(gridBet(lmax, j, len) * z);
    }
  }
  s.n = n + 1; s.s1 = s1 + y; s.s2 = s2 + y * y;
}

/** log of the round factor at bet lam: a log1p(lam m) + b log1p(lam (m - 1/2)) + c log1p(lam (m - 1)). */
export function roundLogFactor(lam: number, m: number, a: number, b: number, c: number): number {
  return (a === 0 ? 0 : a * Math.log1p(lam * (m - 0))) + (b === 0 ? 0 : b * Math.log1p(lam * (m - 0.5))) + (c === 0 ? 0 : c * Math.log1p(lam * (m - 1)));
}

/** {@link roundLogFactor} from precomputed logs (bit-identical to it for the same bet). */
export function tableFactor(l0: number, lh: number, l1: number, a: number, b: number, c: number): number {
  return (a === 0 ? 0 : a * l0) + (b === 0 ? 0 : b * lh) + (c === 0 ? 0 : c * l1);
}

export function stepRound(s: MutableBettingState, a: number, b: number, c: number): void {
  const m = s.m, st = s.strategy;
  if (st === 'plugin' || st === 'mixture') s.plugin += roundLogFactor(pluginBet(s, a + b + c), m, a, b, c);
  if (st === 'agrapa' || st === 'mixture') s.agrapa += roundLogFactor(agrapaBet(s), m, a, b, c);
  if (st === 'ons') {
    const o = s.ons;
    const lam = o.lambda;
    o.logW += roundLogFactor(lam, m, a, b, c);
    const g = -((a * m) / (1 + lam * m) + (b * (m - 0.5)) / (1 + lam * (m - 0.5)) + (c * (m - 1)) / (1 + lam * (m - 1)));
    o.a += g * g;
    o.lambda = clip(lam - (ONS_BETA * g) / o.a, s.lambdaMax);
  }
  const gr = s.grid, len = gr.length;
  if (len > 0) {
    const t = gridTable(s.lambdaMax, m, len), l0 = t.l0, lh = t.lh, l1 = t.l1;
    for (let j = 0; j < len; j++) gr[j] = (gr[j] as number) + tableFactor(l0[j] as number, lh[j] as number, l1[j] as number, a, b, c);
  }
  s.n += a + b + c; s.s1 += 0.5 * b + c; s.s2 += 0.25 * b + c; s.rounds += 1;
}

function lme(xs: readonly number[]): number {
  let mx = -Infinity;
  for (const x of xs) if (x > mx) mx = x;
  let t = 0;
  for (const x of xs) t += Math.exp(x - mx);
  return mx + Math.log(t / xs.length);
}

/**
 * The log-wealth of each top-level component whose average is the process: [plugin] / [agrapa] /
 * [ons] / the 10 grid bets / [plugin, agrapa, log-mean of the grid] for the mixture.
 */
export function componentLogValues(s: Readonly<MutableBettingState>): number[] {
  switch (s.strategy) {
    case 'plugin': return [s.plugin];
    case 'agrapa': return [s.agrapa];
    case 'ons': return [s.ons.logW];
    case 'grid': return s.grid.slice();
    case 'mixture': return [s.plugin, s.agrapa, lme(s.grid)];
  }
}

/**
 * Log of the one-round e-value with the state's current (predictable) bets: the same average of
 * components as the process, each component contributing its round factor alone.
 */
export function roundLogEValueKernel(s: Readonly<MutableBettingState>, a: number, b: number, c: number): number {
  const m = s.m;
  switch (s.strategy) {
    case 'plugin': return roundLogFactor(pluginBet(s, a + b + c), m, a, b, c);
    case 'agrapa': return roundLogFactor(agrapaBet(s), m, a, b, c);
    case 'ons': return roundLogFactor(s.ons.lambda, m, a, b, c);
    case 'grid': return gridRoundLogMean(s.lambdaMax, s.grid.length, m, a, b, c);
    case 'mixture': return lme([roundLogFactor(pluginBet(s, a + b + c), m, a, b, c), roundLogFactor(agrapaBet(s), m, a, b, c), gridRoundLogMean(s.lambdaMax, s.grid.length, m, a, b, c)]);
  }
}

const scratch = new Float64Array(64);

/** log of the mean over `size` constant grid bets of the round factor, from the cached log-factors. */
export function gridRoundLogMean(lambdaMax: number, size: number, m: number, a: number, b: number, c: number): number {
  const xs = size <= scratch.length ? scratch : new Float64Array(size);
  const tab = gridTable(lambdaMax, m, size), l0 = tab.l0, lh = tab.lh, l1 = tab.l1;
  let mx = -Infinity;
  for (let j = 0; j < size; j++) { const x = tableFactor(l0[j] as number, lh[j] as number, l1[j] as number, a, b, c); xs[j] = x; if (x > mx) mx = x; }
  let t = 0;
  for (let j = 0; j < size; j++) t += Math.exp((xs[j] as number) - mx);
  return mx + Math.log(t / size);
}
