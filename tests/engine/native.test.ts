/**
 * The native kernels (src/engine/native/kernels.c) against the WebAssembly kernels they stand in for: the same
 * regions of the same memory, results compared bit for bit (tolerance: none), for shapes that hit every tail
 * (below, at and above the 8/16-lane blocks, odd row counts, odd panel counts), sizes on both sides of the
 * WebAssembly/native switch, and an out-of-bounds call, which must throw instead of touching memory.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { kernels, wasmKernels, kernelBackend, heap, heapMalloc } from '../../src/engine/wasm/heap.js';
import { gramMatrix, gemmTN } from '../../src/engine/linalg/gemm.js';
import { Rng } from '../../src/engine/random/rng.js';

const rng = Rng.fromSeed(2026);
function fillNormal(ptr: number, n: number, f32 = false): void {
  for (let i = 0; i < n; i++) {
    if (f32) heap.f32[(ptr >> 2) + i] = rng.normal();
    else heap.f64[(ptr >> 3) + i] = rng.normal();
  }
}
const same = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
};
const f64At = (p: number, n: number) => heap.f64.slice(p >> 3, (p >> 3) + n);
const f32At = (p: number, n: number) => heap.f32.slice(p >> 2, (p >> 2) + n);

const SHAPES: [number, number][] = [[1, 5000], [3, 1500], [4, 1024], [7, 1031], [64, 64], [65, 67], [128, 127], [201, 203], [1000, 1000], [999, 1003]];

describe.skipIf(kernelBackend === 'wasm')(`native kernels (${kernelBackend}) = WebAssembly kernels, bit for bit`, () => {
  it.each(SHAPES)('matvec_f64 and matvec_f32, %i × %i, with and without accumulation', (rows, cols) => {
    const pa = heapMalloc(rows * cols * 8);
    const px = heapMalloc(cols * 8);
    const y1 = heapMalloc(rows * 8);
    const y2 = heapMalloc(rows * 8);
    for (const f32 of [false, true]) {
      fillNormal(pa, rows * cols, f32);
      fillNormal(px, cols, f32);
      fillNormal(y1, rows, f32);
      heap.u8.copyWithin(y2, y1, y1 + rows * 8);
      for (const accum of [0, 1]) {
        if (f32) {
          kernels.matvec_f32(pa, rows, cols, px, y1, accum);
          wasmKernels.matvec_f32(pa, rows, cols, px, y2, accum);
          expect(same(f32At(y1, rows), f32At(y2, rows))).toBe(true);
        } else {
          kernels.matvec_f64(pa, rows, cols, px, y1, accum);
          wasmKernels.matvec_f64(pa, rows, cols, px, y2, accum);
          expect(same(f64At(y1, rows), f64At(y2, rows))).toBe(true);
        }
      }
    }
  });

  it.each([[1, 1, 1], [5, 3, 9], [130, 13, 13], [300, 64, 72], [257, 201, 203]])(
    'gemm_tn_block_f64 through gramMatrix and gemmTN (k=%i, m=%i, n=%i)',
    (k, m, n) => {
      const a = new Float64Array(k * m).map(() => rng.normal());
      const b = new Float64Array(k * n).map(() => rng.normal());
      // The same driver with the WebAssembly block kernel swapped in: packing and unpadding are shared.
      const run = (useWasm: boolean) => {
        const saved = kernels.gemm_tn_block_f64;
        if (useWasm) (kernels as { gemm_tn_block_f64: typeof saved }).gemm_tn_block_f64 = wasmKernels.gemm_tn_block_f64;
        try {
          return [gramMatrix(a, k, m), gemmTN(a, b, k, m, n)];
        } finally {
          (kernels as { gemm_tn_block_f64: typeof saved }).gemm_tn_block_f64 = saved;
        }
      };
      const [g1, c1] = run(false);
      const [g2, c2] = run(true);
      expect(same(g1!, g2!)).toBe(true);
      expect(same(c1!, c2!)).toBe(true);
      // and it is a Gram matrix: G_ij = Σ_t a_ti a_tj summed in order
      let s = 0;
      for (let t = 0; t < k; t++) s += a[t * m]! * a[t * m + m - 1]!;
      expect(g1![m - 1]).toBe(s);
    },
  );

  it.each([16, 17, 100, 257])('cholesky_f64, n = %i, and a matrix that is not positive definite', (n) => {
    const x = new Float64Array(2 * n * n).map(() => rng.normal());
    const g = gramMatrix(x, 2 * n, n);
    for (let i = 0; i < n; i++) g[i * n + i]! += 1e-3;
    const p1 = heapMalloc(n * n * 8);
    const p2 = heapMalloc(n * n * 8);
    heap.f64.set(g, p1 >> 3);
    heap.f64.set(g, p2 >> 3);
    expect(kernels.cholesky_f64(p1, n)).toBe(0);
    expect(wasmKernels.cholesky_f64(p2, n)).toBe(0);
    expect(same(f64At(p1, n * n), f64At(p2, n * n))).toBe(true);
    // break positive definiteness at row n−2: both report row n−1 (1-based)
    g[(n - 2) * n + (n - 2)] = -1;
    heap.f64.set(g, p1 >> 3);
    heap.f64.set(g, p2 >> 3);
    expect(kernels.cholesky_f64(p1, n)).toBe(wasmKernels.cholesky_f64(p2, n));
    expect(kernels.cholesky_f64(p1, n)).toBeGreaterThan(0);
  });

  it.each([1, 7, 8, 300, 1000, 1003])('lif_step_f64 and add_rows_f64 over 500 steps of a LIF network, n = %i (refractory, NaN, −0 included)', (n) => {
    const alloc = () => [heapMalloc(n * 8), heapMalloc(n * 8), heapMalloc(n * 8), heapMalloc(n * 4)] as const;
    const [a, b] = [alloc(), alloc()];
    const w = heapMalloc(n * n * 8);
    for (let i = 0; i < n * n; i++) heap.f64[(w >> 3) + i] = rng.uniform() < 0.1 ? 0.02 * rng.uniform() : 0;
    for (let i = 0; i < n; i++) {
      heap.f64[(a[0] >> 3) + i] = rng.range(-0.1, 1.1);
      heap.f64[(a[1] >> 3) + i] = rng.range(0, 1.5);
      heap.f64[(a[2] >> 3) + i] = rng.uniform() < 0.2 ? rng.range(0, 2) : rng.uniform() < 0.5 ? 0 : -0;
    }
    if (n > 12) {
      heap.f64[(a[0] >> 3) + 5] = NaN;
      heap.f64[(a[1] >> 3) + 9] = NaN;
      heap.f64[(a[2] >> 3) + 11] = NaN;
    }
    for (let k = 0; k < 3; k++) heap.u8.copyWithin(b[k], a[k], a[k] + n * 8);
    let spikes = 0;
    for (let t = 0; t < 500; t++) {
      const c1 = kernels.lif_step_f64(a[0], a[1], a[2], n, 0.995, 0.005, 0, 1, 0, 2, 0.1, a[3]);
      const c2 = wasmKernels.lif_step_f64(b[0], b[1], b[2], n, 0.995, 0.005, 0, 1, 0, 2, 0.1, b[3]);
      expect(c1).toBe(c2);
      expect(Array.from(heap.i32.subarray(a[3] >> 2, (a[3] >> 2) + c1))).toEqual(Array.from(heap.i32.subarray(b[3] >> 2, (b[3] >> 2) + c2)));
      spikes += c1;
      if (c1) {
        kernels.add_rows_f64(w, n, a[3], c1, a[1]);
        wasmKernels.add_rows_f64(w, n, b[3], c2, b[1]);
      }
      for (let k = 0; k < 3; k++) expect(same(f64At(a[k], n), f64At(b[k], n))).toBe(true);
    }
    expect(spikes).toBeGreaterThan(0);
  });

  it('refuses a region outside the memory instead of reading it', () => {
    const beyond = heap.u8.byteLength - 8;
    expect(() => kernels.matvec_f64(beyond, 100, 100, 0, 0, 0)).toThrow(/outside the WebAssembly memory/);
    expect(() => kernels.cholesky_f64(beyond, 100)).toThrow(/outside/);
    expect(() => kernels.lif_step_f64(beyond, 0, 0, 1000, 1, 0, 0, 1, 0, 2, 0.1, 0)).toThrow(/outside/);
  });
});

describe('native kernels are built on this machine', () => {
  it('npm run build compiled them for x86-64 (CI runs here); elsewhere the WebAssembly kernels are used', () => {
    if (process.arch !== 'x64' || !existsSync('dist/native/rnnlab_kernels.node')) {
      expect(kernelBackend).toBe('wasm');
      return;
    }
    if (process.env.RNNLAB_KERNELS === 'wasm') expect(kernelBackend).toBe('wasm');
    else expect(kernelBackend).toMatch(/^native-(avx2|avx512)$/);
  });
});
