/**
 * The default mixture kernel (bettingUpdateMany, strategy 'mixture') on long paired streams: one
 * call over 65,536 items (inside the memoised log1p(n + 1) table), 1e6 and 1e7 items from a fresh
 * state, and 1e6 items starting at n = 1e7, each as items/s (median of REPS calls, passes
 * interleaved). Paired y in {0, 1/2, 1}, seeded. The question: does the rate hold past the
 * first 65,536 items?
 * Run: npm run bench -- eprocess-long   (about a minute)
 */
import { cpus, loadavg } from 'node:os';
import { createRng } from '../src/rng.js';
import { bettingInit, bettingUpdateMany, type BettingState } from '../src/eprocess/index.js';
import { median } from './interleaved.js';

const REPS = Number(process.env.TBDL_BENCH_ROUNDS ?? 5);
const rng = createRng(3);
const ys = new Float64Array(10_000_000);
for (let i = 0; i < ys.length; i++) { const u = rng.next(); ys[i] = u < 0.3 ? 0 : u < 0.75 ? 0.5 : 1; }
const fresh = bettingInit({ m: 0.525, strategy: 'mixture', alpha: 0.02 });
const late: BettingState = bettingUpdateMany(fresh, ys);
let sink = 0;
const cases: [string, number, () => void][] = [
  ['first 65,536 items (log1p table)', 65_536, () => { sink += bettingUpdateMany(fresh, ys.subarray(0, 65_536)).n; }],
  ['1e6 items from n = 0', 1e6, () => { sink += bettingUpdateMany(fresh, ys.subarray(0, 1e6)).n; }],
  ['1e7 items from n = 0', 1e7, () => { sink += bettingUpdateMany(fresh, ys).n; }],
  ['1e6 items from n = 1e7', 1e6, () => { sink += bettingUpdateMany(late, ys.subarray(0, 1e6)).n; }],
];
const rates = new Map<string, number[]>();
for (let r = 0; r <= REPS; r++) {
  for (const [name, n, fn] of cases) {
    const t = performance.now();
    fn();
    if (r > 0) (rates.get(name) ?? rates.set(name, []).get(name)!).push(n / ((performance.now() - t) / 1000)); // pass 0 warms up
  }
}
const first = median(rates.get(cases[0]![0])!);
console.table(cases.map(([name]) => ({ stream: name, M_items_per_s: +(median(rates.get(name)!) / 1e6).toFixed(2), vs_first_65536: +(median(rates.get(name)!) / first).toFixed(3) })));
console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`);
if (sink === -1) console.log(sink);
