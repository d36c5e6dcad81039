/**
 * Ridge regression (Tikhonov-regularised least squares) for linear readouts: reservoir computing (Jaeger 2001;
 * Lukoševičius 2012 §4.1), liquid-state readouts (Maass et al. 2002) and tapped-delay-line fits.
 *
 *   W = argmin ‖X·Wᵀ − Y‖² + λ‖W‖²   ⇔   W = Yᵀ X (XᵀX + λI)⁻¹
 *
 * X is the states matrix (rows = samples, cols = features, row-major); Y the targets (rows × outputs, row-major).
 * The result W is (outputs × features), row-major, so that a prediction is y = W·x (`matVec(W, outputs, features,
 * x, y)`).
 *
 * Two solvers, because the conditioning of a reservoir's state matrix is part of the model (cond(X) ≈ 1e10–1e13 for
 * the Jaeger 2001 Mackey-Glass setup):
 * - 'cholesky': form G = XᵀX + λI and factor it, G = LLᵀ. Fast (rows·cols²/2 flops for G), the usual choice; but
 *   it squares the condition number, so with λ → 0 on an ill-conditioned X the solution is lost in rounding.
 * - 'qr': Householder QR of the augmented matrix [X; √λ·I] (Golub & Van Loan §5.3, §6.1.4). Works with cond(X)
 *   rather than cond(X)², so it solves the plain (λ = 0) least-squares problem for a full-rank X that the normal
 *   equations cannot. About four times the flops of 'cholesky'.
 */

import { gramMatrix, gemmTN } from './gemm.js';
import { choleskyFactor, choleskySolveMany } from './cholesky.js';

export type RidgeSolver = 'cholesky' | 'qr';

export interface RidgeOptions {
  /** Ridge (Tikhonov) regularisation λ ≥ 0 added to the diagonal of XᵀX. */
  lambda: number;
  /** Linear solver; see the module comment. Default 'cholesky'. */
  solver?: RidgeSolver;
}

export interface RidgeFit {
  /** Readout weights, outputs × features, row-major. */
  weights: Float64Array;
  features: number;
  outputs: number;
  /**
   * Estimated condition number of the matrix actually solved: (max/min diagonal of the Cholesky or R factor)², i.e.
   * of XᵀX + λI. A lower bound on the true figure; values above ~1e15 mean the fit is dominated by rounding.
   */
  conditionEstimate: number;
}

/**
 * G = XᵀX (cols × cols, symmetric, full storage). WebAssembly SIMD on packed panels (gemm.ts): each entry is the
 * sequential sum over the rows, so the same bits on every machine.
 */
export function gram(x: Float64Array, rows: number, cols: number, out = new Float64Array(cols * cols)): Float64Array {
  return gramMatrix(x, rows, cols, out);
}

/**
 * In-place Cholesky factorisation A = L·Lᵀ of a symmetric positive definite n × n matrix (row-major, lower triangle
 * read and overwritten with L; the strict upper triangle is zeroed). Returns false when A is not positive definite.
 */
export function cholesky(a: Float64Array, n: number): boolean {
  // WebAssembly SIMD, row-oriented (cholesky.ts): the same factor as the column loop up to rounding.
  return choleskyFactor(a, n);
}

/** Solve L·Lᵀ·x = b in place (b becomes x) for the factor L from `cholesky`. */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): void {
  choleskySolveMany(l, n, b, 1);
}

function checkShapes(x: Float64Array, rows: number, cols: number, y: Float64Array, outputs: number, lambda: number): void {
  if (!(rows > 0 && cols > 0 && outputs > 0)) throw new RangeError('ridge: rows, cols and outputs must be positive');
  if (x.length < rows * cols) throw new RangeError(`ridge: X has ${x.length} entries, expected ${rows}×${cols}`);
  if (y.length < rows * outputs) throw new RangeError(`ridge: Y has ${y.length} entries, expected ${rows}×${outputs}`);
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError('ridge: lambda must be finite and ≥ 0');
}

function fitCholesky(x: Float64Array, rows: number, cols: number, y: Float64Array, outputs: number, lambda: number): RidgeFit {
  const g = gram(x, rows, cols);
  for (let j = 0; j < cols; j++) g[j * cols + j]! += lambda;
  if (!cholesky(g, cols)) {
    throw new RangeError('ridge: XᵀX + λI is not positive definite to working precision (raise lambda or use solver "qr")');
  }
  let dmax = 0;
  let dmin = Infinity;
  for (let j = 0; j < cols; j++) {
    const d = g[j * cols + j]!;
    dmax = Math.max(dmax, d);
    dmin = Math.min(dmin, d);
  }
  // Right-hand sides XᵀY (cols × outputs), transposed into one row per output, solved together.
  const xty = gemmTN(x, y, rows, cols, outputs);
  const weights = new Float64Array(outputs * cols);
  for (let o = 0; o < outputs; o++) for (let j = 0; j < cols; j++) weights[o * cols + j] = xty[j * outputs + o]!;
  choleskySolveMany(g, cols, weights, outputs);
  return { weights, features: cols, outputs, conditionEstimate: (dmax / dmin) ** 2 };
}

/** Householder panel width and row-block length of the blocked QR (a panel's Y block of NB × RB stays in cache). */
const QR_PANEL = 32;
const QR_ROWS = 512;

function fitQr(x: Float64Array, rows: number, cols: number, y: Float64Array, outputs: number, lambda: number): RidgeFit {
  const aug = lambda > 0;
  const m = rows + (aug ? cols : 0);
  const n = cols;
  if (m < n) throw new RangeError(`ridge: QR least squares needs at least as many samples (${rows}) as features (${cols}) when lambda = 0`);
  // Column-major [X; √λ I | Y]: each Householder reflection works on contiguous columns, and the right-hand sides
  // (targets, 0 on the augmented rows) ride along as extra columns, so Qᵀy comes out of the same sweeps.
  const ne = n + outputs;
  const a = new Float64Array(m * ne);
  for (let r = 0; r < rows; r++) {
    const off = r * cols;
    for (let j = 0; j < n; j++) a[j * m + r] = x[off + j]!;
    for (let o = 0; o < outputs; o++) a[(n + o) * m + r] = y[r * outputs + o]!;
  }
  if (aug) {
    const s = Math.sqrt(lambda);
    for (let j = 0; j < n; j++) a[j * m + rows + j] = s;
  }

  const zeroColumn = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    let any = false;
    for (let r = 0; r < rows && !any; r++) any = a[j * m + r] !== 0;
    zeroColumn[j] = any ? 0 : 1;
  }
  const rdiag = new Float64Array(n);
  const taus = new Float64Array(QR_PANEL);
  const ymat = new Float64Array(QR_PANEL * m);
  const tmat = new Float64Array(QR_PANEL * QR_PANEL);
  const wmat = new Float64Array(QR_PANEL * ne);
  const z = new Float64Array(QR_PANEL);

  // Blocked Householder QR (Golub & Van Loan §5.2.3; LAPACK dgeqrf/dlarft/dlarfb): factor a panel of NB columns
  // with single reflections, accumulate them as Q = I − Y·T·Yᵀ, then apply Qᵀ to the trailing columns in row blocks,
  // so the trailing matrix is swept twice per panel instead of once per column.
  for (let k0 = 0; k0 < n; k0 += QR_PANEL) {
    const nb = Math.min(QR_PANEL, n - k0);
    const mm = m - k0;
    // 1. the panel, column by column
    for (let t = 0; t < nb; t++) {
      const k = k0 + t;
      const ck = k * m;
      // Householder vector v for column k rows k..m-1, scaled to avoid overflow (LAPACK dlarfg).
      let scale = 0;
      for (let i = k; i < m; i++) scale = Math.max(scale, Math.abs(a[ck + i]!));
      if (scale === 0) {
        rdiag[k] = 0;
        taus[t] = 0;
        a[ck + k] = 1; // v = e_k with τ = 0: the identity
        continue;
      }
      let ss = 0;
      for (let i = k; i < m; i++) {
        const v = a[ck + i]! / scale;
        ss += v * v;
      }
      const alpha = a[ck + k]!;
      const normx = scale * Math.sqrt(ss);
      const beta = alpha >= 0 ? -normx : normx; // R_kk; sign opposite α avoids cancellation in v₀ = α − β
      const v0 = alpha - beta;
      // v = [1, x_{k+1}/v0, …]; H = I − τ v vᵀ with τ = (β − α)/β
      for (let i = k + 1; i < m; i++) a[ck + i] = a[ck + i]! / v0;
      const tau = (beta - alpha) / beta;
      a[ck + k] = 1;
      for (let j = k + 1; j < k0 + nb; j++) {
        const cj = j * m;
        let d = 0;
        for (let i = k; i < m; i++) d += a[ck + i]! * a[cj + i]!;
        d *= tau;
        if (d !== 0) for (let i = k; i < m; i++) a[cj + i]! -= d * a[ck + i]!;
      }
      rdiag[k] = beta;
      taus[t] = tau;
    }
    // 2. Y (mm × nb, one column per reflector, unit on the diagonal, zeros above) and T, upper triangular with
    //    T[0:t, t] = −τ_t·T[0:t, 0:t]·(Y[:, 0:t]ᵀ v_t)  (dlarft, forward, columnwise)
    ymat.fill(0, 0, nb * mm);
    for (let t = 0; t < nb; t++) {
      const ck = (k0 + t) * m;
      const yt = t * mm;
      for (let i = t; i < mm; i++) ymat[yt + i] = a[ck + k0 + i]!;
      ymat[yt + t] = 1;
    }
    for (let t = 0; t < nb; t++) {
      const yt = t * mm;
      for (let q = 0; q < t; q++) {
        const yq = q * mm;
        let d = 0;
        for (let i = t; i < mm; i++) d += ymat[yq + i]! * ymat[yt + i]!;
        z[q] = d;
      }
      for (let q = 0; q < t; q++) {
        let v = 0;
        for (let r = q; r < t; r++) v += tmat[q * QR_PANEL + r]! * z[r]!;
        tmat[q * QR_PANEL + t] = -taus[t]! * v;
      }
      tmat[t * QR_PANEL + t] = taus[t]!;
    }
    // 3. trailing columns C ← (I − Y·Tᵀ·Yᵀ)·C: W = Yᵀ·C, W ← Tᵀ·W, C −= Y·W, each in row blocks
    const j0 = k0 + nb;
    const nc = ne - j0;
    if (nc > 0) {
      wmat.fill(0, 0, nb * nc);
      for (let i0 = 0; i0 < mm; i0 += QR_ROWS) {
        const i1 = Math.min(mm, i0 + QR_ROWS);
        let jj = 0;
        // four trailing columns at a time share each load of Y
        for (; jj + 3 < nc; jj += 4) {
          const c0 = (j0 + jj) * m + k0;
          const c1 = c0 + m;
          const c2 = c1 + m;
          const c3 = c2 + m;
          for (let t = 0; t < nb; t++) {
            const yt = t * mm;
            let d0 = 0;
            let d1 = 0;
            let d2 = 0;
            let d3 = 0;
            for (let i = Math.max(i0, t); i < i1; i++) {
              const v = ymat[yt + i]!;
              d0 += v * a[c0 + i]!;
              d1 += v * a[c1 + i]!;
              d2 += v * a[c2 + i]!;
              d3 += v * a[c3 + i]!;
            }
            const w = t * nc + jj;
            wmat[w]! += d0;
            wmat[w + 1]! += d1;
            wmat[w + 2]! += d2;
            wmat[w + 3]! += d3;
          }
        }
        for (; jj < nc; jj++) {
          const cj = (j0 + jj) * m + k0;
          for (let t = 0; t < nb; t++) {
            const yt = t * mm;
            let d = 0;
            for (let i = Math.max(i0, t); i < i1; i++) d += ymat[yt + i]! * a[cj + i]!;
            wmat[t * nc + jj]! += d;
          }
        }
      }
      for (let jj = 0; jj < nc; jj++) {
        // w ← Tᵀw: w'_t = Σ_{q ≤ t} T[q, t]·w_q, from the last t down so each w_q is read before it is replaced
        for (let t = nb - 1; t >= 0; t--) {
          let v = 0;
          for (let q = 0; q <= t; q++) v += tmat[q * QR_PANEL + t]! * wmat[q * nc + jj]!;
          wmat[t * nc + jj] = v;
        }
      }
      for (let i0 = 0; i0 < mm; i0 += QR_ROWS) {
        const i1 = Math.min(mm, i0 + QR_ROWS);
        let jj = 0;
        for (; jj + 3 < nc; jj += 4) {
          const c0 = (j0 + jj) * m + k0;
          const c1 = c0 + m;
          const c2 = c1 + m;
          const c3 = c2 + m;
          for (let t = 0; t < nb; t++) {
            const w = t * nc + jj;
            const w0 = wmat[w]!;
            const w1 = wmat[w + 1]!;
            const w2 = wmat[w + 2]!;
            const w3 = wmat[w + 3]!;
            const yt = t * mm;
            for (let i = Math.max(i0, t); i < i1; i++) {
              const v = ymat[yt + i]!;
              a[c0 + i]! -= w0 * v;
              a[c1 + i]! -= w1 * v;
              a[c2 + i]! -= w2 * v;
              a[c3 + i]! -= w3 * v;
            }
          }
        }
        for (; jj < nc; jj++) {
          const cj = (j0 + jj) * m + k0;
          for (let t = 0; t < nb; t++) {
            const w = wmat[t * nc + jj]!;
            if (w === 0) continue;
            const yt = t * mm;
            for (let i = Math.max(i0, t); i < i1; i++) a[cj + i]! -= w * ymat[yt + i]!;
          }
        }
      }
    }
  }
  // An all-zero feature column (an input that never moves) gets weight 0: with λ = 0 its weight is arbitrary, and 0 is
  // the minimum-norm choice. Any other exact zero pivot means a rank-deficient X.
  let dmax = 0;
  let dmin = Infinity;
  for (let k = 0; k < n; k++) {
    const d = Math.abs(rdiag[k]!);
    if (d === 0 && zeroColumn[k]) continue;
    dmax = Math.max(dmax, d);
    dmin = Math.min(dmin, d);
  }
  // Numerical rank test (as LAPACK's xGELSY with rcond = max(m, n)·ε): below it, R's diagonal is rounding noise.
  if (!(dmin > Math.max(m, n) * Number.EPSILON * dmax)) {
    throw new RangeError('ridge: X is rank deficient to working precision (a negligible pivot in QR); use lambda > 0');
  }
  // Back substitution R·w = (Qᵀy)[0..n): R's strict upper triangle is a[j*m + i] for i < j.
  const weights = new Float64Array(outputs * n);
  for (let o = 0; o < outputs; o++) {
    const bo = (n + o) * m;
    const w = o * n;
    for (let i = n - 1; i >= 0; i--) {
      if (rdiag[i] === 0) continue;
      let s = a[bo + i]!;
      for (let j = i + 1; j < n; j++) s -= a[j * m + i]! * weights[w + j]!;
      weights[w + i] = s / rdiag[i]!;
    }
  }
  return { weights, features: n, outputs, conditionEstimate: (dmax / dmin) ** 2 };
}

/**
 * Fit a ridge readout. X: rows × cols states (row-major); Y: rows × outputs targets (row-major).
 * Add a constant feature column to X yourself when the readout needs a bias (Jaeger 2001 reads the bias unit too).
 */
export function ridgeFit(x: Float64Array, rows: number, cols: number, y: Float64Array, outputs: number, options: RidgeOptions): RidgeFit {
  checkShapes(x, rows, cols, y, outputs, options.lambda);
  return (options.solver ?? 'cholesky') === 'qr'
    ? fitQr(x, rows, cols, y, outputs, options.lambda)
    : fitCholesky(x, rows, cols, y, outputs, options.lambda);
}

/** Predictions Ŷ = X·Wᵀ (rows × outputs, row-major) for a fitted readout. */
export function ridgePredict(fit: RidgeFit, x: Float64Array, rows: number, out = new Float64Array(rows * fit.outputs)): Float64Array {
  const { weights, features, outputs } = fit;
  for (let r = 0; r < rows; r++) {
    const off = r * features;
    for (let o = 0; o < outputs; o++) {
      const wo = o * features;
      let s = 0;
      for (let j = 0; j < features; j++) s += weights[wo + j]! * x[off + j]!;
      out[r * outputs + o] = s;
    }
  }
  return out;
}
