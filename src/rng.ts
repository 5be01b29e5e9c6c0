/**
 * Seeded pseudo-random numbers. All randomness in tbdl flows through an {@link Rng}
 * (simple-statistics' `randomSource` idea): no global RNG, same seed, same output.
 *
 * Generator: xoshiro128** (Blackman and Vigna, "Scrambled linear pseudorandom number
 * generators", 2018), seeded through splitmix32 so that nearby seeds give unrelated streams.
 * Its state is four uint32 words, exposed as plain JSON for checkpointing.
 */
export interface Rng {
  /** Uniform double in [0, 1) with 32 bits of resolution. */
  next(): number;
  /** Uniform integer in [0, n), n a positive integer below 2^32 (rejection sampling, unbiased). */
  int(n: number): number;
  /** The generator's state as plain JSON (four uint32 words). */
  state(): RngState;
}

/** The plain-JSON state of an {@link Rng}. */
export type RngState = readonly [number, number, number, number];

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Creates a seeded xoshiro128** generator, or resumes one from a saved {@link RngState}.
 * @param seed a finite number (its low 32 bits are used) or a saved state.
 * @example const rng = createRng(7); rng.next(); // same value for seed 7, every time
 */
export function createRng(seed: number | RngState): Rng {
  let a: number, b: number, c: number, d: number;
  if (typeof seed === 'number') {
    if (!Number.isFinite(seed)) throw new RangeError(`invalid seed: ${seed} (expected a finite number)`);
    const sm = splitmix32(Math.floor(seed) ^ 0x5bd1e995);
    a = sm(); b = sm(); c = sm(); d = sm();
    if ((a | b | c | d) === 0) a = 1;
  } else {
    [a, b, c, d] = seed.map((x) => x >>> 0) as [number, number, number, number];
  }
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a; d ^= b; b ^= c; a ^= d;
    c = (c ^ t) >>> 0;
    d = rotl(d, 11);
    a >>>= 0; b >>>= 0;
    return result;
  };
  return {
    next: () => nextU32() / 4294967296,
    int: (n: number) => {
      if (!(n >= 1 && n <= 4294967296 && Number.isInteger(n))) throw new RangeError(`invalid n: ${n} (expected an integer in [1, 2^32])`);
      const limit = 4294967296 - (4294967296 % n);
      for (;;) {
        const x = nextU32();
        if (x < limit) return x % n;
      }
    },
    state: () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0] as const,
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Standard normal draw by the Box-Muller transform from an injected {@link Rng}. */
export function normal(rng: Rng): number {
  let u = rng.next();
  while (u <= 0) u = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** Bernoulli(p) draw from an injected {@link Rng}. */
export function bernoulli(rng: Rng, p: number): boolean {
  return rng.next() < p;
}
