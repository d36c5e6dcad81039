/**
 * Dense kernels on row-major Float64Array matrices. Unchecked hot loops: callers check shapes once, outside the
 * step loop (as stdlib's dgemv wrapper does around its base kernel). Results go into the caller's buffer.
 */

/** y = A·x for A (rows × cols), or y += A·x when `accumulate`. */
export function matVec(a: Float64Array, rows: number, cols: number, x: Float64Array, y: Float64Array, accumulate = false): void {
  for (let i = 0; i < rows; i++) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    const off = i * cols;
    let j = 0;
    // Four partial sums: independent chains let the CPU pipeline the adds (the order is fixed, so the result is too).
    for (; j + 3 < cols; j += 4) {
      s0 += a[off + j]! * x[j]!;
      s1 += a[off + j + 1]! * x[j + 1]!;
      s2 += a[off + j + 2]! * x[j + 2]!;
      s3 += a[off + j + 3]! * x[j + 3]!;
    }
    for (; j < cols; j++) s0 += a[off + j]! * x[j]!;
    const s = s0 + s1 + (s2 + s3);
    y[i] = accumulate ? y[i]! + s : s;
  }
}

/** y = Aᵀ·x for A (rows × cols): y has `cols` entries. */
export function matTVec(a: Float64Array, rows: number, cols: number, x: Float64Array, y: Float64Array): void {
  y.fill(0, 0, cols);
  for (let i = 0; i < rows; i++) {
    const xi = x[i]!;
    if (xi === 0) continue;
    const off = i * cols;
    for (let j = 0; j < cols; j++) y[j]! += a[off + j]! * xi;
  }
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>, n = a.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
}

export function norm2(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

export function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return a.length ? s / a.length : 0;
}
