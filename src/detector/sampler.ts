/**
 * The probe sampler (docs/readme/detector.md section 1): every round draws `size` pool indices
 * uniformly at random WITH replacement from a clean pool of `poolSize` items, fresh each round,
 * from a logged seed, so that E[D | past] = acc(checkpoint on pool) - mu0 holds by construction.
 *
 * Reproducibility: round r of seed s uses `createRng(probeRoundSeed(s, r))` (xoshiro128** from
 * src/rng.ts) and takes `size` successive `rng.int(poolSize)` draws. probeRoundSeed mixes the two
 * integers with the murmur3 32-bit finaliser, so rounds and seeds give unrelated streams.
 */
import { createRng } from '../rng.js';
import { detectorErrors } from './errors.js';

/** Input of {@link sampleProbe}. */
export interface ProbeSampleInput {
  /** Clean-pool size, integer in [1, 2^32]. */
  poolSize: number;
  /** Items per round, integer >= 1 (the study: 64). */
  size: number;
  /** The run's logged probe seed (any integer; its low 32 bits and high bits both mix in). */
  seed: number;
  /** Probe round, integer >= 1 (the event's `seq`). */
  round: number;
}

function fmix32(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The 32-bit seed of probe round `round` under run seed `seed` (documented so that other
 * languages can reproduce the draws).
 * @example probeRoundSeed(7, 1) !== probeRoundSeed(7, 2)
 */
export function probeRoundSeed(seed: number, round: number): number {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  return fmix32(fmix32(lo ^ 0x3c6ef372) ^ Math.imul(hi, 0x27d4eb2f) ^ fmix32((round >>> 0) + 0x9e3779b9));
}

/**
 * Fresh probe draw for one round: `size` pool indices in [0, poolSize), with replacement.
 * Pure and deterministic in (poolSize, size, seed, round).
 * @returns pool indices (duplicates possible, as with-replacement sampling requires).
 * @throws `invalid_sampler` for a non-integer or out-of-range field.
 * @example sampleProbe({ poolSize: 1000, size: 64, seed: 7, round: 1 }) // 64 indices, same every call
 */
export function sampleProbe(input: ProbeSampleInput): number[] {
  const { poolSize, size, seed, round } = input;
  checkSamplerInput(poolSize, size, seed, round);
  const out = new Array<number>(size);
  drawInto(poolSize, size, probeRoundSeed(seed, round), out);
  return out;
}

function checkSamplerInput(poolSize: number, size: number, seed: number, round: number): void {
  if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 4294967296) throw detectorErrors.invalidSampler('poolSize', poolSize, 'an integer in [1, 2^32]');
  if (!Number.isInteger(size) || size < 1 || size > 1e7) throw detectorErrors.invalidSampler('size', size, 'an integer in [1, 1e7]');
  if (!Number.isSafeInteger(seed)) throw detectorErrors.invalidSampler('seed', seed, 'a safe integer');
  if (!Number.isInteger(round) || round < 1) throw detectorErrors.invalidSampler('round', round, 'an integer >= 1');
}

/**
 * The draw of {@link sampleProbe} written into `out[0..size)` (reused by the draw check, so a
 * round allocates nothing). Same inputs and checks as sampleProbe; identical values.
 * @throws `invalid_sampler` for a non-integer or out-of-range field.
 */
export function sampleProbeInto(poolSize: number, size: number, seed: number, round: number, out: number[]): void {
  checkSamplerInput(poolSize, size, seed, round);
  drawInto(poolSize, size, probeRoundSeed(seed, round), out);
}

/** The splitmix32 output function of state `z` (src/rng.ts). */
function splitmixOut(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * createRng(seed32) (src/rng.ts: splitmix32 seeding, xoshiro128**) and `size` rng.int(poolSize)
 * draws, inlined: no closures, no allocation (sampler.test.ts checks it against createRng).
 */
function drawInto(poolSize: number, size: number, seed32: number, out: number[]): void {
  let sm = ((seed32 >>> 0) ^ 0x5bd1e995) >>> 0; // createRng: Math.floor(seed) ^ 0x5bd1e995 into splitmix32
  sm = (sm + 0x9e3779b9) >>> 0; let a = splitmixOut(sm);
  sm = (sm + 0x9e3779b9) >>> 0; let b = splitmixOut(sm);
  sm = (sm + 0x9e3779b9) >>> 0; let c = splitmixOut(sm);
  sm = (sm + 0x9e3779b9) >>> 0; let d = splitmixOut(sm);
  if ((a | b | c | d) === 0) a = 1;
  a |= 0; b |= 0; c |= 0; d |= 0; // the same 32 bits as int32: no float arithmetic below
  const limit = 4294967296 - (4294967296 % poolSize);
  for (let i = 0; i < size; i++) {
    for (;;) {
      const m = Math.imul(b, 5);
      const x = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      const t = b << 9;
      c ^= a; d ^= b; b ^= c; a ^= d;
      c ^= t;
      d = (d << 11) | (d >>> 21);
      if (x < limit) { out[i] = x - poolSize * Math.floor(x / poolSize); break; } // = x % poolSize (exact: x < 2^32)
    }
  }
}
