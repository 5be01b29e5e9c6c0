/**
 * Throughput of the composed detector: probe rounds per second through detectorApply (exactly-once
 * bookkeeping, A + B + C, fixed-probe check, Clopper-Pearson interval, alarms), with its default
 * alarm B (stratified Kelly) and with B = the paired src/eprocess process, against the raw
 * e-process round update (bettingUpdateRound, alarm A alone), the raw three-alarm update from
 * precomputed counts (two capital processes + SR on a grid e-value) and the same from the items
 * (pairedCounts of each round's 64 items first: the least work any monitor must do per round),
 * on the same 300 simulated rounds of 64 items. Ratios are within this run (machine load cancels).
 * Run: npx tsx bench/detector.ts
 */
import { Bench } from 'tinybench';
import { createRng } from '../src/rng.js';
import { detectorApply, detectorInit, sampleProbe } from '../src/detector/index.js';
import {
  bettingInit, bettingLogValue, bettingUpdateRound, design, pairedCounts, roundGridLogEValue, srInit, srUpdate,
} from '../src/eprocess/index.js';
import type { ProbeEvent, RunEvent } from '../src/telemetry/schema.js';

const ROUNDS = 300;
const run: RunEvent = {
  v: 1, type: 'run', run: 'bench', base: { model: 'm', pool_size: 1000, pool_accuracy: 0.328 },
  probe: { size: 64, every: 10, sampling: 'with_replacement', seed: 1 },
  plan: { steps: ROUNDS * 10, gpus: 1, gpu_type: 'H200', usd_per_gpu_hour: 3, seconds_per_step: 12 },
  design: { alpha: 0.05, margin: 0.05, warmup_step: 100 },
};
const rng = createRng(2);
const events: ProbeEvent[] = [];
for (let k = 1; k <= ROUNDS; k++) {
  const acc = Math.min(0.78, 0.328 + 0.01 * k); // a healthy run: no alarm, every process keeps running
  const items = sampleProbe({ poolSize: 1000, size: 64, seed: 1, round: k }).map((i) => {
    const base = i < 328;
    return { id: String(i), base, model: rng.next() < (base ? Math.min(1, acc + 0.3) : Math.max(0, (acc - 0.328 * Math.min(1, acc + 0.3)) / 0.672)) };
  });
  events.push({ v: 1, type: 'probe', run: 'bench', step: 10 * k, seq: k, items });
}
const counts = events.map((e) => pairedCounts(e.items));
const d = design({ horizonRounds: ROUNDS });

let sink = 0;
const bench = new Bench({ time: 3000, warmup: true });
bench
  .add('detectorApply (composed, 300 rounds)', () => {
    let s = detectorInit(run);
    for (const e of events) s = detectorApply(s, e).state;
    sink += s.rounds.length;
  })
  .add('detectorApply, bMethod paired (300 rounds)', () => {
    let s = detectorInit(run, undefined, { bMethod: { kind: 'paired' } });
    for (const e of events) s = detectorApply(s, e).state;
    sink += s.rounds.length;
  })
  .add('raw A + B + C from items (300 rounds)', () => {
    let a = bettingInit({ m: d.nullMean.A }), b = bettingInit({ m: d.nullMean.B }), c = srInit();
    events.forEach((e, k) => {
      const x = pairedCounts(e.items);
      a = bettingUpdateRound(a, x);
      if (k + 1 >= d.warmupRound) { b = bettingUpdateRound(b, x); c = srUpdate(c, roundGridLogEValue(x, { m: d.nullMean.C })); }
    });
    sink += bettingLogValue(a) + bettingLogValue(b) + c.logR;
  })
  .add('raw bettingUpdateRound (alarm A only, 300 rounds)', () => {
    let a = bettingInit({ m: 0.5 });
    for (const c of counts) a = bettingUpdateRound(a, c);
    sink += bettingLogValue(a);
  })
  .add('raw A + B + C (300 rounds, from counts)', () => {
    let a = bettingInit({ m: d.nullMean.A }), b = bettingInit({ m: d.nullMean.B }), c = srInit();
    counts.forEach((x, k) => {
      a = bettingUpdateRound(a, x);
      if (k + 1 >= d.warmupRound) { b = bettingUpdateRound(b, x); c = srUpdate(c, roundGridLogEValue(x, { m: d.nullMean.C })); }
    });
    sink += bettingLogValue(a) + bettingLogValue(b) + c.logR;
  });

await bench.run();
const rate = (name: string) => {
  const t = bench.tasks.find((x) => x.name.startsWith(name));
  const r = t?.result as { latency?: { mean: number } } | undefined;
  const ms = r?.latency?.mean ?? NaN;
  return (ROUNDS / ms) * 1000;
};
const composed = rate('detectorApply (composed'), paired = rate('detectorApply, bMethod paired');
const rawA = rate('raw bettingUpdateRound'), rawABC = rate('raw A + B + C (300'), rawItems = rate('raw A + B + C from items');
console.log(`detectorApply (default B):     ${composed.toFixed(0)} rounds/s`);
console.log(`detectorApply (paired B):      ${paired.toFixed(0)} rounds/s`);
console.log(`raw A (betting) update:        ${rawA.toFixed(0)} rounds/s   (detectorApply is ${(rawA / composed).toFixed(1)}x slower)`);
console.log(`raw A + B + C update:          ${rawABC.toFixed(0)} rounds/s   (detectorApply is ${(rawABC / composed).toFixed(1)}x slower)`);
console.log(`raw A + B + C from the items:  ${rawItems.toFixed(0)} rounds/s   (detectorApply is ${(rawItems / composed).toFixed(1)}x slower)`);
console.log(`(sink ${sink > 0 ? 'ok' : 'zero'})`);
