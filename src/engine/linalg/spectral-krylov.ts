/**
 * The outermost eigenvalues of a large (sparse) real non-symmetric matrix by thick-restarted Arnoldi: Krylov–Schur
 * restarting with the wanted Ritz vectors (Morgan 1996, "On restarting the Arnoldi method for large nonsymmetric
 * eigenvalue problems", Math. Comp. 65:1213; Stewart 2001, "A Krylov–Schur algorithm for large eigenproblems", SIAM J.
 * Matrix Anal. Appl. 23:601; the same subspace as ARPACK's implicit restart with exact shifts, Sorensen 1992).
 *
 * Only products A·x are used (CSR or dense), so a 4,000-unit reservoir at 10 % density costs O(nnz) per product
 * instead of the O(N³) of a dense eigendecomposition.
 *
 * One cycle: extend the Arnoldi relation A·V_k = V_{k+1}·G to m vectors (classical Gram–Schmidt twice: "twice is
 * enough", Giraud et al. 2005), take the eigenpairs (θ, y) of the m × m projection H, test each wanted one by its
 * residual ‖A·V·y − θ·V·y‖ = |r·y| (r = the last row of G: A·V_m = V_m·H + v_m·r), and restart from the k wanted
 * Ritz vectors: an orthonormal basis Q of them (real and imaginary parts of a complex pair, never split) spans an
 * invariant subspace of H, so A·(V_m·Q) = (V_m·Q)·(QᵀHQ) + v_m·(r·Q) is again an Arnoldi-like relation to extend.
 *
 * Why keep many (k ≈ m/2, with ≥ 10 wanted): a random reservoir's spectrum fills a disk (the circular law) and its
 * outer eigenvalues crowd the rim, so a method that keeps only the leading one converges to *an* eigenvalue near the
 * rim, not necessarily the largest (ARPACK's eigs(k=1) on a 4,000-unit, 10 % reservoir returns 11.651 where the
 * spectral radius is 11.814). Keeping the outer dozens resolves the crowd.
 */
import type { Rng } from '../random/rng.js';
import { hessenbergEigenvalues, type Eigenvalues } from './spectral-dense.js';
import { householderHessenberg, orthonormalColumns, ritzVector } from './spectral-ritz.js';

/** y = A·x for an n × n operator. */
export interface LinearOperator {
  n: number;
  apply(x: Float64Array, y: Float64Array): void;
}

/** How to rank eigenvalues: larger is more wanted. Made afresh from the current Ritz values at every restart. */
export type EigenScore = (ritz: Eigenvalues) => (re: number, im: number) => number;

/** Rank by modulus: the spectral radius. */
export const byModulus: EigenScore = () => (re, im) => Math.hypot(re, im);

export interface KrylovOptions {
  /** Start vector's generator (seeded, so the result is reproducible). */
  rng: Rng;
  /** Eigenvalues wanted (a complex pair counts twice); default 12. */
  wanted?: number;
  /** Krylov basis size m; default max(10·wanted, 40) (fewer restarts on crowded rims), at most n. */
  basis?: number;
  /** Converged when every wanted residual ‖Ay − θy‖ ≤ tolerance · max|θ|; default 1e-9. */
  tolerance?: number;
  /** Restart cycles before giving up; default 500. */
  maxRestarts?: number;
  score?: EigenScore;
}

export interface KrylovResult {
  /** The wanted Ritz values, most wanted first. */
  values: Eigenvalues;
  /** Their residuals ‖A·V·y − θ·V·y‖ (‖y‖ = 1). */
  residuals: Float64Array;
  converged: boolean;
  restarts: number;
  products: number;
}

/** The outermost eigenvalues by `score` (default: modulus) of the operator. */
export function krylovSchurEigenvalues(op: LinearOperator, o: KrylovOptions): KrylovResult {
  const n = op.n;
  const score = o.score ?? byModulus;
  const m = Math.max(1, Math.min(n, o.basis ?? Math.max(10 * (o.wanted ?? 12), 40)));
  const nev = Math.max(1, Math.min(o.wanted ?? 12, m - 2 > 0 ? m - 2 : m));
  const tol = o.tolerance ?? 1e-9;
  const maxRestarts = o.maxRestarts ?? 500;

  const V = new Float64Array((m + 1) * n); // rows v_0 … v_m
  const G = new Float64Array((m + 1) * m); // A·v_j = Σ_i G[i, j] v_i
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) V[i] = o.rng.normal();
  const v0 = Math.sqrt(dot(V, V, 0, n));
  for (let i = 0; i < n; i++) V[i]! /= v0;
  let k = 0; // vectors carried into the next expansion (v_0 … v_k hold, v_k the residual direction)
  let products = 0;
  let last: KrylovResult | null = null;

  for (let restart = 0; restart <= maxRestarts; restart++) {
    // 1. Expand the relation from k to m columns.
    let size = m;
    for (let j = k; j < m; j++) {
      op.apply(V.subarray(j * n, (j + 1) * n), w);
      products++;
      const norm0 = Math.sqrt(dot(w, w, 0, n));
      for (let pass = 0; pass < 2; pass++) {
        for (let i = 0; i <= j; i++) {
          const off = i * n;
          let h = 0;
          for (let t = 0; t < n; t++) h += V[off + t]! * w[t]!;
          for (let t = 0; t < n; t++) w[t]! -= h * V[off + t]!;
          G[i * m + j]! += h;
        }
      }
      const beta = Math.sqrt(dot(w, w, 0, n));
      if (beta <= 1e-13 * Math.max(norm0, 1e-300)) {
        // Breakdown: span(v_0 … v_j) is invariant under A, and its eigenvalues are exact. With a random start every
        // eigenvector has a component in it, so these are all the eigenvalues the start vector can see.
        G[(j + 1) * m + j] = 0;
        size = j + 1;
        break;
      }
      G[(j + 1) * m + j] = beta;
      const next = V.subarray((j + 1) * n, (j + 2) * n);
      for (let t = 0; t < n; t++) next[t] = w[t]! / beta;
    }

    // 2. Ritz pairs of the size × size projection, ranked.
    const H = new Float64Array(size * size);
    for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) H[i * size + j] = G[i * m + j]!;
    const r = new Float64Array(size);
    for (let j = 0; j < size; j++) r[j] = G[size * m + j]!;
    // H = Z·T·Zᵀ with T upper Hessenberg (Householder, orthogonal Z): eigenvalues from T (Francis QR), eigenvectors
    // by inverse iteration on T in O(size²) each, mapped back by Z.
    const T = Float64Array.from(H);
    const Z = householderHessenberg(T, size);
    const ritz = hessenbergEigenvalues(Float64Array.from(T), size);
    const rank = score(ritz);
    const order = Array.from({ length: size }, (_, i) => i).sort((a, b) => rank(ritz.re[b]!, ritz.im[b]!) - rank(ritz.re[a]!, ritz.im[a]!));
    const exact = size < m;
    const want = Math.min(nev, size);
    let keep = exact ? size : Math.min(size - 1, Math.max(want, Math.floor((size + want) / 2)));
    keep = pairSafe(order, ritz, keep);
    let scale = 0;
    for (let i = 0; i < size; i++) scale = Math.max(scale, Math.hypot(ritz.re[i]!, ritz.im[i]!));

    // 3. Ritz vectors of the kept values (complex, from inverse iteration on H) and their residuals |r·y|.
    const vecs: { re: Float64Array; im: Float64Array }[] = [];
    const residuals = new Float64Array(want);
    let converged = true;
    for (let q = 0; q < keep; q++) {
      const idx = order[q]!;
      const y = ritzVector(T, Z, size, ritz.re[idx]!, ritz.im[idx]!);
      vecs.push(y);
      if (q < want) {
        let rr = 0;
        let ri = 0;
        for (let j = 0; j < size; j++) {
          rr += r[j]! * y.re[j]!;
          ri += r[j]! * y.im[j]!;
        }
        residuals[q] = Math.hypot(rr, ri);
        if (!(residuals[q]! <= tol * Math.max(scale, 1e-300))) converged = false;
      }
    }
    const values: Eigenvalues = { re: new Float64Array(want), im: new Float64Array(want) };
    for (let q = 0; q < want; q++) {
      values.re[q] = ritz.re[order[q]!]!;
      values.im[q] = ritz.im[order[q]!]!;
    }
    last = { values, residuals, converged: converged || exact, restarts: restart, products };
    if (last.converged || restart === maxRestarts) return last;

    // 4. Restart: an orthonormal real basis Q (size × kk) of the kept Ritz vectors.
    const cols: Float64Array[] = [];
    for (let q = 0; q < keep; q++) {
      const idx = order[q]!;
      const im = ritz.im[idx]!;
      if (im === 0) cols.push(vecs[q]!.re);
      else if (im > 0 || !cols.length || ritz.im[order[q - 1]!] !== -im) {
        // one of each conjugate pair: Re y and Im y span the pair's real invariant subspace
        cols.push(vecs[q]!.re, vecs[q]!.im);
      }
    }
    const Q = orthonormalColumns(cols, size);
    const kk = Q.length;
    // V ← V_m·Q (the new v_0 … v_{kk−1}), then v_kk ← v_m (old residual direction).
    const newV = new Float64Array(kk * n);
    for (let c = 0; c < kk; c++) {
      const out = c * n;
      const qc = Q[c]!;
      for (let i = 0; i < size; i++) {
        const f = qc[i]!;
        if (f === 0) continue;
        const off = i * n;
        for (let t = 0; t < n; t++) newV[out + t]! += f * V[off + t]!;
      }
    }
    V.copyWithin(kk * n, size * n, (size + 1) * n);
    V.set(newV, 0);
    // G ← [QᵀHQ; r·Q] in its first kk columns, zeros elsewhere.
    G.fill(0);
    const hq = new Float64Array(size);
    for (let c = 0; c < kk; c++) {
      for (let i = 0; i < size; i++) {
        let s = 0;
        for (let j = 0; j < size; j++) s += H[i * size + j]! * Q[c]![j]!;
        hq[i] = s;
      }
      for (let a = 0; a < kk; a++) {
        let s = 0;
        for (let i = 0; i < size; i++) s += Q[a]![i]! * hq[i]!;
        G[a * m + c] = s;
      }
      let s = 0;
      for (let j = 0; j < size; j++) s += r[j]! * Q[c]![j]!;
      G[kk * m + c] = s;
    }
    k = kk;
  }
  return last!;
}

/** Do not split a conjugate pair between kept and dropped: extend `keep` by one when it would. */
function pairSafe(order: number[], ev: Eigenvalues, keep: number): number {
  if (keep <= 0 || keep >= order.length) return keep;
  const a = order[keep - 1]!;
  const b = order[keep]!;
  return ev.im[a] !== 0 && ev.im[b] === -ev.im[a]! && ev.re[b] === ev.re[a] ? keep + 1 : keep;
}

/** Σ a[from + i]·b[i], i < len (default: all of b). */
function dot(a: Float64Array, b: Float64Array, from = 0, len = b.length): number {
  let s = 0;
  for (let i = 0; i < len; i++) s += a[from + i]! * b[i]!;
  return s;
}
