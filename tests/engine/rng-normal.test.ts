/**
 * The ziggurat normal of src/engine/random/rng.ts: its solved table, its distribution (exactly N(0, 1): KS against
 * Φ, tails, moments), the independence of successive draws, and determinism (seed, saved state, fork).
 */
import { describe, expect, it } from 'vitest';
import { Rng, ziggurat } from '../../src/engine/random/rng.js';

/** erfc by its Taylor series for erf below 2 and Mills' continued fraction above (both exact to ~1e-15 here). */
function erfc(t: number): number {
  if (t < 0) return 2 - erfc(-t);
  if (t < 2) {
    let term = t;
    let sum = t;
    for (let n = 1; n < 200; n++) {
      term *= (-t * t) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(t) = 2·φ(x)·R(x) with x = t√2, R Mills' ratio 1/(x+1/(x+2/(x+…))).
  const x = t * Math.SQRT2;
  let d = x;
  for (let k = 400; k >= 1; k--) d = x + k / d;
  return (2 * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI) / d;
}
/** The standard normal CDF. */
const phi = (x: number): number => 0.5 * erfc(-x / Math.SQRT2);

function draws(seed: number, n: number): Float64Array {
  const out = new Float64Array(n);
  Rng.fromSeed(seed).fillNormal(out);
  return out;
}

describe('ziggurat table (solved at module load)', () => {
  it('matches Marsaglia & Tsang (2000) for 256 layers: r = 3.6541528853610088, v = 0.00492867323399', () => {
    expect(ziggurat.layers).toBe(256);
    expect(Math.abs(ziggurat.r - 3.6541528853610088)).toBeLessThan(1e-12);
    expect(Math.abs(ziggurat.v - 0.00492867323399)).toBeLessThan(1e-13);
  });

  it('has layers of equal area v that end at the mode', () => {
    const { x, f, v, r, layers } = ziggurat;
    expect(x[1]).toBe(r);
    expect(x[layers]).toBe(0);
    expect(f[layers]).toBe(1);
    // Base layer: pseudo-width X[0] with X[0]·f(r) = v (rectangle plus tail).
    expect(Math.abs(x[0]! * f[1]! - v) / v).toBeLessThan(1e-14);
    for (let i = 1; i < layers; i++) {
      expect(x[i + 1]!).toBeLessThan(x[i]!);
      expect(Math.abs(x[i]! * (f[i + 1]! - f[i]!) - v) / v).toBeLessThan(1e-10);
    }
  });
});

describe('Rng.normal is N(0, 1)', () => {
  it('passes Kolmogorov–Smirnov against Φ over 2·10⁶ draws (α = 0.001: D < 1.9495/√n)', () => {
    const n = 2_000_000;
    const z = draws(1, n).sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const p = phi(z[i]!);
      d = Math.max(d, (i + 1) / n - p, p - i / n);
    }
    // Asymptotic critical value K_α/√n with K_α = √(−ln(α/2)/2) = 1.9495 at α = 0.001.
    const critical = Math.sqrt(-Math.log(0.001 / 2) / 2) / Math.sqrt(n);
    expect(critical).toBeCloseTo(1.9495 / Math.sqrt(n), 6);
    expect(d).toBeLessThan(critical);
  });

  it('has the normal tail probabilities P(|z|>3), P(|z|>r), P(|z|>4) within 4 binomial standard errors', () => {
    const n = 4_000_000;
    const z = draws(2, n);
    for (const t of [3, ziggurat.r, 4]) {
      let count = 0;
      for (let i = 0; i < n; i++) if (Math.abs(z[i]!) > t) count++;
      const p = erfc(t / Math.SQRT2); // 2(1 − Φ(t))
      const se = Math.sqrt(n * p * (1 - p));
      expect(Math.abs(count - n * p), `P(|z|>${t}): ${count} vs ${n * p}`).toBeLessThan(4 * se);
    }
    expect(erfc(3 / Math.SQRT2)).toBeCloseTo(0.0026997960632601866, 14);
    expect(erfc(4 / Math.SQRT2) / 6.334248366623996e-5).toBeCloseTo(1, 12);
  });

  it('has mean 0, variance 1, no skew, kurtosis 3, and a symmetric sign (4 standard errors)', () => {
    const n = 4_000_000;
    const z = draws(3, n);
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let positive = 0;
    for (let i = 0; i < n; i++) {
      const x = z[i]!;
      const x2 = x * x;
      s1 += x;
      s2 += x2;
      s3 += x2 * x;
      s4 += x2 * x2;
      if (x > 0) positive++;
    }
    const mean = s1 / n;
    const variance = s2 / n - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(s3 / n)).toBeLessThan(4 * Math.sqrt(15 / n));
    expect(Math.abs(s4 / n - 3)).toBeLessThan(4 * Math.sqrt(96 / n));
    expect(Math.abs(positive - n / 2)).toBeLessThan(4 * Math.sqrt(n / 4));
  });

  it('draws successive values independently (lag-1 correlation of z and of z², within 4/√n)', () => {
    const n = 4_000_000;
    const z = draws(4, n);
    const corr = (g: (x: number) => number): number => {
      let sa = 0;
      let sb = 0;
      let sab = 0;
      let saa = 0;
      let sbb = 0;
      for (let i = 0; i + 1 < n; i++) {
        const a = g(z[i]!);
        const b = g(z[i + 1]!);
        sa += a;
        sb += b;
        sab += a * b;
        saa += a * a;
        sbb += b * b;
      }
      const m = n - 1;
      return (sab / m - (sa / m) * (sb / m)) / Math.sqrt((saa / m - (sa / m) ** 2) * (sbb / m - (sb / m) ** 2));
    };
    expect(Math.abs(corr((x) => x))).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(corr((x) => x * x))).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(corr((x) => Math.abs(x)))).toBeLessThan(4 / Math.sqrt(n));
  });

  it('scales by mean and sd', () => {
    const a = Rng.fromSeed(5);
    const b = Rng.fromSeed(5);
    for (let i = 0; i < 1000; i++) expect(a.normal(2, 3)).toBe(2 + 3 * b.normal());
  });
});

describe('Rng.normal determinism', () => {
  it('gives the same stream for the same seed', () => {
    expect(Array.from(draws(7, 10_000))).toEqual(Array.from(draws(7, 10_000)));
    expect(Array.from(draws(7, 100))).not.toEqual(Array.from(draws(8, 100)));
  });

  it('pins the first draws of seed 1 (they change only on purpose, and then saved sessions replay differently)', () => {
    const z = draws(1, 4);
    expect(Array.from(z, (x) => Number(x.toPrecision(12)))).toEqual(PINNED_SEED_1);
  });

  it('resumes exactly from a saved state: draw k, save, restore, continue = the uninterrupted stream', () => {
    const k = 12_345;
    const whole = Rng.fromSeed(9);
    const first = Rng.fromSeed(9);
    const expected: number[] = [];
    for (let i = 0; i < k; i++) {
      // Mix the draws so that the wedge, tail and other distributions all advance the state before the save.
      whole.normal();
      first.normal();
      if (i % 7 === 0) expect(first.uniform()).toBe(whole.uniform());
    }
    const saved = JSON.parse(JSON.stringify(first.getState())) as number[];
    for (let i = 0; i < 5000; i++) expected.push(whole.normal());
    const resumed = Rng.fromState(saved);
    const got: number[] = [];
    for (let i = 0; i < 5000; i++) got.push(resumed.normal());
    expect(got).toEqual(expected);
    // The state alone decides: the original generator continues identically too (no hidden spare value).
    const again: number[] = [];
    for (let i = 0; i < 5000; i++) again.push(first.normal());
    expect(again).toEqual(expected);
  });

  it('keeps fork semantics: the child continues the parent stream, the parent jumps ahead', () => {
    const parent = Rng.fromSeed(11);
    parent.normal();
    const reference = Rng.fromState(parent.getState());
    const child = parent.fork();
    for (let i = 0; i < 1000; i++) expect(child.normal()).toBe(reference.normal());
    const childState = child.getState();
    const parentState = parent.getState();
    expect(parentState).not.toEqual(childState);
    const restored = Rng.fromState(parentState);
    for (let i = 0; i < 1000; i++) expect(restored.normal()).toBe(parent.normal());
  });

  it('fillNormal and addNormal make the draws of a normal() loop, in order', () => {
    const a = Rng.fromSeed(13);
    const b = Rng.fromSeed(13);
    const out = new Float64Array(3000);
    a.fillNormal(out, 0.5, 2);
    for (let i = 0; i < out.length; i++) expect(out[i]).toBe(b.normal(0.5, 2));
    const v = Float64Array.from(out);
    const w = Float64Array.from(out);
    a.addNormal(v, 0.3);
    for (let i = 0; i < w.length; i++) w[i]! += 0.3 * b.normal();
    expect(Array.from(v)).toEqual(Array.from(w));
    const f32 = new Float32Array(100);
    a.fillNormal(f32);
    for (let i = 0; i < f32.length; i++) expect(f32[i]).toBe(Math.fround(b.normal()));
    expect(a.getState()).toEqual(b.getState());
  });
});

const PINNED_SEED_1 = [-0.587794428556, 1.30787742458, -1.2021282674, 0.563025298074];
