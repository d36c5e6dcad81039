/**
 * Recursive least squares, one rank-one step (Haykin, Adaptive Filter Theory, §10; Sussillo & Abbott 2009, eqs. 4–5).
 * P is the running inverse of the regressors' correlation matrix (regularised: P₀ = I/α), kept symmetric.
 *
 *   k = P·r,   c = 1/(λ + rᵀ·P·r),   P ← (P − c·k·kᵀ)/λ
 *
 * The caller then moves each readout against its error: w ← w − c·e·k (e measured before the update). The gain
 * vector k is left in `k` and c is returned, so one P serves any number of readouts (multi-output FORCE).
 * O(n²) per call: one mat-vec and one rank-one update, no allocation.
 */
import { matVec, dot8 } from './dense.js';
import { kernels, heapOffset, heap, scratch, aligned } from '../wasm/heap.js';

/**
 * One RLS step on the n×n row-major `p` with regressor `r`; writes k = P·r into `k` and returns c.
 * With forgetting = 1 and P in WebAssembly memory the whole step is one SIMD kernel (kernels.wat rls_update_f64);
 * otherwise the same operations in the same order run here (8-lane mat-vec and dot, then P_ij −= (c·k_i)·k_j), so
 * both paths give the same bits.
 */
export function rlsUpdate(p: Float64Array, n: number, r: Float64Array, k: Float64Array, forgetting = 1): number {
  const pp = forgetting === 1 && n > 0 ? heapOffset(p) : -1;
  if (pp >= 0) {
    if (p.length < n * n || r.length < n || k.length < n) throw new RangeError('rlsUpdate: shapes do not match');
    let pr = heapOffset(r);
    let pk = heapOffset(k);
    const kStaged = pk < 0;
    if (pr < 0 || kStaged) {
      const s = scratch(2 * aligned(n * 8));
      if (pr < 0) {
        pr = s;
        heap.f64.set(r.subarray(0, n), pr >> 3);
      }
      if (kStaged) pk = s + aligned(n * 8);
    }
    const c = kernels.rls_update_f64(pp, n, pr, pk);
    if (kStaged) k.set(heap.f64.subarray(pk >> 3, (pk >> 3) + n));
    return c;
  }
  matVec(p, n, n, r, k);
  const rPr = dot8(r, 0, k, 0, n);
  const c = 1 / (forgetting + rPr);
  const inv = 1 / forgetting;
  for (let i = 0; i < n; i++) {
    const cki = c * k[i]!;
    const off = i * n;
    if (inv === 1) for (let j = 0; j < n; j++) p[off + j]! -= cki * k[j]!;
    else for (let j = 0; j < n; j++) p[off + j] = (p[off + j]! - cki * k[j]!) * inv;
  }
  return c;
}

/** P ← I/α: the regularised start of RLS (α is the ridge strength: small α learns fast, large α slowly). */
export function rlsReset(p: Float64Array, n: number, alpha: number): void {
  p.fill(0, 0, n * n);
  for (let i = 0; i < n; i++) p[i * n + i] = 1 / alpha;
}
