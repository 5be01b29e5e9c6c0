/**
 * The draw check's fast paths (sampler inlined, position and pool_ids keys without strings) give
 * exactly what the plain definitions give: the sampler against createRng, the keys against idsKey,
 * and whole detector states over seeded random runs (every id form, honest and tampered rounds)
 * against a digest recorded from the implementation before the fast paths.
 */
import { createHash } from 'node:crypto';
import { describe, it, expect } from 'vitest';
import { createRng } from '../../src/rng.js';
import { detectorApply, detectorInit, idsKey, probeRoundSeed, sampleProbe } from '../../src/detector/index.js';
import { pooledIdsKey, positionsKey } from '../../src/detector/probe-round.js';
import type { ProbeEvent, RunEvent } from '../../src/telemetry/schema.js';

/** Final states (JSON) and output lines of 16 seeded runs over the four id forms; 1 round in 25 tampered. */
function runs(): { digest: string; mismatches: number; clean: number } {
  let mismatches = 0, clean = 0;
  const rng = createRng(20261203);
  const parts: string[] = [];
  for (let t = 0; t < 16; t++) {
    const form = t % 4; // 0 positions, 1 pool_ids, 2 bound (other ids in draw order), 3 unseeded (overlap test)
    const pool = [50, 1000, 70000][t % 3] as number, size = 8 + rng.int(60), rounds = 40 + rng.int(40);
    const poolIds = form === 1 ? Array.from({ length: pool }, (_, i) => `q${(i * 7919) % 100003}`) : null;
    const run: RunEvent = {
      v: 1, type: 'run', run: `r${t}`, base: { model: 'm', pool_size: pool, pool_accuracy: 0.4 },
      probe: { size, every: 10, sampling: 'with_replacement', seed: form === 3 ? null : 1000 + t, ...(poolIds ? { pool_ids: poolIds } : {}) },
      plan: { steps: rounds * 10, gpus: 1, gpu_type: 'H200', usd_per_gpu_hour: 3, seconds_per_step: 12 },
      design: { alpha: 0.05, margin: 0.05, warmup_step: 100 },
    } as RunEvent;
    let s = detectorInit(run);
    for (let k = 1; k <= rounds; k++) {
      const pos = form === 3 ? Array.from({ length: size }, () => rng.int(pool)) : sampleProbe({ poolSize: pool, size, seed: 1000 + t, round: k });
      if (rng.int(25) === 0) pos[rng.int(size)] = rng.int(pool); // tampered (or, by chance, unchanged)
      const items = pos.map((p) => ({ id: form === 1 ? (poolIds as string[])[p] as string : form === 2 ? `b${p * 31}` : String(p), base: p % 5 < 2, model: rng.next() < 0.5 }));
      const ev: ProbeEvent = { v: 1, type: 'probe', run: `r${t}`, step: 10 * k, seq: k, items };
      const res = detectorApply(s, ev);
      s = res.state;
      parts.push(JSON.stringify(res.out));
      for (const l of res.out) if (l.type === 'notice' && l.code === 'probe_draw_mismatch') mismatches++;
    }
    parts.push(JSON.stringify(s));
    if (s.draws.status !== 'failed') clean++;
  }
  return { digest: createHash('sha256').update(parts.join('\n')).digest('hex'), mismatches, clean };
}

describe('draw check fast paths', () => {
  it('the inlined sampler draws what createRng(probeRoundSeed(seed, round)).int(poolSize) draws', () => {
    const r = createRng(5);
    for (let t = 0; t < 600; t++) {
      const pool = t % 3 === 0 ? 1 + r.int(4294967295) : t % 3 === 1 ? 1 + r.int(1000) : 4294967296 - r.int(5);
      const size = 1 + r.int(80), seed = (t % 2 ? -1 : 1) * (r.int(2 ** 31) * 1000 + r.int(1000)), round = 1 + r.int(100000);
      const g = createRng(probeRoundSeed(seed, round));
      const ref = Array.from({ length: size }, () => g.int(pool));
      expect(sampleProbe({ poolSize: pool, size, seed, round })).toEqual(ref);
    }
  });
  it('positionsKey and pooledIdsKey equal idsKey of the strings (cached and uncached paths)', () => {
    const r = createRng(6);
    for (let t = 0; t < 400; t++) {
      const hi = t % 2 ? 4294967296 : 1 << 16; // above the position cache and within it
      const pos = Array.from({ length: 1 + r.int(70) }, () => r.int(hi));
      const n = 1 + r.int(pos.length);
      expect(positionsKey(pos, n)).toBe(idsKey(pos.slice(0, n).map(String)));
    }
    const ids = Array.from({ length: 500 }, (_, i) => `id-${i * 7}`);
    for (let t = 0; t < 50; t++) { // the first call hashes directly, later ones use the cached lanes
      const pos = Array.from({ length: 64 }, () => r.int(500));
      expect(pooledIdsKey(ids, pos, 64)).toBe(idsKey(pos.map((p) => ids[p])));
    }
    expect(positionsKey([1, 2], 2)).not.toBe(positionsKey([1, 3], 2)); // negative control
  });
  it('states and output lines of random runs are bit-identical to the implementation before', () => {
    const r = runs();
    expect(r.mismatches).toBeGreaterThan(3); // tampered rounds are caught (the runs exercise failures)
    expect(r.clean).toBeGreaterThan(0); // and some runs stay unfailed
    expect(r.digest).toBe(DIGEST);
  });
});

/** sha256 of runs() computed with the plain implementation (createRng sampler, idsKey of strings). */
const DIGEST = '045ff33a226e49dbb8d30f442cd238c231b12a123660ef5cbc3dd33af2a2ada2';
