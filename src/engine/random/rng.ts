/**
 * The one source of randomness in rnnlab. Every draw in a model comes from an `Rng` that was seeded from the
 * session's seed, so a run is replayed bit for bit from (kind, config, seed, inputs). `Math.random` is never used.
 *
 * Built on pure-rand's xoroshiro128+ (fast, 128-bit state, with a `jump()` of 2^64 steps that gives independent
 * child streams, as ReservoirPy's `rng.spawn` does). The state is four int32 numbers, so it persists as JSON.
 */
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

export type RngState = readonly number[];

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

export class Rng {
  private readonly gen: JumpableRandomGenerator;

  private constructor(gen: JumpableRandomGenerator) {
    this.gen = gen;
  }

  /** A generator from a non-negative integer seed (up to 2^53). Both 32-bit halves of the seed are used. */
  static fromSeed(seed: number): Rng {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    const gen = xoroshiro128plus(lo ^ Math.imul(hi, 0x9e3779b1));
    // Warm up: xoroshiro seeded from a small integer starts with low-entropy words.
    for (let i = 0; i < 16; i++) gen.next();
    return new Rng(gen);
  }

  static fromState(state: RngState): Rng {
    return new Rng(xoroshiro128plusFromState(state));
  }

  getState(): number[] {
    return this.gen.getState().slice();
  }

  /**
   * An independent child stream (for one matrix, or the noise): the child takes the current position and the
   * parent jumps 2^64 draws ahead, so the two never overlap.
   */
  fork(): Rng {
    const child = new Rng(this.gen.clone());
    this.gen.jump();
    return child;
  }

  /** A raw 32-bit unsigned integer. */
  nextUint32(): number {
    return this.gen.next() >>> 0;
  }

  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.gen.next() >>> 5;
    const b = this.gen.next() >>> 6;
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }

  /** Uniform on [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** An integer uniform on {0, …, n−1}. */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /**
   * A standard normal draw by the Box–Muller transform. No spare value is cached, so the generator's state alone
   * determines every future draw (a saved session resumes exactly).
   */
  normal(mean = 0, sd = 1): number {
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Exponential with the given rate (1/mean). */
  exponential(rate: number): number {
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    return -Math.log(u) / rate;
  }

  /** Poisson count with mean `lambda` (Knuth for small means, normal approximation above 60). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 60) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.uniform();
    while (p > limit) {
      k++;
      p *= this.uniform();
    }
    return k;
  }

  /** Gamma(shape k, scale θ) by Marsaglia & Tsang (2000); k < 1 by the boost u^(1/k). */
  gamma(shape: number, scale = 1): number {
    if (shape <= 0) throw new RangeError('gamma shape must be positive');
    if (shape < 1) return this.gamma(shape + 1, scale) * Math.pow(this.uniform() || Number.MIN_VALUE, 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T extends { length: number; [i: number]: number } | unknown[]>(arr: T): T {
    const a = arr as unknown as number[];
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = a[i]!;
      a[i] = a[j]!;
      a[j] = tmp;
    }
    return arr;
  }

  /** A random permutation of 0…n−1 written into `out` (allocated when not given). */
  permutation(n: number, out: Int32Array = new Int32Array(n)): Int32Array {
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }

  /** Fill `out` with N(mean, sd²) draws. */
  fillNormal(out: Float64Array | Float32Array, mean = 0, sd = 1): void {
    for (let i = 0; i < out.length; i++) out[i] = this.normal(mean, sd);
  }

  /** Fill `out` with U[lo, hi) draws. */
  fillUniform(out: Float64Array | Float32Array, lo = 0, hi = 1): void {
    for (let i = 0; i < out.length; i++) out[i] = this.range(lo, hi);
  }
}

/** A fresh seed for a session that did not give one (the only place entropy enters; it is reported back). */
export function drawSeed(): number {
  const buf = new Uint32Array(1);
  globalThis.crypto.getRandomValues(buf);
  return buf[0]! >>> 1;
}
