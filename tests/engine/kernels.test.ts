/**
 * Every WebAssembly kernel against a plain reference implementation, and bit-identity of its two paths (arrays in
 * WebAssembly memory → SIMD kernel; arrays elsewhere → JS twin). Tolerances: where the kernel and the reference
 * sum in different orders, the difference is bounded by the classical error bound of a length-n sum,
 * |Δ| ≤ γ_n Σ|a_j x_j| with γ_n = n·u/(1 − n·u), u = 2⁻⁵³ (Higham, Accuracy and Stability, §3.1); we test that
 * bound (times 2 for the two computations). Where both sum in the same order they must agree exactly.
 */
import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { matVec, matTVec, matVecF32, dot } from '../../src/engine/linalg/dense.js';
import { gemmTN, gramMatrix, matMul } from '../../src/engine/linalg/gemm.js';
import { choleskyFactor, choleskySolveMany } from '../../src/engine/linalg/cholesky.js';
import { csrFromDense, csrMatVec } from '../../src/engine/linalg/sparse.js';
import { rlsUpdate, rlsReset } from '../../src/engine/linalg/rls.js';
import { fieldSweep } from '../../src/engine/linalg/field-sweep.js';
import { lifStep, addRows, scaleInPlace } from '../../src/engine/linalg/spiking.js';
import { wasmAlloc, wasmKernels, zeroHeap, heapOffset, wasmWorkerData, releaseState, heapTop, createWasmAlloc } from '../../src/engine/wasm/heap.js';
import { sharedAlloc, separateSharedAlloc } from '../../src/engine/alloc.js';
import { Rng } from '../../src/engine/random/rng.js';

const U = 2 ** -53;
const gamma = (n: number) => (n * U) / (1 - n * U);

function randomF64(n: number, rng: Rng, where: 'wasm' | 'js', density = 1): Float64Array {
  const a = where === 'wasm' ? wasmAlloc.f64(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = density < 1 && !rng.bernoulli(density) ? 0 : rng.normal();
  return a;
}
const inHeap = (a: Float64Array) => {
  const b = wasmAlloc.f64(a.length);
  b.set(a);
  return b;
};
const bits = (a: ArrayLike<number>) => Array.from(a, (v) => (Object.is(v, -0) ? '-0' : String(v)));

/** Shapes that hit every tail: below, at and above the 8/16-lane blocks, odd row counts. */
const SHAPES: [number, number][] = [[1, 1], [3, 7], [2, 8], [5, 9], [17, 16], [33, 31], [64, 100], [201, 203]];

describe('allocation in WebAssembly memory', () => {
  it('sharedAlloc places state in the WebAssembly memory, as SharedArrayBuffer views', () => {
    const a = sharedAlloc.f64(10);
    expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(heapOffset(a)).toBeGreaterThan(0);
    expect(heapOffset(a) % 64).toBe(0);
    expect(heapOffset(separateSharedAlloc.f64(10))).toBe(-1);
    expect(heapOffset(new Float64Array(10))).toBe(-1);
  });
  it('blocks do not overlap and come zeroed, also after a release and reuse', () => {
    const a = wasmAlloc.f64(1000);
    const b = wasmAlloc.f64(1000);
    a.fill(1);
    b.fill(2);
    expect(a.every((v) => v === 1) && b.every((v) => v === 2)).toBe(true);
    releaseState({ a });
    const c = wasmAlloc.f64(1000);
    expect(heapOffset(c)).toBe(heapOffset(a)); // exact-size reuse
    expect(c.every((v) => v === 0)).toBe(true);
    expect(b.every((v) => v === 2)).toBe(true);
    const top = heapTop();
    wasmAlloc.f64(3_000_000); // grows the memory: old views stay valid
    expect(heapTop()).toBeGreaterThan(top + 24e6 - 1);
    expect(b.every((v) => v === 2)).toBe(true);
  });
  it('past its budget the allocator falls back to plain SharedArrayBuffers; releaseState ignores views it did not allocate', () => {
    const tight = createWasmAlloc(heapTop() + 64 * 1024);
    const inside = tight.f64(1000);
    expect(heapOffset(inside)).toBeGreaterThan(0);
    const outside = tight.f64(100_000);
    expect(heapOffset(outside)).toBe(-1);
    expect(outside.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(outside.length).toBe(100_000);
    const whole = wasmAlloc.f64(64);
    whole.fill(5);
    releaseState({ part: whole.subarray(8) }); // not a block: must not be freed
    const next = wasmAlloc.f64(56);
    expect(heapOffset(next)).not.toBe(heapOffset(whole) + 64);
    expect(whole.every((v) => v === 5)).toBe(true);
  });
  it('a worker given wasmWorkerData() sees the same memory and runs the SIMD kernel on posted state', async () => {
    const n = 40;
    const rng = Rng.fromSeed(3);
    const a = randomF64(n * n, rng, 'wasm');
    const x = randomF64(n, rng, 'wasm');
    const yHere = wasmAlloc.f64(n);
    matVec(a, n, n, x, yHere);
    const url = new URL('../../src/engine/wasm/heap.ts', import.meta.url).href;
    const dense = new URL('../../src/engine/linalg/dense.ts', import.meta.url).href;
    // The worker imports the TypeScript sources through vitest's loader-free path: use a tiny eval worker that
    // instantiates the module bytes itself, as dist/ workers do via heap.js.
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      const fs = require('node:fs');
      const src = fs.readFileSync(${JSON.stringify(new URL(url).pathname.replace(/heap\.ts$/, 'kernels.wasm.ts'))}, 'utf8');
      const bytes = Buffer.from(src.match(/'([^']+)'/)[1], 'base64');
      const k = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: workerData.rnnlabWasmMemory } }).exports;
      parentPort.on('message', ({ a, x, y, n }) => {
        k.matvec_f64(a.byteOffset, n, n, x.byteOffset, y.byteOffset, 0);
        parentPort.postMessage('done');
      });`;
    void dense;
    const y = wasmAlloc.f64(n);
    const w = new Worker(code, { eval: true, workerData: wasmWorkerData() });
    await new Promise<void>((resolve, reject) => {
      w.on('message', () => resolve());
      w.on('error', reject);
      w.postMessage({ a, x, y, n });
    });
    await w.terminate();
    expect(bits(y)).toEqual(bits(yHere));
  });
});

describe('dense float64 kernels', () => {
  it('matVec: both paths give identical bits and stay within the summation error bound of the naive sum', () => {
    const rng = Rng.fromSeed(1);
    for (const [r, c] of SHAPES) {
      const a = randomF64(r * c, rng, 'js');
      const x = randomF64(c, rng, 'js');
      const yJs = new Float64Array(r);
      matVec(a, r, c, x, yJs);
      const yW = wasmAlloc.f64(r);
      matVec(inHeap(a), r, c, inHeap(x), yW);
      expect(bits(yW)).toEqual(bits(yJs));
      const yMixed = new Float64Array(r); // matrix in heap, vectors outside (staged through scratch)
      matVec(inHeap(a), r, c, x, yMixed);
      expect(bits(yMixed)).toEqual(bits(yJs));
      for (let i = 0; i < r; i++) {
        let s = 0;
        let abs = 0;
        for (let j = 0; j < c; j++) {
          s += a[i * c + j]! * x[j]!;
          abs += Math.abs(a[i * c + j]! * x[j]!);
        }
        expect(Math.abs(yJs[i]! - s)).toBeLessThanOrEqual(2 * gamma(c) * abs);
      }
      // accumulate
      const base = randomF64(r, rng, 'js');
      const y1 = Float64Array.from(base);
      const y2 = inHeap(base);
      matVec(a, r, c, x, y1, true);
      matVec(inHeap(a), r, c, x, y2, true);
      expect(bits(y2)).toEqual(bits(y1));
      for (let i = 0; i < r; i++) expect(y1[i]).toBe(base[i]! + yJs[i]!);
    }
  });
  it('matTVec and dot: identical bits on both paths; matTVec is exact against the row-by-row reference', () => {
    const rng = Rng.fromSeed(2);
    for (const [r, c] of SHAPES) {
      const a = randomF64(r * c, rng, 'js');
      const x = randomF64(r, rng, 'js', 0.7); // zeros are skipped on both paths
      const ref = new Float64Array(c);
      for (let i = 0; i < r; i++) if (x[i] !== 0) for (let j = 0; j < c; j++) ref[j]! += a[i * c + j]! * x[i]!;
      const y1 = new Float64Array(c);
      const y2 = wasmAlloc.f64(c);
      matTVec(a, r, c, x, y1);
      matTVec(inHeap(a), r, c, inHeap(x), y2);
      expect(bits(y1)).toEqual(bits(ref));
      expect(bits(y2)).toEqual(bits(ref));
      const u = randomF64(r * c, rng, 'js');
      expect(dot(inHeap(a), inHeap(u), r * c)).toBe(dot(a, u, r * c));
    }
  });
});

describe('zeroHeap', () => {
  it('zeroes exactly the region asked for (bulk-memory fill in the WebAssembly memory)', () => {
    const a = wasmAlloc.f64(1003);
    a.fill(-2.5);
    const p = heapOffset(a);
    zeroHeap(p + 8, 1001);
    expect(a[0]).toBe(-2.5);
    expect(a[1002]).toBe(-2.5);
    expect(a.subarray(1, 1002).every((v) => Object.is(v, 0))).toBe(true);
  });
});

describe('one-column mat-vec', () => {
  it('matVec with cols = 1 (its own pass) gives the WebAssembly kernel\'s bits, signed zeros included', () => {
    const rng = Rng.fromSeed(41);
    const rows = 37;
    const a = wasmAlloc.f64(rows);
    for (let i = 0; i < rows; i++) a[i] = i % 5 === 0 ? (i % 2 ? -0 : 0) : rng.normal();
    for (const xv of [1.7, -2.3, 0, -0]) {
      const x = wasmAlloc.f64(1);
      x[0] = xv;
      for (const accumulate of [false, true]) {
        const y = wasmAlloc.f64(rows);
        const yk = wasmAlloc.f64(rows);
        for (let i = 0; i < rows; i++) y[i] = yk[i] = i % 3 === 0 ? -0 : rng.normal();
        matVec(a, rows, 1, x, y, accumulate);
        wasmKernels.matvec_f64(heapOffset(a), rows, 1, heapOffset(x), heapOffset(yk), accumulate ? 1 : 0);
        expect(bits(y)).toEqual(bits(yk));
      }
    }
  });
});

describe('float32 mat-vec', () => {
  it('identical bits on both paths; within the float32 summation bound of a float64 reference', () => {
    const rng = Rng.fromSeed(4);
    const u32 = 2 ** -24;
    for (const [r, c] of [...SHAPES, [50, 1000]] as [number, number][]) {
      const a = new Float32Array(r * c).map(() => rng.normal());
      const x = new Float32Array(c).map(() => rng.normal());
      const y1 = new Float32Array(r);
      matVecF32(a, r, c, x, y1);
      const aw = wasmAlloc.f32(r * c);
      aw.set(a);
      const xw = wasmAlloc.f32(c);
      xw.set(x);
      const y2 = wasmAlloc.f32(r);
      matVecF32(aw, r, c, xw, y2);
      expect(bits(y2)).toEqual(bits(y1));
      for (let i = 0; i < r; i++) {
        let s = 0;
        let abs = 0;
        for (let j = 0; j < c; j++) {
          s += a[i * c + j]! * x[j]!;
          abs += Math.abs(a[i * c + j]! * x[j]!);
        }
        // products rounded (u) then summed (γ_c), result rounded: (c + 2)·u/(1 − (c + 2)u) Σ|a x|
        const g = ((c + 2) * u32) / (1 - (c + 2) * u32);
        expect(Math.abs(y1[i]! - s)).toBeLessThanOrEqual(g * abs);
      }
    }
  });
});

describe('Gram matrix, GEMM and Cholesky (ridge readout)', () => {
  it('gramMatrix equals the sequential sum Σ_t x_ti x_tj exactly, whatever the blocking, and is symmetric', () => {
    const rng = Rng.fromSeed(5);
    for (const [t, n] of [[1, 1], [7, 5], [300, 13], [129, 8], [260, 33]] as [number, number][]) {
      const x = randomF64(t * n, rng, 'js');
      const g = gramMatrix(x, t, n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let r = 0; r < t; r++) s += x[r * n + i]! * x[r * n + j]!;
          expect(g[i * n + j]).toBe(s);
        }
      }
      expect(bits(gramMatrix(inHeap(x), t, n))).toEqual(bits(g));
    }
  });
  it('gemmTN and matMul equal the sequential sums exactly', () => {
    const rng = Rng.fromSeed(6);
    for (const [k, m, n] of [[1, 1, 1], [5, 3, 7], [200, 9, 6], [131, 17, 2]] as [number, number, number][]) {
      const a = randomF64(k * m, rng, 'js');
      const b = randomF64(k * n, rng, 'js');
      const c = gemmTN(a, b, k, m, n);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let t = 0; t < k; t++) s += a[t * m + i]! * b[t * n + j]!;
          expect(c[i * n + j]).toBe(s);
        }
      }
      // A·B with A = (k×m)ᵀ stored as m×k
      const at = new Float64Array(m * k);
      for (let t = 0; t < k; t++) for (let i = 0; i < m; i++) at[i * k + t] = a[t * m + i]!;
      expect(bits(matMul(at, b, m, k, n))).toEqual(bits(c));
    }
  });
  it('Cholesky: L·Lᵀ reproduces A to the backward-error bound, and the solve reaches the residual bound', () => {
    const rng = Rng.fromSeed(7);
    for (const n of [1, 2, 9, 40, 150]) {
      const x = randomF64(3 * n * n + n, rng, 'js');
      const a = gramMatrix(x, 3 * n + 1, n);
      for (let i = 0; i < n; i++) a[i * n + i]! += 0.1;
      const l = Float64Array.from(a);
      expect(choleskyFactor(l, n)).toBe(true);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (j > i) expect(l[i * n + j]).toBe(0);
          let s = 0;
          for (let k = 0; k <= Math.min(i, j); k++) s += l[i * n + k]! * l[j * n + k]!;
          // |A − LLᵀ| ≤ γ_{n+1} |L||Lᵀ| (Higham Thm 10.3), and |L||Lᵀ|_ij ≤ √(a_ii a_jj)
          expect(Math.abs(s - a[i * n + j]!)).toBeLessThanOrEqual(4 * gamma(n + 1) * Math.sqrt(a[i * n + i]! * a[j * n + j]!));
        }
      }
      const lw = inHeap(a);
      expect(choleskyFactor(lw, n)).toBe(true);
      expect(bits(lw)).toEqual(bits(l));
      const b = randomF64(2 * n, rng, 'js');
      const sol = Float64Array.from(b);
      choleskySolveMany(l, n, sol, 2);
      for (let r = 0; r < 2; r++) {
        let resid = 0;
        let scale = 0;
        for (let i = 0; i < n; i++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += a[i * n + j]! * sol[r * n + j]!;
          resid = Math.max(resid, Math.abs(s - b[r * n + i]!));
          for (let j = 0; j < n; j++) scale = Math.max(scale, Math.abs(a[i * n + j]!) * Math.abs(sol[r * n + j]!) * n);
        }
        expect(resid).toBeLessThanOrEqual(64 * n * U * scale + 1e-300);
      }
    }
    const notPd = Float64Array.from([1, 2, 2, 1]);
    expect(choleskyFactor(notPd, 2)).toBe(false);
  });
});

describe('sparse, RLS, field sweeps, LIF', () => {
  it('CSR mat-vec: identical bits on both paths and exact against the four-chain sum over nonzeros', () => {
    const rng = Rng.fromSeed(8);
    for (const [r, c] of SHAPES) {
      const dense = randomF64(r * c, rng, 'js', r > 50 ? 0.1 : 0.5);
      const x = randomF64(c, rng, 'js');
      const cj = csrFromDense(dense, r, c);
      const cw = csrFromDense(dense, r, c, wasmAlloc);
      if (cw.values.length > 0) expect(heapOffset(cw.values)).toBeGreaterThan(0);
      const y1 = new Float64Array(r);
      const y2 = new Float64Array(r);
      csrMatVec(cj, x, y1);
      csrMatVec(cw, x, y2);
      expect(bits(y2)).toEqual(bits(y1));
      for (let i = 0; i < r; i++) {
        // reference: the nonzeros' products in row order, four chains (index mod 4) over full blocks, then the rest
        const p: number[] = [];
        for (let j = 0; j < c; j++) if (dense[i * c + j] !== 0) p.push(dense[i * c + j]! * x[j]!);
        const full = p.length & ~3;
        const ch = [0, 0, 0, 0];
        for (let q = 0; q < full; q++) ch[q & 3]! += p[q]!;
        let s = ch[0]! + ch[1]! + (ch[2]! + ch[3]!);
        for (let q = full; q < p.length; q++) s += p[q]!;
        expect(y1[i]).toBe(s);
      }
    }
  });
  it('RLS: both paths identical over 50 updates; P stays the inverse of αI + Σ r rᵀ', () => {
    const rng = Rng.fromSeed(9);
    const n = 37;
    const alpha = 0.5;
    const pJ = new Float64Array(n * n);
    const pW = wasmAlloc.f64(n * n);
    rlsReset(pJ, n, alpha);
    rlsReset(pW, n, alpha);
    const corr = new Float64Array(n * n);
    for (let i = 0; i < n; i++) corr[i * n + i] = alpha;
    const kJ = new Float64Array(n);
    const kW = new Float64Array(n);
    for (let t = 0; t < 50; t++) {
      const r = randomF64(n, rng, 'js');
      const cJ = rlsUpdate(pJ, n, r, kJ);
      const cW = rlsUpdate(pW, n, r, kW);
      expect(cW).toBe(cJ);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) corr[i * n + j]! += r[i]! * r[j]!;
    }
    expect(bits(pW)).toEqual(bits(pJ));
    const prod = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += pJ[i * n + k]! * corr[k * n + j]!;
        prod[j] = s;
      }
      for (let j = 0; j < n; j++) expect(Math.abs(prod[j]! - (i === j ? 1 : 0))).toBeLessThan(1e-9);
    }
  });
  it('Hopfield sweeps: both paths identical; a stored pattern is a fixed point and a corrupted one is repaired', () => {
    const rng = Rng.fromSeed(10);
    const n = 203;
    const pats = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => (rng.bernoulli(0.5) ? 1 : -1)));
    const w = wasmAlloc.f64(n * n);
    for (const p of pats) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) w[i * n + j]! += (p[i]! * p[j]!) / n;
    const wJ = Float64Array.from(w);
    const order = Int32Array.from(rng.permutation(n));
    const s0 = Float64Array.from(pats[0]!);
    expect(fieldSweep(w, n, s0, order, n)).toBe(0);
    const noisy = Float64Array.from(pats[0]!);
    for (let i = 0; i < 20; i++) noisy[i] = -noisy[i]!;
    const sW = inHeap(noisy);
    const sJ = Float64Array.from(noisy);
    const cW = fieldSweep(w, n, sW, order, n);
    const cJ = fieldSweep(wJ, n, sJ, order, n);
    expect(cW).toBe(cJ);
    expect(bits(sW)).toEqual(bits(sJ));
    expect(bits(sW)).toEqual(bits(pats[0]!));
    // Gibbs thresholds, with a bias: both paths identical
    const thr = Float64Array.from({ length: n }, () => rng.normal());
    const bias = randomF64(n, rng, 'js');
    const g1 = Float64Array.from(noisy);
    const g2 = Float64Array.from(noisy);
    expect(fieldSweep(w, n, g1, order, n, { thresholds: thr, bias })).toBe(fieldSweep(wJ, n, g2, order, n, { thresholds: thr, bias }));
    expect(bits(g1)).toEqual(bits(g2));
  });
  it('LIF: both paths identical; a constant current gives the analytic rate 1/(t_ref + τ ln(RI/(RI − θ)))', () => {
    const n = 50;
    const dt = 0.01;
    const tau = 10;
    const tRef = 2;
    const alpha = Math.exp(-dt / tau);
    const p = { alpha, beta: 1 - alpha, vRest: 0, vTh: 1, vReset: 0, tRef, dt };
    const mk = (w: boolean) => ({
      v: w ? wasmAlloc.f64(n) : new Float64Array(n),
      i: (w ? wasmAlloc.f64(n) : new Float64Array(n)).map((_, k) => 1.2 + k * 0.05),
      r: w ? wasmAlloc.f64(n) : new Float64Array(n),
      s: w ? wasmAlloc.i32(n) : new Int32Array(n),
    });
    const A = mk(true);
    const B = mk(false);
    const counts = new Float64Array(n);
    const T = 20000;
    for (let t = 0; t < T; t++) {
      const ca = lifStep(A.v, A.i, A.r, n, p, A.s);
      const cb = lifStep(B.v, B.i, B.r, n, p, B.s);
      expect(ca).toBe(cb);
      for (let k = 0; k < ca; k++) counts[A.s[k]!]!++;
    }
    expect(bits(A.v)).toEqual(bits(B.v));
    for (let k = 0; k < n; k += 7) {
      const I = 1.2 + k * 0.05;
      const rate = 1 / (tRef + tau * Math.log(I / (I - 1)));
      // discrete time: each interspike interval is rounded up to whole steps (≤ 2 steps of error per spike)
      const expected = rate * T * dt;
      expect(Math.abs(counts[k]! - expected)).toBeLessThanOrEqual(expected * (2 * dt) * rate + 1);
    }
  });
  it('addRows and scaleInPlace: identical bits on both paths, exact against the elementwise reference', () => {
    const rng = Rng.fromSeed(11);
    const rows = 30;
    const cols = 67;
    const w = randomF64(rows * cols, rng, 'js');
    const idx = Int32Array.from([3, 29, 0, 3, 17]);
    const o1 = randomF64(cols, rng, 'js');
    const o2 = inHeap(o1);
    const idxW = wasmAlloc.i32(idx.length);
    idxW.set(idx);
    const ref = Float64Array.from(o1);
    for (const r of idx) for (let j = 0; j < cols; j++) ref[j]! += w[r * cols + j]!;
    addRows(w, cols, idx, idx.length, o1);
    addRows(inHeap(w), cols, idxW, idx.length, o2);
    expect(bits(o1)).toEqual(bits(ref));
    expect(bits(o2)).toEqual(bits(ref));
    scaleInPlace(o1, cols, 0.3);
    scaleInPlace(o2, cols, 0.3);
    expect(bits(o2)).toEqual(bits(ref.map((v) => v * 0.3)));
    expect(bits(o1)).toEqual(bits(o2));
    expect(() => addRows(inHeap(w), cols, Int32Array.from([rows]).map((v) => v), 1, o2)).not.toThrow(); // JS path (idx outside)
    const bad = wasmAlloc.i32(1);
    bad[0] = rows;
    expect(() => addRows(inHeap(w), cols, bad, 1, o2)).toThrow(RangeError);
  });
});
