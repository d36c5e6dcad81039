/**
 * Cholesky factorisation and solves in WebAssembly SIMD (kernels.wat: cholesky_f64, chol_solve_f64), for the
 * normal equations of a ridge readout, (XᵀX + λI)·w = Xᵀy (Lukoševičius 2012 §4.1).
 *
 * Row-oriented (Cholesky–Banachiewicz): L_ij = (A_ij − L_i,0:j·L_j,0:j)/L_jj, L_ii = √(A_ii − ‖L_i,0:i‖²), where
 * each inner product is an 8-lane dot over two contiguous row prefixes (see dense.ts for the order), so the
 * factor is the same bits everywhere. Matrices outside the WebAssembly memory are staged through scratch.
 */
import { kernels, heap, heapOffset, scratch, aligned } from '../wasm/heap.js';

/**
 * In-place A = L·Lᵀ of a symmetric positive definite n × n matrix (row-major; the lower triangle is read and
 * overwritten with L, the strict upper triangle zeroed). Returns false when A is not positive definite.
 */
export function choleskyFactor(a: Float64Array, n: number): boolean {
  if (a.length < n * n) throw new RangeError(`cholesky: ${a.length} values for ${n}×${n}`);
  if (n === 0) return true;
  const p = heapOffset(a);
  if (p >= 0) return kernels.cholesky_f64(p, n) === 0;
  const s = scratch(aligned(n * n * 8));
  heap.f64.set(a.subarray(0, n * n), s >> 3);
  const bad = kernels.cholesky_f64(s, n);
  a.set(heap.f64.subarray(s >> 3, (s >> 3) + n * n));
  return bad === 0;
}

/**
 * Solve L·Lᵀ·x = b in place for each of `count` right-hand sides stored one after another in `b` (count × n).
 * Forward: y_i = (b_i − L_i,0:i·y)/L_ii (8-lane dot); backward, on rows of L: x_i = y_i/L_ii, then y_k −= L_ik·x_i
 * for k < i, in order of decreasing i.
 */
export function choleskySolveMany(l: Float64Array, n: number, b: Float64Array, count = 1): void {
  if (l.length < n * n || b.length < n * count) throw new RangeError(`choleskySolve: shapes ${n}×${n}, ${count}×${n}`);
  if (n === 0) return;
  let pl = heapOffset(l);
  let pb = heapOffset(b);
  const need = (pl < 0 ? aligned(n * n * 8) : 0) + (pb < 0 ? aligned(n * count * 8) : 0);
  const s = need ? scratch(need) : 0;
  if (pl < 0) {
    pl = s;
    heap.f64.set(l.subarray(0, n * n), pl >> 3);
  }
  const staged = pb < 0;
  if (staged) {
    pb = s + (heapOffset(l) < 0 ? aligned(n * n * 8) : 0);
    heap.f64.set(b.subarray(0, n * count), pb >> 3);
  }
  for (let r = 0; r < count; r++) kernels.chol_solve_f64(pl, n, pb + r * n * 8);
  if (staged) b.set(heap.f64.subarray(pb >> 3, (pb >> 3) + n * count));
}
