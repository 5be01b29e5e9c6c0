/**
 * E-process benchmark: `npx tsx bench/eprocess.ts` (about 45 s).
 * - per-item streaming update (bettingUpdateMany over a Float64Array; bettingUpdate one call per
 *   item) for every strategy; target >= 10 M items/s;
 * - per-round count update (bettingUpdateRounds; bettingUpdateRound one call per round); target
 *   >= 1 M rounds/s;
 * - SR / CUSUM e-detector cost per round (round e-value + detector update) and the hedged (grid
 *   200) and empirical-Bernstein CS update cost per round;
 * - calibration: Math.log1p alone, and the plug-in arithmetic hand-inlined over a Float64Array
 *   (the speed of light for the plug-in kernel), to scale the numbers to an idle machine;
 * - reference measured in the same run: a straightforward per-item loop written here (array of
 *   {base, model} objects, immutable spread state, Math.log(1 + x)), the plug-in strategy;
 * - the default mixture through its specialised kernel (kernel-fused.ts, what bettingUpdateMany runs) vs
 *   the generic per-strategy loop it replaced (kernel.ts runItemsGeneric, bit-identical states),
 *   paired and continuous y, and from n = 2^20 (past the memoised log1p(n + 1) table), with their
 *   ratio; plus an interleaved A/B of the two (medians of alternating calls).
 */
import { Bench } from 'tinybench';
import {
  bettingInit, bettingUpdate, bettingUpdateMany, bettingUpdateRound, bettingUpdateRounds, roundLogEValue, srInit, srUpdate,
  cusumInit, cusumUpdate, hedgedCsInit, hedgedCsUpdateRound, ebCsInit, ebCsUpdateRound, STRATEGIES,
  type PairedCounts, type BettingState,
} from '../src/eprocess/index.js';
import { cloneState, runItemsGeneric } from '../src/eprocess/kernel.js';
import { createRng } from '../src/rng.js';

const N_ITEMS = 65_536, N_ROUNDS = 4096, M = 0.525;
const rng = createRng(1);
const items = Array.from({ length: N_ITEMS }, () => ({ base: rng.next() < 0.6, model: rng.next() < 0.6 }));
const ys = Float64Array.from(items, (it) => (Number(it.model) - Number(it.base) + 1) / 2);
const rounds: PairedCounts[] = Array.from({ length: N_ROUNDS }, () => {
  let minus = 0, plus = 0;
  for (let i = 0; i < 64; i++) { const d = Number(rng.next() < 0.6) - Number(rng.next() < 0.6); if (d < 0) minus++; else if (d > 0) plus++; }
  return { minus, zero: 64 - minus - plus, plus };
});

/** The straightforward reference: plug-in betting over an array of objects, one new object per item. */
interface NaiveState { n: number; sum: number; sumSq: number; logW: number }
function naivePlugin(list: readonly { base: boolean; model: boolean }[]): number {
  let st: NaiveState = { n: 0, sum: 0, sumSq: 0, logW: 0 };
  for (const it of list) {
    const y = ((it.model ? 1 : 0) - (it.base ? 1 : 0) + 1) / 2;
    const mean = st.n > 0 ? st.sum / st.n : 0;
    const variance = (0.25 + Math.max(0, st.sumSq - st.n * mean * mean)) / (st.n + 1);
    const t = st.n + 1;
    const lam = Math.min(Math.sqrt((2 * Math.log(1 / 0.05)) / (variance * t * Math.log(1 + t))), 0.5 / (1 - M));
    st = { ...st, n: st.n + 1, sum: st.sum + y, sumSq: st.sumSq + y * y, logW: st.logW + Math.log(1 + lam * (M - y)) };
  }
  return st.logW;
}

/** Lower bound on cost: the same plug-in arithmetic hand-inlined over a Float64Array (no state object). */
function inlinedPlugin(y: Float64Array, m: number, lmax: number, logInvAlpha: number): number {
  let n = 0, s1 = 0, s2 = 0, w = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i] as number, q = n > 0 ? s2 - (s1 * s1) / n : 0, t = n + 1;
    const lam = Math.min(lmax, Math.sqrt((2 * logInvAlpha) / (((0.25 + (q > 0 ? q : 0)) / (n + 1)) * t * Math.log1p(t))));
    w += Math.log1p(lam * (m - v));
    n += 1; s1 += v; s2 += v * v;
  }
  return w;
}

let sink = 0;
const bench = new Bench({ time: 700, warmupTime: 150 });
const perItem: { name: string; units: number; kind: string }[] = [];
const add = (name: string, units: number, kind: string, fn: () => void) => { bench.add(name, fn); perItem.push({ name, units, kind }); };

add('reference: naive per-item loop (plugin)', N_ITEMS, 'items', () => { sink += naivePlugin(items); });
add('bound: hand-inlined plug-in loop (Float64Array)', N_ITEMS, 'items', () => { sink += inlinedPlugin(ys, M, 0.5 / (1 - M), Math.log(20)); });
add('calibration: Math.log1p alone', N_ITEMS, 'calls', () => { let a = 0; for (let i = 0; i < N_ITEMS; i++) a += Math.log1p((ys[i] as number) * 0.3 + i * 1e-9); sink += a; });
for (const strategy of STRATEGIES) {
  const s0 = bettingInit({ m: M, strategy });
  add(`bettingUpdateMany ${strategy}`, N_ITEMS, 'items', () => { sink += bettingUpdateMany(s0, ys).n; });
}
const ysCont = Float64Array.from({ length: N_ITEMS }, () => rng.next());
for (const strategy of ['grid', 'mixture'] as const) {
  const s0 = bettingInit({ m: M, strategy });
  add(`bettingUpdateMany ${strategy}, continuous y`, N_ITEMS, 'items', () => { sink += bettingUpdateMany(s0, ysCont).n; });
}
{
  const s0 = bettingInit({ m: M });
  const generic = (y: Float64Array) => { const s = cloneState(s0); runItemsGeneric(s, y); sink += s.n; };
  add('mixture, generic loop (before the kernel)', N_ITEMS, 'items', () => generic(ys));
  add('mixture, generic loop (before), continuous y', N_ITEMS, 'items', () => generic(ysCont));
}
{
  // past the memoised log1p(n + 1) table (t < 65536): the plug-in calls Math.log1p again
  // built on first use (in the warm-up of its row): building it up front, before the rows above
  // ran, changed the JIT's feedback and slowed 'bettingUpdateMany plugin' from ~15 to ~9 M items/s
  let late: BettingState | undefined;
  const getLate = (): BettingState => (late ??= bettingUpdateRounds(bettingInit({ m: M }), Array.from({ length: 1 << 14 }, () => ({ minus: 16, zero: 32, plus: 16 }))));
  add('bettingUpdateMany mixture, from n = 2^20 (no log1p(t) table)', N_ITEMS, 'items', () => { sink += bettingUpdateMany(getLate(), ys).n; });
  add('mixture, generic loop (before), from n = 2^20', N_ITEMS, 'items', () => { const s = cloneState(getLate()); runItemsGeneric(s, ys); sink += s.n; });
}
for (const strategy of ['plugin', 'mixture'] as const) {
  const s0 = bettingInit({ m: M, strategy });
  add(`bettingUpdate per call ${strategy}`, N_ITEMS, 'items', () => { let s = s0; for (let i = 0; i < N_ITEMS; i++) s = bettingUpdate(s, ys[i] as number); sink += s.n; });
}
for (const strategy of STRATEGIES) {
  const s0 = bettingInit({ m: M, strategy });
  add(`bettingUpdateRounds ${strategy}`, N_ROUNDS, 'rounds', () => { sink += bettingUpdateRounds(s0, rounds).n; });
}
{
  const s0 = bettingInit({ m: M });
  add('bettingUpdateRound per call mixture', N_ROUNDS, 'rounds', () => { let s = s0; for (const r of rounds) s = bettingUpdateRound(s, r); sink += s.n; });
}
{
  const g0 = bettingInit({ m: M, strategy: 'grid' });
  add('SR: roundLogEValue(grid) + srUpdate', N_ROUNDS, 'rounds', () => { let sr = srInit(); for (const r of rounds) sr = srUpdate(sr, roundLogEValue(g0, r)); sink += sr.k; });
  add('CUSUM: roundLogEValue(grid) + cusumUpdate', N_ROUNDS, 'rounds', () => { let cu = cusumInit(); for (const r of rounds) cu = cusumUpdate(cu, roundLogEValue(g0, r)); sink += cu.k; });
  const e0 = [0.1, -0.2, 0.05, 1.3].map((x) => x);
  add('srUpdate alone (given log e-value)', N_ROUNDS, 'rounds', () => { let sr = srInit(); for (let i = 0; i < N_ROUNDS; i++) sr = srUpdate(sr, e0[i & 3] as number); sink += sr.k; });
}
const R_CS = 512;
add('hedgedCsUpdateRound (grid 200)', R_CS, 'rounds', () => { let h = hedgedCsInit(); for (let i = 0; i < R_CS; i++) h = hedgedCsUpdateRound(h, rounds[i] as PairedCounts); sink += h.n; });
add('ebCsUpdateRound', N_ROUNDS, 'rounds', () => { let e = ebCsInit(); for (const r of rounds) e = ebCsUpdateRound(e, r); sink += e.n; });

await bench.run();
const rate = (name: string): number => {
  const t = bench.tasks.find((x) => x.name === name);
  const r = t?.result as { throughput?: { mean: number } } | undefined;
  const u = perItem.find((p) => p.name === name)?.units ?? 1;
  return (r?.throughput?.mean ?? 0) * u;
};
const ref = rate('reference: naive per-item loop (plugin)');
console.table(perItem.map((p) => {
  const r = rate(p.name);
  return { task: p.name, [`per_s`]: `${(r / 1e6).toFixed(2)} M ${p.kind}/s`, ns_per_unit: +(1e9 / r).toFixed(1), vs_naive_items: p.kind === 'items' ? +(r / ref).toFixed(2) : '' };
}));
// Interleaved A/B (other jobs share the cores, so sequential tinybench rows drift): alternate one
// call of the mixture kernel (bettingUpdateMany) and one of the generic loop, 40 rounds after 8
// warm-up rounds, and compare median per-call times.
function interleaved(y: Float64Array): { fused: number; generic: number } {
  const s0 = bettingInit({ m: M }), tf: number[] = [], tg: number[] = [];
  for (let r = 0; r < 48; r++) {
    const a = performance.now(); sink += bettingUpdateMany(s0, y).n;
    const b = performance.now(); const s = cloneState(s0); runItemsGeneric(s, y); sink += s.n;
    const c = performance.now();
    if (r >= 8) { tf.push(b - a); tg.push(c - b); }
  }
  const med = (xs: number[]) => xs.sort((p, q) => p - q)[xs.length >> 1] as number;
  return { fused: (y.length / med(tf)) * 1e3, generic: (y.length / med(tg)) * 1e3 };
}
for (const [label, y] of [['paired', ys], ['continuous', ysCont]] as const) {
  const r = interleaved(y);
  console.log(`interleaved A/B, mixture, ${label} y: kernel ${(r.fused / 1e6).toFixed(2)} M items/s, generic loop ${(r.generic / 1e6).toFixed(2)} M items/s, ratio ${(r.fused / r.generic).toFixed(2)}x (medians of 40 calls)`);
}
const fusedP = rate('bettingUpdateMany mixture'), fusedC = rate('bettingUpdateMany mixture, continuous y');
const genP = rate('mixture, generic loop (before the kernel)'), genC = rate('mixture, generic loop (before), continuous y');
console.log(`mixture bettingUpdateMany (specialised kernel): paired ${(fusedP / 1e6).toFixed(1)} M items/s (target >= 10) ${fusedP >= 1e7 ? 'MET' : 'NOT MET'}, ${(fusedP / genP).toFixed(2)}x the generic loop; continuous ${(fusedC / 1e6).toFixed(1)} M items/s, ${(fusedC / genC).toFixed(2)}x`);
const many = rate('bettingUpdateMany plugin'), roundsMix = rate('bettingUpdateRounds mixture');
console.log(`per-item streaming (bettingUpdateMany plugin): ${(many / 1e6).toFixed(1)} M items/s (target >= 10) ${many >= 1e7 ? 'MET' : 'NOT MET'}`);
console.log(`per-round count update (bettingUpdateRounds mixture): ${(roundsMix / 1e6).toFixed(2)} M rounds/s (target >= 1) ${roundsMix >= 1e6 ? 'MET' : 'NOT MET'}`);
const cal = rate('calibration: Math.log1p alone');
console.log(`machine speed in this run: ${(1e9 / cal).toFixed(1)} ns per Math.log1p (about 5-10 ns on an idle modern core); load average ${(await import('node:os')).loadavg()[0]?.toFixed(1)}`);
if (sink === 42) console.log('');
