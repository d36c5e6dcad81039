/**
 * Dense kernels on row-major Float64Array matrices. Unchecked hot loops: callers check shapes once, outside the
 * step loop (as stdlib's dgemv wrapper does around its base kernel). Results go into the caller's buffer; y must
 * not alias x.
 *
 * Each kernel has two paths with the same operations in the same order, hence bit-identical results:
 * - WebAssembly SIMD (src/engine/wasm/kernels.wat) when the matrix lives in this thread's WebAssembly memory
 *   (allocated with `wasmAlloc`): it is read in place, vectors are copied to scratch when they live elsewhere;
 * - a plain-JS twin otherwise (the matrix is never copied: that would cost more than the product).
 *
 * Row reductions use the "8-lane" order: eight partial sums s_k over the elements j ≡ k (mod 8) of the full blocks
 * of eight, combined as ((s0+s2)+(s4+s6)) + ((s1+s3)+(s5+s7)), then the tail added in order. Eight independent
 * chains also let the CPU pipeline the adds on the JS path.
 */
import { kernels, heapOffset, scratch, aligned, copyOut, heap } from '../wasm/heap.js';

function checkShape(a: ArrayLike<number>, rows: number, cols: number, xLen: number, yLen: number, what: string): void {
  if (a.length < rows * cols || xLen < 0 || yLen < 0) {
    throw new RangeError(`${what}: a holds ${a.length} values, ${rows}×${cols} needs ${rows * cols}`);
  }
}

/** 8-lane dot product of a[ao..ao+n) and x[xo..xo+n) (the order documented above). */
export function dot8(a: ArrayLike<number>, ao: number, x: ArrayLike<number>, xo: number, n: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
  const end = n & ~7;
  let j = 0;
  for (; j < end; j += 8) {
    const p = ao + j;
    const q = xo + j;
    s0 += a[p]! * x[q]!;
    s1 += a[p + 1]! * x[q + 1]!;
    s2 += a[p + 2]! * x[q + 2]!;
    s3 += a[p + 3]! * x[q + 3]!;
    s4 += a[p + 4]! * x[q + 4]!;
    s5 += a[p + 5]! * x[q + 5]!;
    s6 += a[p + 6]! * x[q + 6]!;
    s7 += a[p + 7]! * x[q + 7]!;
  }
  let s = s0 + s2 + (s4 + s6) + (s1 + s3 + (s5 + s7));
  for (; j < n; j++) s += a[ao + j]! * x[xo + j]!;
  return s;
}

/** y = A·x for A (rows × cols), or y += A·x when `accumulate`. */
export function matVec(a: Float64Array, rows: number, cols: number, x: Float64Array, y: Float64Array, accumulate = false): void {
  if (cols === 1) {
    // One column (e.g. FORCE's feedback w_f·z): a row's 8-lane sum has no full block, so it is (+0 + a_i·x_0) — the
    // empty partial sums add to +0 — on every path. One pass here costs less than a kernel call.
    checkShape(a, rows, 1, x.length - 1, y.length - rows, 'matVec');
    const x0 = x[0]!;
    for (let i = 0; i < rows; i++) {
      const s = 0 + a[i]! * x0;
      y[i] = accumulate ? y[i]! + s : s;
    }
    return;
  }
  const pa = heapOffset(a);
  if (pa < 0 || rows === 0) {
    for (let i = 0; i < rows; i++) {
      const s = dot8(a, i * cols, x, 0, cols);
      y[i] = accumulate ? y[i]! + s : s;
    }
    return;
  }
  checkShape(a, rows, cols, x.length - cols, y.length - rows, 'matVec');
  let px = heapOffset(x);
  let py = heapOffset(y);
  if (px < 0 || py < 0) {
    const base = scratch(aligned(cols * 8) + aligned(rows * 8));
    if (px < 0) {
      px = base;
      heap.f64.set(x.subarray(0, cols), px >> 3);
    }
    if (py < 0) {
      py = base + aligned(cols * 8);
      if (accumulate) heap.f64.set(y.subarray(0, rows), py >> 3);
      kernels.matvec_f64(pa, rows, cols, px, py, accumulate ? 1 : 0);
      copyOut(py, y, rows);
      return;
    }
  }
  kernels.matvec_f64(pa, rows, cols, px, py, accumulate ? 1 : 0);
}

/** y = Aᵀ·x for A (rows × cols): y has `cols` entries. Rows with x_i = 0 are skipped (sparse spike vectors). */
export function matTVec(a: Float64Array, rows: number, cols: number, x: Float64Array, y: Float64Array): void {
  const pa = heapOffset(a);
  if (pa < 0 || cols === 0) {
    y.fill(0, 0, cols);
    for (let i = 0; i < rows; i++) {
      const xi = x[i]!;
      if (xi === 0) continue;
      const off = i * cols;
      for (let j = 0; j < cols; j++) y[j]! += a[off + j]! * xi;
    }
    return;
  }
  checkShape(a, rows, cols, x.length - rows, y.length - cols, 'matTVec');
  let px = heapOffset(x);
  let py = heapOffset(y);
  if (px < 0 || py < 0) {
    const base = scratch(aligned(rows * 8) + aligned(cols * 8));
    if (px < 0) {
      px = base;
      heap.f64.set(x.subarray(0, rows), px >> 3);
    }
    if (py < 0) {
      py = base + aligned(rows * 8);
      kernels.mattvec_f64(pa, rows, cols, px, py);
      copyOut(py, y, cols);
      return;
    }
  }
  kernels.mattvec_f64(pa, rows, cols, px, py);
}

/** Dot product in the 8-lane order (WebAssembly when both vectors live in its memory). */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>, n = a.length): number {
  if (n >= 64 && a instanceof Float64Array && b instanceof Float64Array) {
    const pa = heapOffset(a);
    const pb = heapOffset(b);
    if (pa >= 0 && pb >= 0 && a.length >= n && b.length >= n) return kernels.dot_f64(pa, pb, n);
  }
  return dot8(a, 0, b, 0, n);
}

export function norm2(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

export function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return a.length ? s / a.length : 0;
}

// ---- float32 ---------------------------------------------------------------------------------------------------

const acc32 = new Float32Array(16);
const fr = Math.fround;

/**
 * y = A·x (or y += A·x) in float32 (IEEE single rounding after every operation, as WebAssembly's f32x4).
 * Order: 16 partial sums s_k over j ≡ k (mod 16) of the full blocks of 16; lanes l = 0..3 combined as
 * L_l = (s_l + s_{4+l}) + (s_{8+l} + s_{12+l}), then s = (L0 + L2) + (L1 + L3), then the tail in order.
 */
export function matVecF32(a: Float32Array, rows: number, cols: number, x: Float32Array, y: Float32Array, accumulate = false): void {
  const pa = heapOffset(a);
  if (pa >= 0 && rows > 0) {
    checkShape(a, rows, cols, x.length - cols, y.length - rows, 'matVecF32');
    let px = heapOffset(x);
    let py = heapOffset(y);
    if (px < 0 || py < 0) {
      const base = scratch(aligned(cols * 4) + aligned(rows * 4));
      if (px < 0) {
        px = base;
        heap.f32.set(x.subarray(0, cols), px >> 2);
      }
      if (py < 0) {
        py = base + aligned(cols * 4);
        if (accumulate) heap.f32.set(y.subarray(0, rows), py >> 2);
        kernels.matvec_f32(pa, rows, cols, px, py, accumulate ? 1 : 0);
        copyOut(py, y, rows);
        return;
      }
    }
    kernels.matvec_f32(pa, rows, cols, px, py, accumulate ? 1 : 0);
    return;
  }
  const end = cols & ~15;
  const s = acc32;
  for (let i = 0; i < rows; i++) {
    s.fill(0);
    const off = i * cols;
    let j = 0;
    for (; j < end; j += 16) {
      for (let k = 0; k < 16; k++) s[k] = s[k]! + fr(a[off + j + k]! * x[j + k]!);
    }
    const l0 = fr(fr(s[0]! + s[4]!) + fr(s[8]! + s[12]!));
    const l1 = fr(fr(s[1]! + s[5]!) + fr(s[9]! + s[13]!));
    const l2 = fr(fr(s[2]! + s[6]!) + fr(s[10]! + s[14]!));
    const l3 = fr(fr(s[3]! + s[7]!) + fr(s[11]! + s[15]!));
    let t = fr(fr(l0 + l2) + fr(l1 + l3));
    for (; j < cols; j++) t = fr(t + fr(a[off + j]! * x[j]!));
    y[i] = accumulate ? fr(y[i]! + t) : t;
  }
}

/**
 * y = A·x, or y += A·x when `accumulate`, in the arrays' own precision: `matVecF32` for Float32Array, `matVec` for
 * Float64Array (a session's state arrays are all one or the other: src/engine/precision.ts).
 */
export function matVecIn(a: Float64Array | Float32Array, rows: number, cols: number, x: Float64Array | Float32Array, y: Float64Array | Float32Array, accumulate = false): void {
  if (a instanceof Float32Array) matVecF32(a, rows, cols, x as Float32Array, y as Float32Array, accumulate);
  else matVec(a, rows, cols, x as Float64Array, y as Float64Array, accumulate);
}
