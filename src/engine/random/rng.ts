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
const TWO_POW_M32 = 1 / 4294967296;
const TWO_POW_M53 = 1 / TWO_POW_53;

/*
 * Ziggurat tables for the standard normal (Marsaglia & Tsang 2000, "The Ziggurat Method for Generating Random
 * Variables", J Stat Softw 5(8)), with the fix of Doornik (2005, "An Improved Ziggurat Method to Generate Normal
 * Random Samples", ZIGNOR): the layer index and the uniform come from disjoint random bits, so they are independent.
 *
 * On x ≥ 0 the unnormalised density f(x) = exp(−x²/2) is covered by ZIG_LAYERS horizontal layers of equal area v:
 *   layer 0 (base):  the rectangle [0, r] × [0, f(r)] plus the tail x > r;  v = r·f(r) + ∫_r^∞ f,
 *   layer i ≥ 1:     the rectangle [0, X[i]] × [f(X[i]), f(X[i+1])],  X[1] = r,  X[i+1] = f⁻¹(f(X[i]) + v/X[i]),
 * and the top layer must end at height f(0) = 1 (X[ZIG_LAYERS] = 0). That condition fixes r; it is solved here at
 * module load by bisection down to adjacent doubles (no pasted table; r = 3.6541528853610088 and
 * v = 0.00492867323399 as published), after which the top layer's area matches v to better than 1e-12 relative.
 * The base layer gets the pseudo-width X[0] = v/f(r), so that u·X[0] with u ~ U[0,1) falls in [0, r) with the
 * probability r·f(r)/v of its rectangle, and in the tail otherwise.
 *
 * A draw: pick a layer i uniformly, x = u·X[i]. If x < X[i+1] the point lies under f whatever its height: accept
 * (98.5 % of draws, no transcendental function). Otherwise layer 0 samples the tail exactly (Marsaglia 1964) and a
 * layer i ≥ 1 tests a uniform height in [f(X[i]), f(X[i+1])] against f(x), restarting from scratch on rejection.
 * This is exact rejection sampling of the half-normal; a random sign makes it N(0, 1).
 */
const ZIG_LAYERS = 256;
/** exp(−x²/2), the normal density up to its constant. */
const zigF = (x: number): number => Math.exp(-0.5 * x * x);
/**
 * ∫_r^∞ exp(−x²/2) dx = f(r)·R(r), with Mills' ratio R by its continued fraction R(r) = 1/(r+1/(r+2/(r+3/(r+…))))
 * (Abramowitz & Stegun 26.2.14), evaluated from the bottom; 400 terms are exact to rounding for r ≥ 3.
 */
function zigTailArea(r: number): number {
  let t = r;
  for (let k = 400; k >= 1; k--) t = r + k / t;
  return zigF(r) / t;
}
/** The layer edges X[0…ZIG_LAYERS] for a base width r, and the top layer's mismatch f(X[top]) + v/X[top] − 1. */
function zigLayers(r: number): { x: Float64Array; v: number; excess: number } {
  const x = new Float64Array(ZIG_LAYERS + 1);
  const v = r * zigF(r) + zigTailArea(r);
  x[0] = v / zigF(r);
  x[1] = r;
  for (let i = 1; i < ZIG_LAYERS - 1; i++) {
    const y = zigF(x[i]!) + v / x[i]!;
    if (y >= 1) return { x, v, excess: 1 + (ZIG_LAYERS - i) }; // reached the top too early: r is too small
    x[i + 1] = Math.sqrt(-2 * Math.log(y));
  }
  return { x, v, excess: zigF(x[ZIG_LAYERS - 1]!) + v / x[ZIG_LAYERS - 1]! - 1 };
}
function zigTables(): { x: Float64Array; f: Float64Array; r: number; v: number } {
  // The excess falls as r grows (thinner layers need more of them to reach the top); bisect to adjacent doubles.
  let lo = 3;
  let hi = 4;
  for (;;) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (zigLayers(mid).excess > 0) lo = mid;
    else hi = mid;
  }
  const { x, v } = zigLayers(hi);
  x[ZIG_LAYERS] = 0;
  const f = new Float64Array(ZIG_LAYERS + 1);
  for (let i = 0; i <= ZIG_LAYERS; i++) f[i] = zigF(x[i]!);
  return { x, f, r: hi, v };
}
const ZIG = zigTables();
const ZIG_X = ZIG.x;
const ZIG_F = ZIG.f;
const ZIG_R = ZIG.r;
/** The solved ziggurat (r, v and the layer edges), exported for the tests that check it. */
export const ziggurat = { layers: ZIG_LAYERS, r: ZIG.r, v: ZIG.v, x: ZIG_X, f: ZIG_F } as const;

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
   * A normal draw by the ziggurat method (see the tables above). No spare value is cached, so the generator's state
   * alone determines every future draw (a saved session resumes exactly).
   */
  normal(mean = 0, sd = 1): number {
    return mean + sd * this.standardNormal();
  }

  /**
   * N(0, 1) by the ziggurat. Each attempt takes two 32-bit words a, b (one 64-bit draw) from the stream, split
   * into disjoint fields: the layer index is a's top 8 bits, the sign bit 23, and the uniform u ∈ [0, 1) has 53
   * bits, b (32, most significant) then a's bits 2–22 (the two lowest bits of xoroshiro128+ output, its weakest,
   * are dropped). An attempt is accepted at once with probability 0.985; otherwise the wedge or tail test draws
   * more uniforms from the same stream.
   */
  private standardNormal(): number {
    const gen = this.gen;
    for (;;) {
      const a = gen.next();
      const b = gen.next();
      const i = a >>> 24;
      const sign = 1 - ((a >>> 22) & 2);
      const x = ((b >>> 0) * TWO_POW_M32 + ((a >>> 2) & 0x1fffff) * TWO_POW_M53) * ZIG_X[i]!;
      if (x < ZIG_X[i + 1]!) return sign * x;
      if (i === 0) return sign * this.normalTail();
      const fi = ZIG_F[i]!;
      if (fi + this.uniform() * (ZIG_F[i + 1]! - fi) < Math.exp(-0.5 * x * x)) return sign * x;
    }
  }

  /** |z| conditioned on |z| > r (Marsaglia 1964): r + s with s ~ Exp(r) accepted with probability exp(−s²/2). */
  private normalTail(): number {
    for (;;) {
      const s = -Math.log(1 - this.uniform()) / ZIG_R;
      const e = -Math.log(1 - this.uniform());
      if (e + e > s * s) return ZIG_R + s;
    }
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

  /** Fill `out` with N(mean, sd²) draws: the same draws, in the same order, as `out[i] = normal(mean, sd)`. */
  fillNormal(out: Float64Array | Float32Array, mean = 0, sd = 1): void {
    for (let i = 0; i < out.length; i++) out[i] = mean + sd * this.standardNormal();
  }

  /**
   * Add N(0, sd²) noise to each element of `out`, in order: the same draws and the same sums as
   * `for (i) out[i] += sd * normal()` (the per-unit noise of a step).
   */
  addNormal(out: Float64Array | Float32Array, sd: number): void {
    for (let i = 0; i < out.length; i++) out[i]! += sd * this.standardNormal();
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
