/**
 * Compressed sparse row (CSR) matrices for sparse random connectivity (reservoirs at 1–10% density, Jaeger 2001;
 * Lukoševičius 2012 §3.2.2): a mat-vec costs nnz instead of rows × cols. Plain typed arrays, so a CSR matrix is
 * plain state data (it can live in shared memory and be persisted).
 */
import type { Alloc } from '../alloc.js';
import { kernels, heapOffset, heap, scratch, aligned, copyOut } from '../wasm/heap.js';

export interface Csr {
  rows: number;
  cols: number;
  /** rowPtr[i]…rowPtr[i+1]−1 index row i's entries in colIdx/values (rows + 1 entries). */
  rowPtr: Int32Array;
  colIdx: Int32Array;
  values: Float64Array;
}

/** CSR copy of a dense row-major matrix, keeping the non-zero entries. */
export function csrFromDense(a: Float64Array, rows: number, cols: number, alloc?: Alloc): Csr {
  let nnz = 0;
  for (let i = 0; i < rows * cols; i++) if (a[i] !== 0) nnz++;
  const rowPtr = alloc ? alloc.i32(rows + 1) : new Int32Array(rows + 1);
  const colIdx = alloc ? alloc.i32(nnz) : new Int32Array(nnz);
  const values = alloc ? alloc.f64(nnz) : new Float64Array(nnz);
  let k = 0;
  for (let i = 0; i < rows; i++) {
    rowPtr[i] = k;
    const off = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = a[off + j]!;
      if (v !== 0) {
        colIdx[k] = j;
        values[k] = v;
        k++;
      }
    }
  }
  rowPtr[rows] = k;
  return { rows, cols, rowPtr, colIdx, values };
}

/**
 * y = A·x (or y += A·x when `accumulate`). Per row, four partial sums s_r over the full blocks of four entries
 * ((k − rowStart) mod 4 = r), combined as (s0 + s1) + (s2 + s3), then the rest in order: four independent chains
 * instead of one long chain of dependent adds. Same order on both paths: WebAssembly (kernels.wat csr_matvec_f64)
 * when the three arrays live in its memory, this JS loop otherwise.
 */
export function csrMatVec(a: Csr, x: Float64Array, y: Float64Array, accumulate = false): void {
  const { rows, rowPtr, colIdx, values } = a;
  const pr = heapOffset(rowPtr);
  const pc = heapOffset(colIdx);
  const pv = heapOffset(values);
  if (pr >= 0 && pc >= 0 && pv >= 0 && rows > 0) {
    csrMatVecWasm(a, pr, pc, pv, x, y, accumulate);
    return;
  }
  for (let i = 0; i < rows; i++) {
    let k = rowPtr[i]!;
    const end = rowPtr[i + 1]!;
    const end4 = k + ((end - k) & ~3);
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (; k < end4; k += 4) {
      s0 += values[k]! * x[colIdx[k]!]!;
      s1 += values[k + 1]! * x[colIdx[k + 1]!]!;
      s2 += values[k + 2]! * x[colIdx[k + 2]!]!;
      s3 += values[k + 3]! * x[colIdx[k + 3]!]!;
    }
    let s = s0 + s1 + (s2 + s3);
    for (; k < end; k++) s += values[k]! * x[colIdx[k]!]!;
    y[i] = accumulate ? y[i]! + s : s;
  }
}

/** Dense row-major copy. */
export function csrToDense(a: Csr, out = new Float64Array(a.rows * a.cols)): Float64Array {
  out.fill(0);
  for (let i = 0; i < a.rows; i++) for (let k = a.rowPtr[i]!; k < a.rowPtr[i + 1]!; k++) out[i * a.cols + a.colIdx[k]!] = a.values[k]!;
  return out;
}

function csrMatVecWasm(a: Csr, pr: number, pc: number, pv: number, x: Float64Array, y: Float64Array, accumulate: boolean): void {
  const { rows, cols, rowPtr } = a;
  // Bounds the JS loop would tolerate but WebAssembly memory would not: check them once per call (O(rows)).
  const nnz = rowPtr[rows]!;
  if (x.length < cols || y.length < rows || rowPtr.length < rows + 1 || nnz > a.colIdx.length || nnz > a.values.length || rowPtr[0]! < 0) {
    throw new RangeError('csrMatVec: shapes do not match');
  }
  let px = heapOffset(x);
  let py = heapOffset(y);
  if (px < 0 || py < 0) {
    const s = scratch(aligned(cols * 8) + aligned(rows * 8));
    if (px < 0) {
      px = s;
      heap.f64.set(x.subarray(0, cols), px >> 3);
    }
    if (py < 0) {
      py = s + aligned(cols * 8);
      if (accumulate) heap.f64.set(y.subarray(0, rows), py >> 3);
      kernels.csr_matvec_f64(pr, pc, pv, rows, px, py, accumulate ? 1 : 0);
      copyOut(py, y, rows);
      return;
    }
  }
  kernels.csr_matvec_f64(pr, pc, pv, rows, px, py, accumulate ? 1 : 0);
}
