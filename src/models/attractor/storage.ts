/**
 * Storage rules: weights W (N × N, symmetric, zero diagonal) that make ±1 patterns ξ^μ (rows of `xi`, P × N) stable
 * states of a Hopfield network.
 */
import { z } from 'zod';
import { matVec } from '../../engine/linalg/dense.js';
import { cholesky, choleskySolve } from '../../engine/linalg/ridge.js';
import { gemmTN, gramMatrix } from '../../engine/linalg/gemm.js';

export const storageRuleNames = ['hebbian', 'storkey', 'pseudo-inverse'] as const;
export type StorageRule = (typeof storageRuleNames)[number];
export const storageRuleSchema = z
  .enum(storageRuleNames)
  .default('hebbian')
  .describe(
    'hebbian: W = (1/N) Σ ξξᵀ (Hopfield 1982; capacity α_c ≈ 0.138); storkey: incremental, local, capacity ≈ 0.25 for ' +
      'large N (Storkey 1997); pseudo-inverse: W = (1/N) Ξ C⁻¹ Ξᵀ, any P < N linearly independent patterns, correlated ones too (Personnaz et al. 1986)',
  );

/**
 * Hebbian outer-product rule, Hopfield (1982) eq. 2: w_ij = (1/N) Σ_μ ξ^μ_i ξ^μ_j, w_ii = 0.
 * That is W = ΞᵀΞ/N for the patterns Ξ (P × N): the Gram kernel (src/engine/linalg/gemm.ts), which sums every
 * entry over μ in order, so the result does not depend on the machine or on whether the native kernels ran.
 */
export function storeHebbian(xi: Float64Array, p: number, n: number, w: Float64Array): void {
  if (p === 0) {
    w.fill(0, 0, n * n);
    return;
  }
  gramMatrix(xi, p, n, w);
  for (let k = 0; k < n * n; k++) w[k] = w[k]! / n;
  for (let i = 0; i < n; i++) w[i * n + i] = 0;
}

/**
 * Storkey (1997) rule, one pattern at a time:
 *   w_ij ← w_ij + (1/N)(ξ_i ξ_j − ξ_i h_ji − h_ij ξ_j),   h_ij = Σ_{k≠i,j} w_ik ξ_k   (local field without i, j).
 * With w_ii = 0, h_ij = g_i − w_ij ξ_j where g = Wξ.
 */
export function storeStorkey(xi: Float64Array, p: number, n: number, w: Float64Array, g = new Float64Array(n)): void {
  w.fill(0, 0, n * n);
  const x = new Float64Array(n);
  for (let mu = 0; mu < p; mu++) {
    for (let i = 0; i < n; i++) x[i] = xi[mu * n + i]!;
    matVec(w, n, n, x, g);
    for (let i = 0; i < n; i++) {
      const row = i * n;
      for (let j = i + 1; j < n; j++) {
        const wij = w[row + j]!;
        const hij = g[i]! - wij * x[j]!;
        const hji = g[j]! - wij * x[i]!;
        const dw = (x[i]! * x[j]! - x[i]! * hji - hij * x[j]!) / n;
        w[row + j] = wij + dw;
        w[j * n + i] = wij + dw;
      }
    }
  }
}

/**
 * Pseudo-inverse (projection) rule, Personnaz, Guyon & Dreyfus (1986); Kanter & Sompolinsky (1987):
 *   W = (1/N) Σ_{μν} ξ^μ (C⁻¹)_{μν} ξ^νᵀ,   C_{μν} = (1/N) ξ^μ·ξ^ν,
 * the projector onto the patterns' span, so Wξ^μ = ξ^μ exactly. The diagonal is then removed (Kanter & Sompolinsky),
 * which keeps every pattern stable for P/N < 1: h_i ξ_i = 1 − w_ii with w_ii ≈ P/N. A tiny ridge on C keeps the solve
 * defined when patterns repeat.
 */
export function storePseudoInverse(xi: Float64Array, p: number, n: number, w: Float64Array): void {
  if (p === 0) {
    w.fill(0, 0, n * n);
    return;
  }
  const c = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += xi[a * n + i]! * xi[b * n + i]!;
      c[a * p + b] = s / n;
      c[b * p + a] = s / n;
    }
  }
  for (let a = 0; a < p; a++) c[a * p + a]! += 1e-10;
  if (!cholesky(c, p)) throw new RangeError('pseudo-inverse rule: the patterns are linearly dependent (more patterns than units?)');
  // Y = C⁻¹ Ξ (P × N), column by column.
  const y = new Float64Array(p * n);
  const col = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < p; a++) col[a] = xi[a * n + i]!;
    choleskySolve(c, p, col);
    for (let a = 0; a < p; a++) y[a * n + i] = col[a]!;
  }
  // W = (1/N) Ξᵀ Y (each entry summed over μ in order by the GEMM kernel, which writes all of W); its upper
  // triangle, mirrored.
  gemmTN(xi, y, p, n, n, w);
  symmetriseUpper(w, n, 1 / n);
}

export function storePatterns(rule: StorageRule, xi: Float64Array, p: number, n: number, w: Float64Array): void {
  if (rule === 'hebbian') storeHebbian(xi, p, n, w);
  else if (rule === 'storkey') storeStorkey(xi, p, n, w);
  else storePseudoInverse(xi, p, n, w);
}

/** Scale the upper triangle, copy it to the lower one and zero the diagonal (m_ii = 0, m_ij = m_ji as on the slide). */
function symmetriseUpper(w: Float64Array, n: number, scale: number): void {
  for (let i = 0; i < n; i++) {
    w[i * n + i] = 0;
    for (let j = i + 1; j < n; j++) {
      const v = w[i * n + j]! * scale;
      w[i * n + j] = v;
      w[j * n + i] = v;
    }
  }
}
