/**
 * The small dense pieces of the Krylov–Schur eigensolver (spectral-krylov.ts): Householder reduction of the projected
 * matrix to Hessenberg form, its eigenvectors by inverse iteration in complex arithmetic, and an orthonormal real
 * basis of kept Ritz vectors. Sizes here are the Krylov basis (≲ 160), never the network.
 */

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Modified Gram–Schmidt twice over the columns; drops columns that are dependent on the earlier ones. */
export function orthonormalColumns(cols: Float64Array[], size: number): Float64Array[] {
  const out: Float64Array[] = [];
  for (const c0 of cols) {
    const c = Float64Array.from(c0.subarray(0, size));
    const n0 = Math.sqrt(dot(c, c));
    for (let pass = 0; pass < 2; pass++) {
      for (const q of out) {
        const h = dot(q, c);
        for (let i = 0; i < size; i++) c[i]! -= h * q[i]!;
      }
    }
    const nc = Math.sqrt(dot(c, c));
    if (nc <= 1e-10 * n0) continue;
    for (let i = 0; i < size; i++) c[i]! /= nc;
    out.push(c);
  }
  return out;
}

/**
 * Reduce a (size × size, row-major) in place to upper Hessenberg form T = Zᵀ·a·Z by Householder reflections
 * (Golub & Van Loan §7.4.3); returns the orthogonal Z (row-major).
 */
export function householderHessenberg(a: Float64Array, size: number): Float64Array {
  const z = new Float64Array(size * size);
  for (let i = 0; i < size; i++) z[i * size + i] = 1;
  const v = new Float64Array(size);
  for (let k = 0; k < size - 2; k++) {
    let alpha = 0;
    for (let i = k + 1; i < size; i++) alpha += a[i * size + k]! * a[i * size + k]!;
    alpha = Math.sqrt(alpha);
    if (alpha === 0) continue;
    const x0 = a[(k + 1) * size + k]!;
    if (x0 > 0) alpha = -alpha;
    v.fill(0);
    v[k + 1] = x0 - alpha;
    for (let i = k + 2; i < size; i++) v[i] = a[i * size + k]!;
    let vv = 0;
    for (let i = k + 1; i < size; i++) vv += v[i]! * v[i]!;
    if (vv === 0) continue;
    const f = 2 / vv;
    // a ← (I − f·v·vᵀ)·a
    for (let j = 0; j < size; j++) {
      let s = 0;
      for (let i = k + 1; i < size; i++) s += v[i]! * a[i * size + j]!;
      s *= f;
      if (s !== 0) for (let i = k + 1; i < size; i++) a[i * size + j]! -= s * v[i]!;
    }
    // a ← a·(I − f·v·vᵀ), z ← z·(I − f·v·vᵀ)
    for (const m of [a, z]) {
      for (let i = 0; i < size; i++) {
        let s = 0;
        for (let j = k + 1; j < size; j++) s += m[i * size + j]! * v[j]!;
        s *= f;
        if (s !== 0) for (let j = k + 1; j < size; j++) m[i * size + j]! -= s * v[j]!;
      }
    }
    for (let i = k + 2; i < size; i++) a[i * size + k] = 0;
    a[(k + 1) * size + k] = alpha;
  }
  return z;
}

/**
 * The eigenvector y (‖y‖ = 1, complex) of H = Z·T·Zᵀ for its eigenvalue θ = re + i·im: inverse iteration on the
 * Hessenberg T, two solves of (T − θ̃I)·u = b with θ̃ nudged off θ by a relative 1e-12 (the near-singularity is what
 * makes it converge; Wilkinson), then y = Z·u.
 */
export function ritzVector(t: Float64Array, z: Float64Array, size: number, re: number, im: number): { re: Float64Array; im: Float64Array } {
  const nudge = 1e-12 * Math.max(Math.hypot(re, im), 1e-300);
  let ur: Float64Array = new Float64Array(size).fill(1);
  let ui: Float64Array = new Float64Array(size);
  for (let it = 0; it < 2; it++) {
    const solved = hessenbergSolve(t, size, re + nudge, im, ur, ui);
    ur = solved[0];
    ui = solved[1];
    let s = 0;
    for (let i = 0; i < size; i++) s += ur[i]! * ur[i]! + ui[i]! * ui[i]!;
    s = Math.sqrt(s);
    for (let i = 0; i < size; i++) {
      ur[i]! /= s;
      ui[i]! /= s;
    }
  }
  const yr = new Float64Array(size);
  const yi = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < size; j++) {
      sr += z[i * size + j]! * ur[j]!;
      si += z[i * size + j]! * ui[j]!;
    }
    yr[i] = sr;
    yi[i] = si;
  }
  return { re: yr, im: yi };
}

/**
 * Solve (T − σI)·x = b for an upper Hessenberg T and a complex shift σ = sr + i·si, b = br + i·bi: Gaussian elimination
 * with partial pivoting, which in a Hessenberg matrix only ever swaps neighbouring rows: O(size²).
 */
function hessenbergSolve(t: Float64Array, n: number, sr: number, si: number, br0: Float64Array, bi0: Float64Array): [Float64Array, Float64Array] {
  const ar = Float64Array.from(t);
  const ai = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    ar[i * n + i]! -= sr;
    ai[i * n + i] = -si;
  }
  const br = Float64Array.from(br0);
  const bi = Float64Array.from(bi0);
  const tiny = 1e-300;
  for (let c = 0; c < n; c++) {
    const below = c + 1 < n ? Math.hypot(ar[(c + 1) * n + c]!, ai[(c + 1) * n + c]!) : 0;
    if (below > Math.hypot(ar[c * n + c]!, ai[c * n + c]!)) {
      for (let k = c; k < n; k++) {
        let x = ar[c * n + k]!;
        ar[c * n + k] = ar[(c + 1) * n + k]!;
        ar[(c + 1) * n + k] = x;
        x = ai[c * n + k]!;
        ai[c * n + k] = ai[(c + 1) * n + k]!;
        ai[(c + 1) * n + k] = x;
      }
      let x = br[c]!;
      br[c] = br[c + 1]!;
      br[c + 1] = x;
      x = bi[c]!;
      bi[c] = bi[c + 1]!;
      bi[c + 1] = x;
    }
    let pr = ar[c * n + c]!;
    let pi = ai[c * n + c]!;
    if (Math.hypot(pr, pi) < tiny) {
      pr = tiny;
      pi = 0;
      ar[c * n + c] = pr;
      ai[c * n + c] = 0;
    }
    if (c + 1 >= n) break;
    const xr = ar[(c + 1) * n + c]!;
    const xi = ai[(c + 1) * n + c]!;
    if (xr === 0 && xi === 0) continue;
    const d = pr * pr + pi * pi;
    const fr = (xr * pr + xi * pi) / d;
    const fi = (xi * pr - xr * pi) / d;
    for (let k = c; k < n; k++) {
      const ur = ar[c * n + k]!;
      const ui = ai[c * n + k]!;
      ar[(c + 1) * n + k]! -= fr * ur - fi * ui;
      ai[(c + 1) * n + k]! -= fr * ui + fi * ur;
    }
    br[c + 1]! -= fr * br[c]! - fi * bi[c]!;
    bi[c + 1]! -= fr * bi[c]! + fi * br[c]!;
  }
  const xr = new Float64Array(n);
  const xi = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let sr2 = br[r]!;
    let si2 = bi[r]!;
    for (let k = r + 1; k < n; k++) {
      sr2 -= ar[r * n + k]! * xr[k]! - ai[r * n + k]! * xi[k]!;
      si2 -= ar[r * n + k]! * xi[k]! + ai[r * n + k]! * xr[k]!;
    }
    const pr = ar[r * n + r]!;
    const pi = ai[r * n + r]!;
    const d = pr * pr + pi * pi;
    xr[r] = (sr2 * pr + si2 * pi) / d;
    xi[r] = (si2 * pr - sr2 * pi) / d;
  }
  return [xr, xi];
}
