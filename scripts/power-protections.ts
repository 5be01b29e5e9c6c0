/**
 * Power cost of the protections of issue 10 (docs/power.md, "What the protections cost"): alarm
 * delay on a severe trap (64 items, base 0.33, fine-tuned 0.04, the study's setting) and a mild
 * trap (256 items, fine-tuned 0.35: 0.03 under the 0.05 margin), seeded and unseeded probes, B's
 * stratified (trusting) and paired (default) observation. Uses only detectorInit / detectorApply /
 * sampleProbe, so the same script runs on the code before the change.
 * Usage: npx tsx scripts/power-protections.ts [reps=200]
 */
import { createRng, type Rng } from '../src/rng.js';
import { detectorApply, detectorInit, sampleProbe } from '../src/detector/index.js';
import type { RunEvent, TelemetryEvent } from '../src/telemetry/schema.js';

const N = 1000, K = 30;

function pool(rng: Rng, modelRight: number): { base: boolean[]; model: boolean[] } {
  const base = Array.from({ length: N }, (_, i) => i < 330);
  const model = Array.from({ length: N }, () => false);
  const idx = Array.from({ length: N }, (_, i) => i);
  for (let i = N - 1; i > 0; i--) { const j = rng.int(i + 1); [idx[i], idx[j]] = [idx[j] as number, idx[i] as number]; }
  for (let i = 0; i < modelRight; i++) model[idx[i] as number] = true;
  return { base, model };
}

function firstAlarm(size: number, acc: number, seeded: boolean, opts: object, rep: number): { any: number | null; B: number | null } {
  const rng = createRng(31_000 + rep);
  const p = pool(rng, Math.round(acc * N));
  const probe: Record<string, unknown> = { size, every: 10, sampling: 'with_replacement' };
  if (seeded) probe['seed'] = 100 + rep;
  const run = { v: 1, type: 'run', run: `t${rep}`, base: { model: 'b', pool_size: N, pool_accuracy: 0.33 }, probe,
    plan: { steps: 300, gpus: 1, gpu_type: 'H200', usd_per_gpu_hour: 3 }, design: { alpha: 0.05, margin: 0.05, warmup_step: 100 } } as RunEvent;
  let st = detectorInit(run, undefined, opts);
  let any: number | null = null, B: number | null = null;
  for (let k = 1; k <= K; k++) {
    const pos = seeded ? sampleProbe({ poolSize: N, size, seed: 100 + rep, round: k }) : Array.from({ length: size }, () => rng.int(N));
    const ev = { v: 1, type: 'probe', run: run.run, step: 10 * k, seq: k, items: pos.map((q) => ({ id: String(q), base: p.base[q] as boolean, model: p.model[q] as boolean })) } as TelemetryEvent;
    const r = detectorApply(st, ev);
    st = r.state;
    for (const o of r.out) if (o.type === 'alarm') { any ??= k; if (o.alarm === 'not_learned') B ??= k; }
  }
  return { any, B };
}

const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s.length === 0 ? NaN : (s[(s.length - 1) >> 1] as number); };
const reps = Number(process.argv[2] ?? 200);
const rows: string[] = ['| trap | probe | B observation | caught | median first alarm (round) | median B alarm (round) |', '|---|---|---|---|---|---|'];
for (const [trap, size, acc] of [['severe (0.33 -> 0.04)', 64, 0.04], ['mild (0.33 -> 0.35)', 256, 0.35]] as const) {
  for (const seeded of [true, false]) {
    for (const [obs, opts] of [['stratified (trusts mu0)', { bMethod: { stratify: true } }], ['default', {}]] as const) {
      const res = Array.from({ length: reps }, (_, rep) => firstAlarm(size, acc, seeded, opts, rep));
      const any = res.map((r) => r.any).filter((x): x is number => x !== null), b = res.map((r) => r.B).filter((x): x is number => x !== null);
      rows.push(`| ${trap} | ${size}, ${seeded ? 'seeded' : 'unseeded'} | ${obs} | ${any.length}/${reps} | ${median(any)} | ${b.length > 0 ? median(b) : '-'} (${b.length}/${reps}) |`);
    }
  }
}
process.stdout.write(rows.join('\n') + '\n');
