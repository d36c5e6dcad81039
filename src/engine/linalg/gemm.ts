/**
 * Level-3 kernels: C = Aᵀ·B, the Gram matrix XᵀX of a ridge readout (Lukoševičius 2012 §4.1), and C = A·B.
 *
 * They run in WebAssembly SIMD on packed panels (src/engine/wasm/kernels.wat, gemm_tn_block_f64): a block of 128
 * rows of A and B is repacked into 4-column panels that stay in L2 cache, and each 4×4 tile of C is accumulated in
 * registers. Every entry C_ij = Σ_t A_ti·B_tj is summed sequentially in t from t = 0, so the result does not depend
 * on the blocking, the machine or the thread. Inputs anywhere in memory; they are packed into a scratch block of
 * the WebAssembly memory (O(k·(m+n)) copies against O(k·m·n) work).
 */
import { kernels, heap, scratch, aligned, zeroHeap } from '../wasm/heap.js';

/** Rows of A and B packed per block: 128 × (m + n) doubles stay in a 2 MiB L2 for m + n ≤ 2000. */
const BLOCK_ROWS = 128;

/** Pack rows t0..t0+tb−1, columns 0..cols−1 of row-major x (leading dimension ld) into 4-column panels at `ptr`. */
function packRows(x: Float64Array, ld: number, cols: number, t0: number, tb: number, ptr: number): void {
  const h = heap.f64;
  const base = ptr >> 3;
  const panel = tb * 4;
  const q4 = cols & ~3;
  for (let t = 0; t < tb; t++) {
    const src = (t0 + t) * ld;
    let dst = base + t * 4;
    let j = 0;
    for (; j < q4; j += 4, dst += panel) {
      h[dst] = x[src + j]!;
      h[dst + 1] = x[src + j + 1]!;
      h[dst + 2] = x[src + j + 2]!;
      h[dst + 3] = x[src + j + 3]!;
    }
    if (j < cols) for (let c = 0; c < 4; c++) h[dst + c] = j + c < cols ? x[src + j + c]! : 0;
  }
}

/** Pack columns t0..t0+tb−1 of row-major a (rows × ld) as if they were rows of aᵀ (for C = A·B; TDNN's W). */
export function packColumns(a: Float64Array, ld: number, rows: number, t0: number, tb: number, ptr: number): void {
  const h = heap.f64;
  const base = ptr >> 3;
  const panel = tb * 4;
  const np = (rows + 3) & ~3;
  for (let i = 0; i < np; i++) {
    const dst = base + (i >> 2) * panel + (i & 3);
    if (i < rows) {
      const src = i * ld + t0;
      for (let t = 0; t < tb; t++) h[dst + t * 4] = a[src + t]!;
    } else for (let t = 0; t < tb; t++) h[dst + t * 4] = 0;
  }
}

type Packer = (t0: number, tb: number, ptr: number) => void;

/** Shared driver: C (m×n) = Σ_t a_t b_tᵀ over k rows given by the two packers; `sym` computes the upper half only. */
function gemmDriver(k: number, m: number, n: number, packA: Packer, packB: Packer | null, out: Float64Array): void {
  const mq = (m + 3) >> 2;
  const nq = (n + 3) >> 2;
  const tbMax = Math.min(BLOCK_ROWS, Math.max(1, k));
  const aBytes = aligned(tbMax * mq * 32);
  const bBytes = packB ? aligned(tbMax * nq * 32) : 0;
  const cBytes = aligned(mq * nq * 128);
  const base = scratch(aBytes + bBytes + cBytes);
  const pa = base;
  const pb = packB ? base + aBytes : pa;
  const pc = base + aBytes + bBytes;
  zeroHeap(pc, cBytes >> 3);
  for (let t0 = 0; t0 < k; t0 += BLOCK_ROWS) {
    const tb = Math.min(BLOCK_ROWS, k - t0);
    packA(t0, tb, pa);
    if (packB) packB(t0, tb, pb);
    kernels.gemm_tn_block_f64(pa, pb, tb, mq, nq, pc, packB ? 0 : 1);
  }
  // Unpad; for the symmetric case mirror the upper triangle (x·y = y·x exactly, so this equals computing it).
  const h = heap.f64;
  const ldc = nq * 4;
  const c0 = pc >> 3;
  for (let i = 0; i < m; i++) {
    const row = c0 + i * ldc;
    if (packB) for (let j = 0; j < n; j++) out[i * n + j] = h[row + j]!;
    else for (let j = i; j < n; j++) out[i * n + j] = out[j * n + i] = h[row + j]!;
  }
}

/** C (m×n) = Aᵀ·B for A (k×m) and B (k×n), row-major. */
export function gemmTN(a: Float64Array, b: Float64Array, k: number, m: number, n: number, out: Float64Array = new Float64Array(m * n)): Float64Array {
  if (a.length < k * m || b.length < k * n || out.length < m * n) throw new RangeError(`gemmTN: shapes ${k}×${m}, ${k}×${n}`);
  gemmDriver(k, m, n, (t0, tb, p) => packRows(a, m, m, t0, tb, p), (t0, tb, p) => packRows(b, n, n, t0, tb, p), out);
  return out;
}

/** G = XᵀX (cols × cols, symmetric, full storage) of the row-major states X (rows × cols). */
export function gramMatrix(x: Float64Array, rows: number, cols: number, out: Float64Array = new Float64Array(cols * cols)): Float64Array {
  if (x.length < rows * cols || out.length < cols * cols) throw new RangeError(`gram: shapes ${rows}×${cols}`);
  gemmDriver(rows, cols, cols, (t0, tb, p) => packRows(x, cols, cols, t0, tb, p), null, out);
  return out;
}

/** C (m×n) = A·B for A (m×k) and B (k×n), row-major. */
export function matMul(a: Float64Array, b: Float64Array, m: number, k: number, n: number, out: Float64Array = new Float64Array(m * n)): Float64Array {
  if (a.length < m * k || b.length < k * n || out.length < m * n) throw new RangeError(`matMul: shapes ${m}×${k}, ${k}×${n}`);
  gemmDriver(k, m, n, (t0, tb, p) => packColumns(a, k, m, t0, tb, p), (t0, tb, p) => packRows(b, n, n, t0, tb, p), out);
  return out;
}
